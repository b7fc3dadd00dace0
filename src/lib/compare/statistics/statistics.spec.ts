/**
 * McNemar's test and the paired bootstrap against compare-fixtures.ts, written by
 * make-fixtures.py (scipy 1.17.1, numpy 2.4.6, mpmath 1.3.0; the exact calls are in its header).
 */
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_CASES, MCNEMAR_CASES, MULBERRY32_DRAWS } from './compare-fixtures';
import {
  binomialHalfCdf,
  mcnemarFromCounts,
  mcnemarTest,
  mulberry32,
  pairedBootstrap,
} from './index';

/** Relative error, or the absolute error where the expected value is 0. */
function relativeError(actual: number, expected: number): number {
  const error = Math.abs(actual - expected);
  return expected === 0 ? error : error / Math.abs(expected);
}

function expectClose(actual: number, expected: number, relative: number): void {
  // Below the normal range (p < 2.2e-308) a relative error says nothing; compare absolutely.
  const error = Math.abs(actual - expected);
  if (!(error <= relative * Math.abs(expected) || error <= 1e-307)) {
    expect.fail(`${actual} is not ${expected} (relative error ${relativeError(actual, expected)})`);
  }
}

/** Rows with b (right, wrong) and c (wrong, right) pairs, among agreeing rows of both kinds. */
function outcomes(b: number, c: number, agree: number): [(0 | 1)[], (0 | 1)[]] {
  const champion: (0 | 1)[] = [];
  const challenger: (0 | 1)[] = [];
  const push = (x: 0 | 1, y: 0 | 1, count: number): void => {
    for (let i = 0; i < count; i++) {
      champion.push(x);
      challenger.push(y);
    }
  };
  push(1, 1, agree);
  push(1, 0, b);
  push(0, 0, agree);
  push(0, 1, c);
  return [champion, challenger];
}

const exactCases = MCNEMAR_CASES.filter((c) => c.exact);
const asymptoticCases = MCNEMAR_CASES.filter((c) => !c.exact);
const caseName = (c: { b: number; c: number }): string => `b = ${c.b}, c = ${c.c}`;

describe('mcnemarTest exact = scipy.stats.binomtest(min(b, c), b + c, 0.5)', () => {
  it.each(exactCases.map((c) => [caseName(c), c] as const))('%s', (_, c) => {
    const options = c.option === undefined ? {} : { exact: c.option };
    const result =
      c.b + c.c <= 20_000
        ? mcnemarTest(...outcomes(c.b, c.c, 3), options)
        : mcnemarFromCounts(c.b, c.c, options);
    expect(result.exact).toBe(true);
    expect([result.b, result.c, result.statistic]).toEqual([c.b, c.c, c.statistic]);
    // Against mpmath at 60 digits: largest error 4.8e-14, at b + c = 10^6 and p = 5.5e-89.
    expectClose(result.pValue, c.truth!, 1e-13);
    // Against scipy: 1e-12, plus scipy's own error where it is larger (1.7e-12 for
    // b = 490000, c = 510000, whose p scipy's binom.cdf/sf get from the incomplete beta).
    const scipyError = relativeError(c.pValue, c.truth!);
    expectClose(result.pValue, c.pValue, 1e-12 + scipyError);
  });

  it('counts the rows: n is all rows, agreeing ones included', () => {
    const result = mcnemarTest(...outcomes(3, 7, 5));
    expect(result).toMatchObject({ b: 3, c: 7, n: 20, exact: true, statistic: 3 });
  });

  it('takes booleans as well as 0 and 1', () => {
    const result = mcnemarTest([true, true, false, 1], [false, true, true, 0]);
    expect(result).toMatchObject({ b: 2, c: 1, n: 4 });
  });

  it('one million rows (b + c = 10^6) through the arrays, in well under a second', () => {
    const [champion, challenger] = outcomes(499_000, 501_000, 0);
    const start = performance.now();
    const result = mcnemarTest(champion, challenger, { exact: true });
    const elapsed = performance.now() - start;
    const expected = MCNEMAR_CASES.find((c) => c.b === 499_000 && c.exact)!;
    expectClose(result.pValue, expected.truth!, 1e-13);
    expect(result.n).toBe(1_000_000);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('mcnemarTest asymptotic = scipy.stats.chi2.sf((|b - c| - 1)^2 / (b + c), 1)', () => {
  it.each(asymptoticCases.map((c) => [caseName(c), c] as const))('%s', (_, c) => {
    const options = c.option === undefined ? {} : { exact: c.option };
    const result = mcnemarFromCounts(c.b, c.c, options);
    expect(result.exact).toBe(false);
    expectClose(result.statistic, c.statistic, 1e-15);
    expectClose(result.pValue, c.pValue, 1e-12);
  });

  it('switches to chi-square at b + c = 25', () => {
    expect(mcnemarFromCounts(10, 14).exact).toBe(true);
    expect(mcnemarFromCounts(10, 15).exact).toBe(false);
  });
});

describe('mcnemarTest without discordant rows', () => {
  it.each([true, false, undefined])('statistic 0, p 1 (exact: %s)', (exact) => {
    const result = mcnemarTest([1, 0, 1, 1], [1, 0, 1, 1], { exact });
    expect(result).toEqual({ b: 0, c: 0, n: 4, statistic: 0, pValue: 1, exact: exact ?? true });
  });
});

describe('binomialHalfCdf', () => {
  it('is the symmetric point 1/2 plus half the middle term', () => {
    // Pr(X <= 2) for n = 4 is (1 + 4 + 6) / 16.
    expect(binomialHalfCdf(2, 4)).toBe(11 / 16);
    expect(binomialHalfCdf(0, 1074)).toBe(2 ** -1074);
    expect(binomialHalfCdf(5, 5)).toBe(1);
  });
});

describe('pairedBootstrap = make-fixtures.py paired_bootstrap', () => {
  it.each(BOOTSTRAP_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const result = pairedBootstrap(c.champion, c.challenger, c);
    // The same doubles in the same order: bit-equal so far; 1e-12 is the contract.
    expectClose(result.difference, c.difference, 1e-12);
    expectClose(result.interval[0], c.interval[0], 1e-12);
    expectClose(result.interval[1], c.interval[1], 1e-12);
    expect(result.pValue).toBe(c.pValue);
    expect(result.resamples).toBe(c.resamples);
  });

  it('identical models: difference 0, p 1', () => {
    const c = BOOTSTRAP_CASES.find((x) => x.name.includes('identical'))!;
    expect(pairedBootstrap(c.champion, c.challenger, c)).toEqual({
      difference: 0,
      interval: [0, 0],
      pValue: 1,
      resamples: c.resamples,
    });
  });

  it('a clearly better challenger: every resample below 0, p 0', () => {
    const c = BOOTSTRAP_CASES.find((x) => x.name.includes('clearly better'))!;
    const result = pairedBootstrap(c.champion, c.challenger, c);
    expect(result.pValue).toBe(0);
    expect(result.interval[1]).toBeLessThan(0);
  });

  it('defaults: 2000 resamples, seed 0, level 0.95', () => {
    const c = BOOTSTRAP_CASES.find((x) => x.name.includes('defaults'))!;
    expect([c.resamples, c.seed, c.level]).toEqual([2000, 0, 0.95]);
    const result = pairedBootstrap(c.champion, c.challenger, { metric: c.metric });
    expect(result.interval).toEqual(c.interval);
  });
});

describe('mulberry32 = make-fixtures.py mulberry32', () => {
  it.each(MULBERRY32_DRAWS.map((c) => [c.seed, c] as const))('seed %d', (_, c) => {
    const draw = mulberry32(c.seed);
    expect(c.first.map(() => draw())).toEqual(c.first);
  });
});

describe('argument errors', () => {
  it('mcnemarTest names the bad argument', () => {
    expect(() => mcnemarTest([1, 0], [1])).toThrow(/championCorrect has 2 rows/);
    expect(() => mcnemarTest([], [])).toThrow(/championCorrect is empty/);
    expect(() => mcnemarTest([1, 2 as 1], [1, 1])).toThrow(/championCorrect\[1\] is 2/);
    expect(() => mcnemarTest([1], [null as unknown as 1])).toThrow(/challengerCorrect\[0\]/);
    expect(() => mcnemarTest([1], [1], { exact: 'yes' as unknown as boolean })).toThrow(
      /options.exact/,
    );
    expect(() => mcnemarFromCounts(-1, 3)).toThrow(/b is -1/);
    expect(() => mcnemarFromCounts(2, 1.5)).toThrow(/c is 1.5/);
  });

  it('pairedBootstrap names the bad argument', () => {
    const ok = [1, 2, 3];
    const bad =
      (options: object, a = ok, z = ok) =>
      () =>
        pairedBootstrap(a, z, { metric: 'mae', ...options });
    expect(bad({}, ok, [1, 2])).toThrow(/champion has 3 rows and challenger 2/);
    expect(bad({}, [], [])).toThrow(/champion is empty/);
    expect(bad({}, ok, [1, NaN, 3])).toThrow(/challenger\[1\] is NaN/);
    expect(bad({}, [1, Infinity, 3])).toThrow(/champion\[1\] is Infinity/);
    expect(bad({}, [1, -2, 3])).toThrow(/champion\[1\] is -2; 'mae' takes per-row absolute/);
    expect(bad({ metric: 'rmse' }, [1, -2, 3])).toThrow(/'rmse' takes per-row squared/);
    expect(bad({ metric: 'r2' })).toThrow(/metric is r2/);
    expect(bad({ resamples: 0 })).toThrow(/resamples is 0/);
    expect(bad({ resamples: 2.5 })).toThrow(/resamples is 2.5/);
    expect(bad({ seed: -1 })).toThrow(/seed is -1/);
    expect(bad({ seed: 2 ** 32 })).toThrow(/seed is 4294967296/);
    expect(bad({ level: 1 })).toThrow(/level is 1/);
    expect(bad({ level: NaN })).toThrow(/level is NaN/);
    expect(bad({ resamples: 0 })).toThrow(RangeError);
    // Signed losses are fine for 'mean'.
    expect(() => pairedBootstrap([-1, 2], [1, -2], { metric: 'mean' })).not.toThrow();
  });
});
