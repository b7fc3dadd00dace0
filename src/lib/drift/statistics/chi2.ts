/**
 * Pearson's chi-square test of homogeneity on a 2 x k table of counts, equal to scipy 1.17's
 * `scipy.stats.chi2_contingency([reference, current], correction=False)`
 * (scipy/stats/contingency.py, then power_divergence with lambda_ = 1 in _stats_py.py).
 */
import { gammaQ } from './incomplete-gamma';
import { checkValues } from './validate';

export interface Chi2Result {
  statistic: number;
  pValue: number;
  /** k - 1, with k the categories left after dropping empty ones. */
  dof: number;
}

/**
 * `reference[i]` and `current[i]` are the counts of category i in each sample.
 * Categories that neither sample holds are dropped first: scipy raises ("The internally
 * computed table of expected frequencies has a zero element") on such a column, and a
 * category neither sample saw says nothing about drift. With one category left, as scipy's
 * dof = 0 case: statistic 0, p-value 1. A sample with no counts at all is refused, as scipy
 * refuses it (its whole row of expected frequencies is 0).
 */
export function chiSquareHomogeneity(
  reference: readonly number[],
  current: readonly number[],
): Chi2Result {
  if (reference.length !== current.length) {
    throw new RangeError(
      `reference has ${reference.length} categories and current ${current.length}; they must match.`,
    );
  }
  checkCounts(reference, 'reference');
  checkCounts(current, 'current');
  const ref: number[] = [];
  const cur: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i]! + current[i]! === 0) continue;
    ref.push(reference[i]!);
    cur.push(current[i]!);
  }
  const refTotal = sum(ref);
  const curTotal = sum(cur);
  if (refTotal === 0) throw new RangeError('reference has no counts; the test needs some.');
  if (curTotal === 0) throw new RangeError('current has no counts; the test needs some.');
  const dof = ref.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  const total = refTotal + curTotal;
  // numpy sums the 2k terms of the flattened table, row by row.
  let statistic = 0;
  for (const [row, rowTotal] of [
    [ref, refTotal],
    [cur, curTotal],
  ] as const) {
    for (let i = 0; i < row.length; i++) {
      // scipy's expected_freq: (row sum * column sum) / table sum, in that order.
      const expected = (rowTotal * (ref[i]! + cur[i]!)) / total;
      statistic += (row[i]! - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof };
}

/** Pr(X >= x) for X ~ chi-square with `dof` degrees of freedom: scipy.special.chdtrc. */
export function chiSquareSurvival(x: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`dof is ${dof}; it must be > 0.`);
  if (Number.isNaN(x)) throw new RangeError('x is NaN.');
  // cephes chdtrc: x < 0 gives 1.
  if (x < 0) return 1;
  return gammaQ(dof / 2, x / 2);
}

function checkCounts(counts: readonly number[], name: string): void {
  checkValues(counts, name, true);
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! < 0) throw new RangeError(`${name}[${i}] is ${counts[i]}; counts are >= 0.`);
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
