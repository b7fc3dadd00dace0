/**
 * The drift statistics against scipy 1.17.1 / numpy 2.4.6: every expected number comes from
 * scipy-fixtures.ts, written by make-fixtures.py (the exact calls are in its header).
 * Tolerances are tighter than the task's (KS p 1e-6 relative, the rest 1e-12) where our
 * errors allow, so a regression shows before it matters.
 */
import { describe, expect, it } from 'vitest';
import { sampleValues } from './fixture-types';
import {
  binnedPercents,
  chiSquareHomogeneity,
  chiSquareSurvival,
  jensenShannonDistance,
  kolmogorovSurvival,
  ksTwoSample,
  populationStabilityIndex,
  psiBand,
  wassersteinDistance,
} from './index';
import {
  BINNED_CASES,
  CHDTRC,
  CHI2_CASES,
  JS_CASES,
  KS_CASES,
  KSTWO_SF,
  WASSERSTEIN_CASES,
} from './scipy-fixtures';

/** |actual - expected| <= relative |expected| + absolute. */
function expectClose(actual: number, expected: number, relative: number, absolute = 0): void {
  const error = Math.abs(actual - expected);
  if (!(error <= relative * Math.abs(expected) + absolute)) {
    expect.fail(
      `${actual} is not ${expected} (error ${error}, relative ${error / Math.abs(expected)})`,
    );
  }
}

function expectAllClose(actual: ArrayLike<number>, expected: number[], relative: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i]!, expected[i]!, relative);
}

describe('ksTwoSample = scipy.stats.ks_2samp (two-sided, auto)', () => {
  it.each(KS_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const result = ksTwoSample(sampleValues(c.reference), sampleValues(c.current));
    expect(result.method).toBe(c.method);
    expectClose(result.statistic, c.statistic, 0, 1e-12);
    // p-values: 1e-9 relative; scipy's exact path returns values down to 1e-20 here.
    expectClose(result.pValue, c.pValue, 1e-9, 1e-300);
  });

  it('is symmetric in its samples', () => {
    const c = KS_CASES.find((k) => k.name === '100x80')!;
    const [a, b] = [sampleValues(c.reference), sampleValues(c.current)];
    expect(ksTwoSample(b, a)).toEqual(ksTwoSample(a, b));
  });

  it('refuses NaN and empty samples by name', () => {
    expect(() => ksTwoSample([1, NaN], [2])).toThrow(/reference\[1\] is NaN/);
    expect(() => ksTwoSample([1], [])).toThrow(/current is empty/);
  });
});

describe('kolmogorovSurvival = scipy.stats.kstwo.sf', () => {
  it('matches on a grid crossing every branch of _kolmogn', () => {
    for (const [x, n, sf] of KSTWO_SF) expectClose(kolmogorovSurvival(x, n), sf, 1e-9, 1e-300);
  });
});

describe('chiSquareHomogeneity = scipy.stats.chi2_contingency(correction=False)', () => {
  it.each(CHI2_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const result = chiSquareHomogeneity(c.reference, c.current);
    expect(result.dof).toBe(c.dof);
    expectClose(result.statistic, c.statistic, 1e-12, 1e-300);
    expectClose(result.pValue, c.pValue, 1e-12, 1e-300);
  });

  it('chiSquareSurvival = scipy.special.chdtrc', () => {
    for (const [x, dof, q] of CHDTRC) expectClose(chiSquareSurvival(x, dof), q, 1e-11, 1e-300);
  });

  it('refuses a sample without counts, negative counts and mismatched tables', () => {
    expect(() => chiSquareHomogeneity([0, 0], [1, 2])).toThrow(/reference has no counts/);
    expect(() => chiSquareHomogeneity([1, -1], [1, 2])).toThrow(/reference\[1\] is -1/);
    expect(() => chiSquareHomogeneity([1, 2], [1])).toThrow(/must match/);
    expect(() => chiSquareHomogeneity([1, NaN], [1, 2])).toThrow(/NaN/);
  });
});

describe('wassersteinDistance = scipy.stats.wasserstein_distance', () => {
  it.each(WASSERSTEIN_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expectClose(wassersteinDistance(sampleValues(c.u), sampleValues(c.v)), c.distance, 1e-12);
  });

  it('refuses NaN and infinities', () => {
    expect(() => wassersteinDistance([1, 2], [NaN])).toThrow(/v\[0\] is NaN/);
    expect(() => wassersteinDistance([1, Infinity], [0])).toThrow(/u\[1\] is Infinity/);
  });
});

describe('jensenShannonDistance = scipy.spatial.distance.jensenshannon(base=2)', () => {
  it.each(JS_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expectClose(jensenShannonDistance(c.p, c.q), c.distance, 1e-12, 1e-15);
  });

  it('refuses negative entries and all-zero distributions', () => {
    expect(() => jensenShannonDistance([1, -1], [1, 1])).toThrow(/p\[1\] is -1/);
    expect(() => jensenShannonDistance([1, 1], [0, 0])).toThrow(/q sums to 0/);
  });
});

describe("binnedPercents and PSI = Evidently's get_binned_data and psi", () => {
  it.each(BINNED_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const binned = (fill: boolean) =>
      c.kind === 'numeric'
        ? binnedPercents(
            Float64Array.from(c.reference),
            Float64Array.from(c.current),
            'numeric',
            fill,
          )
        : binnedPercents(
            Int32Array.from(c.reference),
            Int32Array.from(c.current),
            'categorical',
            fill,
          );
    const filled = binned(true);
    const unfilled = binned(false);
    expectAllClose(filled.reference, c.filled.reference, 1e-12);
    expectAllClose(filled.current, c.filled.current, 1e-12);
    expectAllClose(unfilled.reference, c.unfilled.reference, 1e-12);
    expectAllClose(unfilled.current, c.unfilled.current, 1e-12);
    expectClose(populationStabilityIndex(filled.reference, filled.current), c.psi, 1e-12);
    expectClose(
      jensenShannonDistance(unfilled.reference, unfilled.current),
      c.jensenShannon,
      1e-12,
    );
  });

  it('histograms numbers with more than 20 distinct values, bins the rest per value', () => {
    const many = Float64Array.from({ length: 21 }, (_, i) => i);
    expect(binnedPercents(many, many, 'numeric', false).bins.kind).toBe('histogram');
    const few = Float64Array.from({ length: 20 }, (_, i) => i);
    expect(binnedPercents(few, many, 'numeric', false).bins.kind).toBe('values');
  });

  it('refuses missing codes and zero shares in PSI', () => {
    expect(() =>
      binnedPercents(Int32Array.from([0, -1]), Int32Array.from([0]), 'categorical', true),
    ).toThrow(/code -1/);
    expect(() => populationStabilityIndex([0.5, 0.5], [1, 0])).toThrow(/share of 0/);
  });

  it('reads PSI in bands', () => {
    expect([0, 0.099, 0.1, 0.249, 0.25, 3].map(psiBand)).toEqual([
      'none',
      'none',
      'moderate',
      'moderate',
      'major',
      'major',
    ]);
  });
});
