import { describe, expect, it } from 'vitest';
import { dictionaryKind, inferPlan, parseBoolean, parseIsoDate, planForKind } from './infer';
import { DOT_DECIMAL, DOT_DECIMAL_GROUPED } from './numbers';

describe('inferPlan', () => {
  it('prefers numbers, then thousands-separated numbers, booleans and dates', () => {
    expect(inferPlan(['1', '2.5', '-3e2'], DOT_DECIMAL)).toMatchObject({
      kind: 'numeric',
      thousands: false,
    });
    expect(inferPlan(['1,234', '5'], DOT_DECIMAL)).toMatchObject({
      kind: 'numeric',
      format: DOT_DECIMAL_GROUPED,
      thousands: true,
    });
    expect(inferPlan(['0', '1', '1'], DOT_DECIMAL)).toMatchObject({ kind: 'numeric' });
    expect(inferPlan(['Yes', 'no'], DOT_DECIMAL)).toEqual({ storage: 'number', kind: 'boolean' });
    expect(inferPlan(['2024-02-29', '2024-03-01 12:00'], DOT_DECIMAL)).toEqual({
      storage: 'number',
      kind: 'datetime',
    });
    expect(inferPlan([], DOT_DECIMAL)).toEqual({ storage: 'dictionary' });
  });

  it('does not mix spellings of true and false, nor accept impossible dates', () => {
    expect(inferPlan(['yes', 'false'], DOT_DECIMAL)).toEqual({ storage: 'dictionary' });
    expect(inferPlan(['2023-02-29'], DOT_DECIMAL)).toEqual({ storage: 'dictionary' });
    expect(inferPlan(['2024-13-01'], DOT_DECIMAL)).toEqual({ storage: 'dictionary' });
  });

  it('turns a user choice into a plan', () => {
    expect(planForKind('numeric', DOT_DECIMAL)).toMatchObject({
      storage: 'number',
      kind: 'numeric',
    });
    expect(planForKind('identifier', DOT_DECIMAL)).toEqual({ storage: 'dictionary' });
  });
});

describe('parseBoolean and parseIsoDate', () => {
  it('reads the spellings of true and false, 1 and 0 included', () => {
    expect(['TRUE', ' yes ', 't', 'Y', '1'].map(parseBoolean)).toEqual([1, 1, 1, 1, 1]);
    expect(['false', 'No', 'F', 'n', '0'].map(parseBoolean)).toEqual([0, 0, 0, 0, 0]);
    expect(parseBoolean('maybe')).toBeUndefined();
  });

  it('reads ISO dates as UTC unless they carry an offset', () => {
    expect(parseIsoDate('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseIsoDate('2024-01-02T03:04:05.678')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(parseIsoDate('2024-01-02 03:04+0100')).toBe(Date.UTC(2024, 0, 2, 2, 4));
    expect(parseIsoDate('2024-01-02T03:04:05-05:30')).toBe(Date.UTC(2024, 0, 2, 8, 34, 5));
    expect(parseIsoDate('02/01/2024')).toBeNaN();
  });
});

describe('dictionaryKind', () => {
  it('tells constant, identifier, text and categorical columns apart', () => {
    expect(dictionaryKind({ distinct: 1, present: 50, meanLength: 3 })).toBe('constant');
    expect(dictionaryKind({ distinct: 0, present: 0, meanLength: 0 })).toBe('constant');
    expect(dictionaryKind({ distinct: 50, present: 50, meanLength: 6 })).toBe('identifier');
    expect(dictionaryKind({ distinct: 50, present: 50, meanLength: 60 })).toBe('text');
    expect(dictionaryKind({ distinct: 10, present: 10, meanLength: 6 })).toBe('categorical');
    expect(dictionaryKind({ distinct: 5, present: 50, meanLength: 6 })).toBe('categorical');
  });
});
