/**
 * numpy's `percentile(a, p, method='linear')` (numpy 2.4, lib/_function_base_impl.py:
 * `_quantile`, `_get_indexes`, `_lerp`), step for step so that the doubles agree: q = p / 100,
 * virtual index (n - 1) q, and the two-sided lerp that counts back from the upper neighbour
 * when the weight is >= 0.5.
 */

/** The p-th percentile (0..100) of `sorted`, which must be sorted ascending and non-empty. */
export function percentileLinear(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * (p / 100);
  // numpy takes the last value at or beyond the last index.
  if (virtual >= n - 1) return sorted[n - 1]!;
  if (virtual < 0) return sorted[0]!;
  const previous = Math.floor(virtual);
  const gamma = virtual - previous;
  const low = sorted[previous]!;
  const high = sorted[previous + 1]!;
  const diff = high - low;
  return gamma >= 0.5 ? high - diff * (1 - gamma) : low + diff * gamma;
}
