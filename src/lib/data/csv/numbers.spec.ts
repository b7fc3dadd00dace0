import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOT_DECIMAL, parseNumber, scanPlainNumber } from './numbers';

const parse = (text: string, format = DOT_DECIMAL) => parseNumber(text, 0, text.length, format);
const DECIMAL_COMMA = { decimal: 0x2c, thousands: -1 };
const THOUSANDS = { decimal: 0x2e, thousands: 0x2c };

describe('parseNumber', () => {
  it('reads the odd numbers people write', () => {
    expect(parse('12')).toBe(12);
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(parse('.5')).toBe(0.5);
    expect(parse('5.')).toBe(5);
    expect(parse('+4')).toBe(4);
    expect(parse('1e3')).toBe(1000);
    expect(parse('1E-3')).toBe(0.001);
    expect(parse(' 7 ')).toBe(7);
    expect(parse('Infinity')).toBe(Infinity);
    expect(parse('-Infinity')).toBe(-Infinity);
    expect(parse('12345678901234567890')).toBe(Number('12345678901234567890'));
    expect(parse('0.1')).toBe(0.1);
    expect(parse('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
    expect(parse('5e-324')).toBe(5e-324);
  });

  it('refuses what Number() would misread', () => {
    for (const text of [
      '',
      ' ',
      '-',
      '.',
      'e5',
      '0x1F',
      '1_000',
      '1,234',
      '12abc',
      'NaN',
      '1e',
      '--1',
      'inf',
      '1.2.3',
    ]) {
      expect(parse(text), text).toBeUndefined();
    }
  });

  it('reads decimal commas and thousands separators only when asked', () => {
    expect(parse('3,25', DECIMAL_COMMA)).toBe(3.25);
    expect(parse('-0,5', DECIMAL_COMMA)).toBe(-0.5);
    expect(parse('1,234', THOUSANDS)).toBe(1234);
    expect(parse('-1,234,567.5', THOUSANDS)).toBe(-1234567.5);
    expect(parse('+123,456', THOUSANDS)).toBe(123456);
    expect(parse('+1234,567', THOUSANDS)).toBeUndefined();
    expect(parse('12,34', THOUSANDS)).toBeUndefined();
    expect(parse('1234,567', THOUSANDS)).toBeUndefined();
  });

  it('agrees with Number() on every double written by JavaScript', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (value) => {
        const text = String(value);
        expect(Object.is(parse(text), Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 20 }),
        (value, digits) => {
          const text = value.toFixed(Math.min(digits, 20));
          expect(parse(text)).toBe(Number(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('scanPlainNumber', () => {
  const out = new Float64Array(1);
  /** What the scan makes of `text` followed by a delimiter: its value, or null when it declines. */
  const scan = (text: string, after = ',') => {
    const end = scanPlainNumber(text + after, 0, 0x2c, out);
    if (end === -1) return null;
    expect(end).toBe(text.length);
    return out[0];
  };

  it('reads plain numbers and declines the rest', () => {
    expect(scan('12')).toBe(12);
    expect(Object.is(scan('-0'), -0)).toBe(true);
    expect(scan('.5')).toBe(0.5);
    expect(scan('+4.')).toBe(4);
    expect(scan('-12.375', '\r\n')).toBe(-12.375);
    expect(scan('3', '')).toBe(3);
    for (const text of ['', '-', '.', '1e3', ' 7', '7 ', 'NA', 'Infinity', '1_000', '1.2.3']) {
      expect(scan(text)).toBeNull();
    }
    expect(scan('123456789.012345')).toBe(123456789.012345);
    expect(scan('1234567890.123456')).toBeNull(); // 16 significant digits: parseNumber's slow path
    expect(scan('0.' + '0'.repeat(22) + '1')).toBeNull();
  });

  it('gives exactly what parseNumber gives whenever it accepts', () => {
    const tricky = fc.oneof(
      fc.double().map(String),
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .chain((v) => fc.integer({ min: 0, max: 20 }).map((d) => v.toFixed(d))),
      fc.string({
        unit: fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e', ' '),
        maxLength: 24,
      }),
    );
    fc.assert(
      fc.property(tricky, (text) => {
        const value = scan(text);
        if (value !== null) expect(Object.is(value, parse(text))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
