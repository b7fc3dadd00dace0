/**
 * The two-sample Kolmogorov-Smirnov test, two-sided, equal to scipy 1.17's
 * `scipy.stats.ks_2samp(reference, current)` (method 'auto'; scipy/stats/_stats_py.py).
 */
import { attemptExact } from './ks-exact';
import { kolmogorovSurvival } from './kolmogorov-n';
import { sortedCopy } from './validate';

/** scipy's MAX_AUTO_N: 'auto' is exact while both samples have at most this many values. */
export const MAX_AUTO_N = 10000;

export interface KsResult {
  /** sup |F_reference - F_current|; on the exact path, rounded onto h / lcm(n1, n2) as scipy. */
  statistic: number;
  pValue: number;
  /** 'asymp' also when the exact recursion failed (scipy warns "Switching to method=asymp"). */
  method: 'exact' | 'asymp';
}

/** scipy.stats.ks_2samp(reference, current): two-sided, method 'auto'. Refuses NaN. */
export function ksTwoSample(reference: ArrayLike<number>, current: ArrayLike<number>): KsResult {
  const a = sortedCopy(reference, 'reference');
  const b = sortedCopy(current, 'current');
  const n1 = a.length;
  const n2 = b.length;
  const d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= MAX_AUTO_N) {
    const exact = attemptExact(n1, n2, d);
    if (exact.success) return { statistic: exact.statistic, pValue: exact.pValue, method: 'exact' };
    // scipy returns the rounded statistic with the asymptotic p-value in this case.
    return {
      statistic: exact.statistic,
      pValue: asymptotic(n1, n2, exact.statistic),
      method: 'asymp',
    };
  }
  return { statistic: d, pValue: asymptotic(n1, n2, d), method: 'asymp' };
}

/**
 * max over every sample value v of |i/n1 - j/n2|, with i, j the counts <= v (searchsorted
 * 'right', so ties move together). Each difference is the same two divisions and one
 * subtraction numpy makes, so the statistic is scipy's double exactly. O(n1 + n2).
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let max = 0;
  let min = 0;
  while (i < n1 || j < n2) {
    const va = i < n1 ? a[i]! : Infinity;
    const vb = j < n2 ? b[j]! : Infinity;
    const v = va <= vb ? va : vb;
    // Infinity as a sample value: take all of both, not stall.
    if (v === Infinity) {
      i = n1;
      j = n2;
    }
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > max) max = diff;
    if (diff < min) min = diff;
  }
  // scipy: minS = clip(-min, 0, 1); d = minS if minS > maxS else maxS.
  const minS = -min;
  return minS > max ? minS : max;
}

/** Smirnov's asymptotics as scipy has them: kstwo.sf(d, round(n1 n2 / (n1 + n2))). */
function asymptotic(n1: number, n2: number, d: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return Math.min(1, Math.max(0, kolmogorovSurvival(d, roundHalfEven(en))));
}

/** np.round: halves go to the even neighbour (n1 = n2 odd gives en = k + 0.5 exactly). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
