import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate, parseIsoDate, parseIsoDateIn, utcDays } from './dates';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

describe('parseIsoDate', () => {
  it('checks month lengths, with leap years by the Gregorian rules', () => {
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDate('2023-02-29')).toBeNaN();
    expect(parseIsoDate('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoDate('1900-02-29')).toBeNaN();
    expect(parseIsoDate('2100-02-29T00:00Z')).toBeNaN();
    expect(parseIsoDate('2024-04-31')).toBeNaN();
    expect(parseIsoDate('2024-12-31T23:59:59Z')).toBe(Date.UTC(2024, 11, 31, 23, 59, 59));
    expect(parseIsoDate('2024-00-10')).toBeNaN();
    expect(parseIsoDate('2024-13-10')).toBeNaN();
    expect(parseIsoDate('2024-01-00')).toBeNaN();
  });

  it('reads offsets with and without a colon, and Z', () => {
    expect(parseIsoDate('2024-01-02T03:04+01:00')).toBe(Date.UTC(2024, 0, 2, 2, 4));
    expect(parseIsoDate('2024-01-02T03:04-0530')).toBe(Date.UTC(2024, 0, 2, 8, 34));
    expect(parseIsoDate('2024-01-02T03:04:05Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseIsoDate('2024-03-01T00:30+01:00')).toBe(Date.UTC(2024, 1, 29, 23, 30));
    expect(parseIsoDate('2024-01-02T03:04+24:00')).toBeNaN();
    expect(parseIsoDate('2024-01-02T03:04+01:60')).toBeNaN();
  });

  it('keeps the first three digits of fractional seconds', () => {
    expect(parseIsoDate('2024-01-02T03:04:05.6Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 600));
    expect(parseIsoDate('2024-01-02T03:04:05.67')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 670));
    expect(parseIsoDate('2024-01-02T03:04:05.123999999+02:00')).toBe(
      Date.UTC(2024, 0, 2, 1, 4, 5, 123),
    );
    expect(parseIsoDate('2024-01-02T03:04:05.1234567890')).toBeNaN();
    expect(parseIsoDate('2024-01-02T03:04:05.')).toBeNaN();
  });

  it('treats times out of range as Date.parse does', () => {
    expect(parseIsoDate('2024-01-02T24:00:00Z')).toBe(Date.UTC(2024, 0, 3));
    expect(parseIsoDate('2024-01-02T24:01Z')).toBeNaN();
    expect(parseIsoDate('2024-01-02T23:60Z')).toBeNaN();
    expect(parseIsoDate('2024-01-02T23:59:60Z')).toBeNaN();
  });

  it('trims spaces and maps years before 100 as Date.UTC does for plain dates', () => {
    expect(parseIsoDate(' 2024-01-02\t')).toBe(Date.UTC(2024, 0, 2));
    expect(parseIsoDate('\u00a02024-01-02T03:04 ')).toBe(Date.UTC(2024, 0, 2, 3, 4));
    expect(parseIsoDate('0050-01-01')).toBe(Date.UTC(50, 0, 1));
    expect(parseIsoDate('0050-01-01T00:00Z')).toBe(Date.parse('0050-01-01T00:00Z'));
  });

  it('rejects other shapes', () => {
    for (const text of ['2024-1-02', '2024/01/02', '2024-01-02t03:04', '2024-01-02T03', '']) {
      expect(parseIsoDate(text)).toBeNaN();
    }
    expect(isIsoDate(' 2024-01-02')).toBe(false);
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-01-02 03:04')).toBe(true);
  });

  it('reads a range of a longer text without looking past its end', () => {
    const text = '1,2024-01-02T03:04:05,2024-01-02T03:04:';
    expect(parseIsoDateIn(text, 2, 21)).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseIsoDateIn(text, 2, 18)).toBe(Date.UTC(2024, 0, 2, 3, 4));
    expect(parseIsoDateIn(text, 22, 38)).toBe(Date.UTC(2024, 0, 2, 3, 4));
    expect(parseIsoDateIn(text, 22, 39)).toBeNaN();
    expect(parseIsoDateIn('2024-01-0212', 0, 10)).toBe(Date.UTC(2024, 0, 2));
  });
});

describe('utcDays', () => {
  it('counts days as Date.UTC does, from the year 100 on', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0100-01-01Z'),
          max: new Date('9999-12-31Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
          expect(utcDays(y, m, day) * 86_400_000).toBe(Date.UTC(y, m - 1, day));
        },
      ),
      { numRuns: 5000 },
    );
    expect(utcDays(1970, 1, 1)).toBe(0);
    expect(utcDays(2000, 2, 29)).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
  });

  it('makes the fast path read times as Date.parse does', () => {
    const time = fc.record({
      date: fc.date({
        min: new Date('0100-01-01Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      }),
      separator: fc.constantFrom('T', ' '),
      seconds: fc.constantFrom('none', 'whole', 'fraction'),
      offset: fc.oneof(
        fc.constant(''),
        fc.constant('Z'),
        fc.tuple(fc.constantFrom('+', '-'), fc.nat(23), fc.nat(59), fc.boolean()),
      ),
    });
    fc.assert(
      fc.property(time, ({ date, separator, seconds, offset }) => {
        const iso = date.toISOString();
        let text = iso.slice(0, 10) + separator + iso.slice(11, 16);
        if (seconds !== 'none') text += iso.slice(16, seconds === 'whole' ? 19 : 23);
        let suffix: string = typeof offset === 'string' ? offset : '';
        if (typeof offset !== 'string') {
          const [sign, hours, minutes, colon] = offset;
          suffix = `${sign}${pad(hours)}${colon ? ':' : ''}${pad(minutes)}`;
        }
        const expected = Date.parse(
          `${text.replace(' ', 'T')}${suffix.replace(/(\d\d)(\d\d)$/, '$1:$2') || 'Z'}`,
        );
        expect(parseIsoDate(text + suffix)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
