/**
 * The first Wasserstein (earth mover's) distance between two samples, equal to scipy 1.17's
 * `scipy.stats.wasserstein_distance(u, v)` without weights: the integral of |U - V| over the
 * merged sorted values (`_cdf_distance(1, ...)` in scipy/stats/_stats_py.py).
 */
import { sortedCopy } from './validate';

/** scipy.stats.wasserstein_distance(u, v). Refuses NaN and infinities. O((n + m) log). */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  // scipy returns NaN for an infinite value (inf - inf in its deltas); refusing says why.
  const a = sortedCopy(u, 'u', true);
  const b = sortedCopy(v, 'v', true);
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  // Neumaier's compensated sum: numpy's dot product has its own summation order, and this
  // stays within an ulp or two of the exact sum, so within numpy's own rounding of it.
  let sum = 0;
  let compensation = 0;
  let value = Math.min(a[0]!, b[0]!);
  for (;;) {
    // The CDFs just right of `value` (searchsorted 'right'), then the gap to the next value.
    while (i < n && a[i]! <= value) i++;
    while (j < m && b[j]! <= value) j++;
    if (i === n && j === m) break;
    const next = Math.min(i < n ? a[i]! : Infinity, j < m ? b[j]! : Infinity);
    const term = Math.abs(i / n - j / m) * (next - value);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    value = next;
  }
  return sum + compensation;
}
