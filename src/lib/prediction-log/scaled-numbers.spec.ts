import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledColumn, unscaledValues } from './scaled-numbers';

const roundTrip = (values: number[], floatBytes = 8) => {
  const column = scaledColumn('x', 'numeric', Float64Array.from(values), () => floatBytes);
  return column ? { column, back: Array.from(unscaledValues(column)) } : null;
};

describe('numbers stored as scaled integers', () => {
  it('keeps readings with few decimals, dates at midnight and missing values exactly, in 2 bytes', () => {
    const cases: [number[], number, number][] = [
      [[10.9, -3.2, 0, NaN, 1013.2], 1, 10],
      [[Date.UTC(2012, 0, 1), Date.UTC(2015, 11, 31), NaN], 86_400_000, 1],
      [[0, 1, 1, 0], 1, 1],
      [[0.25, 12.75, -0.05], 1, 100],
    ];
    for (const [values, multiplier, divisor] of cases) {
      const result = roundTrip(values);
      expect(result?.column).toMatchObject({ multiplier, divisor });
      expect(result?.column.values).toBeInstanceOf(Int16Array);
      expect(result?.back).toEqual(values);
    }
  });

  it('uses 4-byte codes only where floats would take 8, keeps -0, and keeps many digits as floats', () => {
    expect(roundTrip([123_456.7, 1.5])?.column.values).toBeInstanceOf(Int32Array);
    expect(roundTrip([123_456.7, 1.5], 4)).toBeNull();
    expect(roundTrip([-0, 1, -0.5])?.back.map((x) => Object.is(x, -0))).toEqual([
      true,
      false,
      false,
    ]);
    expect(roundTrip([-1e-9])).toBeNull();
    expect(roundTrip([1 / 3])).toBeNull();
    expect(roundTrip([1e300])).toBeNull();
  });

  it('gives back every value bit for bit, or declines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double(),
            fc.integer({ min: -40_000, max: 40_000 }).map((n) => n / 10),
          ),
          {
            maxLength: 50,
          },
        ),
        (values) => {
          const result = roundTrip(values);
          if (result)
            expect(result.back.map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(
              values.map((x) => (Object.is(x, -0) ? '-0' : x)),
            );
        },
      ),
    );
  });
});
