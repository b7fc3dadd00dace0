/**
 * The binning Evidently uses before PSI and Jensen-Shannon: legacy
 * `evidently/calculations/stattests/utils.py::get_binned_data`. Evidently cannot be installed
 * here, so this follows its published behaviour as described in the task (and its numpy calls,
 * read in numpy 2.x `lib/_histograms_impl.py` and `_core/function_base.py`):
 *  - numeric with more than 20 distinct reference values: edges
 *    `np.histogram_bin_edges(concat(reference, current), bins='sturges')`, then
 *    `np.histogram(x, edges)[0] / len(x)` per sample (the last bin closed on the right);
 *  - otherwise one bin per distinct value of either sample, count / len;
 *  - with `fillZeroes` (PSI yes, Jensen-Shannon no), each side's zero shares become
 *    min(nonzero) / 1e6 when min(nonzero) <= 1e-4, else 1e-4.
 * Evidently orders the distinct values as a Python set does; they are ascending here (the
 * statistics do not depend on the order).
 */
import { sortedCopy } from './validate';

/** More distinct reference values than this make a numeric column histogrammed. */
export const DISTINCT_VALUE_LIMIT = 20;

export interface BinnedPercents {
  /** Share of each sample in each bin; each sums to 1 before zeroes are filled. */
  reference: Float64Array;
  current: Float64Array;
  /** Histogram edges (bins + 1 of them), or the value (or code) each bin stands for. */
  bins: { kind: 'histogram'; edges: Float64Array } | { kind: 'values'; values: Float64Array };
}

/**
 * Numbers come as Float64Array (NaN refused: drop missing values first). Categories come as
 * Int32Array codes into one dictionary shared by both samples (map current's categories
 * onto reference's first), with the -1 of missing cells already removed.
 */
export function binnedPercents(
  reference: Float64Array,
  current: Float64Array,
  kind: 'numeric',
  fillZeroes: boolean,
): BinnedPercents;
export function binnedPercents(
  reference: Int32Array,
  current: Int32Array,
  kind: 'categorical',
  fillZeroes: boolean,
): BinnedPercents;
export function binnedPercents(
  reference: Float64Array | Int32Array,
  current: Float64Array | Int32Array,
  kind: 'numeric' | 'categorical',
  fillZeroes: boolean,
): BinnedPercents {
  const finite = kind === 'numeric';
  const ref = sortedCopy(reference, 'reference', finite);
  const cur = sortedCopy(current, 'current', finite);
  if (kind === 'categorical') {
    refuseMissingCodes(ref, 'reference');
    refuseMissingCodes(cur, 'current');
  }
  const binned =
    kind === 'numeric' && hasMoreDistinct(ref, DISTINCT_VALUE_LIMIT)
      ? histogram(ref, cur)
      : perValue(ref, cur);
  if (fillZeroes) {
    fillZeroShares(binned.reference);
    fillZeroShares(binned.current);
  }
  return binned;
}

/** The smallest code comes first once sorted: a -1 there is a missing cell left in. */
function refuseMissingCodes(sorted: Float64Array, name: string): void {
  const first = sorted[0]!;
  if (first < 0)
    throw new RangeError(`${name} holds the code ${first}; remove missing cells first.`);
}

/** numpy.histogram_bin_edges(concat, bins='sturges'): ceil(log2(n) + 1) equal bins. */
export function sturgesEdges(ref: Float64Array, cur: Float64Array): Float64Array {
  let first = Math.min(ref[0]!, cur[0]!);
  let last = Math.max(ref[ref.length - 1]!, cur[cur.length - 1]!);
  const size = ref.length + cur.length;
  // numpy's _hist_bin_sturges: width = ptp / (log2(n) + 1); then ceil(ptp / width) bins.
  const ptp = last - first;
  const width = ptp / (Math.log2(size) + 1.0);
  const bins = width ? Math.ceil(ptp / width) : 1;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  // np.linspace(first, last, bins + 1): i * step + first, and the last edge exactly `last`.
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

function histogram(ref: Float64Array, cur: Float64Array): BinnedPercents {
  const edges = sturgesEdges(ref, cur);
  return {
    reference: shares(ref, edges),
    current: shares(cur, edges),
    bins: { kind: 'histogram', edges },
  };
}

/** np.histogram(sorted, edges)[0] / n: counts by searchsorted, left side but the last edge. */
function shares(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const out = new Float64Array(bins);
  let below = 0; // values < edges[b]
  for (let b = 0; b < bins; b++) {
    let upTo = below;
    if (b === bins - 1) upTo = upperBound(sorted, edges[bins]!);
    else while (upTo < sorted.length && sorted[upTo]! < edges[b + 1]!) upTo++;
    out[b] = (upTo - below) / sorted.length;
    below = upTo;
  }
  return out;
}

function upperBound(sorted: Float64Array, value: number): number {
  let i = sorted.length;
  while (i > 0 && sorted[i - 1]! > value) i--;
  return i;
}

function perValue(ref: Float64Array, cur: Float64Array): BinnedPercents {
  const values = distinctOfBoth(ref, cur);
  const count = (sorted: Float64Array): Float64Array => {
    const out = new Float64Array(values.length);
    let k = 0;
    for (const value of sorted) {
      while (values[k] !== value) k++; // both ascending; -0 === 0 as in a Python set
      out[k]! += 1;
    }
    return out.map((c) => c / sorted.length);
  };
  return { reference: count(ref), current: count(cur), bins: { kind: 'values', values } };
}

/** Whether a sorted sample holds more than `limit` distinct values (-0 and 0 are one). */
function hasMoreDistinct(sorted: Float64Array, limit: number): boolean {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    if (distinct > limit) return true;
  }
  return false;
}

/**
 * The distinct values of two sorted samples, ascending, merged without sorting both again:
 * what the distinct values of their sorted concatenation are, down to the bits (where -0 and 0
 * meet, the first in sort order, -0, stands for both).
 */
function distinctOfBoth(a: Float64Array, b: Float64Array): Float64Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let value: number;
    if (j === b.length) value = a[i]!;
    else if (i === a.length) value = b[j]!;
    else if (a[i]! < b[j]!) value = a[i]!;
    else if (b[j]! < a[i]!) value = b[j]!;
    else value = Object.is(a[i], -0) ? a[i]! : b[j]!;
    out.push(value);
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
  }
  return Float64Array.from(out);
}

/** Evidently's np.place: zeroes become min(nonzero) / 1e6 if min(nonzero) <= 1e-4, else 1e-4. */
function fillZeroShares(shares: Float64Array): void {
  let min = Infinity;
  for (const share of shares) if (share !== 0 && share < min) min = share;
  const fill = min <= 0.0001 ? min / 10 ** 6 : 0.0001;
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = fill;
}
