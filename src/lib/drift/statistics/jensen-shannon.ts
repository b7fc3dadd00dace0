/**
 * The Jensen-Shannon distance between two discrete distributions, equal to scipy 1.17's
 * `scipy.spatial.distance.jensenshannon(p, q, base)` (scipy/spatial/distance.py): p and q are
 * normalized to sum to 1, then sqrt((KL(p || m) + KL(q || m)) / 2) with m = (p + q) / 2.
 */
import { checkWeights } from './validate';

/** scipy.spatial.distance.jensenshannon(p, q, base); base 2 puts it in [0, 1]. */
export function jensenShannonDistance(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  base = 2,
): number {
  if (p.length !== q.length) {
    throw new RangeError(`p has ${p.length} entries and q ${q.length}; they must match.`);
  }
  // Negative entries make scipy's rel_entr infinite and the result NaN; refused here.
  checkWeights(p, 'p');
  checkWeights(q, 'q');
  if (!(base > 0) || base === 1) throw new RangeError(`base is ${base}; it must be > 0 and not 1.`);
  const pSum = sum(p);
  const qSum = sum(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pSum;
    const qi = q[i]! / qSum;
    const mi = (pi + qi) / 2.0;
    left += relativeEntropy(pi, mi);
    right += relativeEntropy(qi, mi);
  }
  const js = (left + right) / Math.log(base);
  // When p and q almost agree, rounding can leave the sum a hair below 0, where scipy's
  // sqrt returns NaN; a distance of 0 is what that means.
  return Math.sqrt(Math.max(0, js / 2.0));
}

/** scipy.special.rel_entr(x, y) for x >= 0, y > 0 (m > 0 wherever x > 0 here). */
function relativeEntropy(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
