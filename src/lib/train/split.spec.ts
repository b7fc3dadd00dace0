import { describe, expect, it } from 'vitest';
import { splitRows } from './split';

describe('splitRows', () => {
  const strata = Int32Array.from({ length: 150 }, (_, row) => Math.floor(row / 50));

  it('keeps each class share in train, validation and test', () => {
    const split = splitRows({
      rowCount: 150,
      seed: 1,
      testFraction: 0.2,
      validationFraction: 0.1,
      strata,
    });
    expect(split.test).toHaveLength(30);
    expect(split.validation).toHaveLength(12);
    expect(split.train).toHaveLength(108);
    for (const part of [split.train, split.validation, split.test]) {
      const counts = [0, 0, 0];
      for (const row of part) counts[strata[row] ?? 0]! += 1;
      expect(new Set(counts).size).toBe(1);
    }
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const options = { rowCount: 150, testFraction: 0.2, validationFraction: 0.1, strata };
    expect(splitRows({ ...options, seed: 5 })).toEqual(splitRows({ ...options, seed: 5 }));
    expect(splitRows({ ...options, seed: 5 }).test).not.toEqual(
      splitRows({ ...options, seed: 6 }).test,
    );
  });

  it('refuses too few rows with a clear code', () => {
    expect(() =>
      splitRows({ rowCount: 2, seed: 1, testFraction: 0.2, validationFraction: 0.1 }),
    ).toThrow(expect.objectContaining({ code: 'too_few_rows' }));
  });
});

describe('splitRows on large tables', () => {
  it('splits 300,000 rows without overflowing the stack', () => {
    const split = splitRows({
      rowCount: 300_000,
      seed: 1,
      testFraction: 0.2,
      validationFraction: 0.1,
    });
    expect(split.test).toHaveLength(60_000);
    expect(split.train.length + split.validation.length).toBe(240_000);
  });
});
