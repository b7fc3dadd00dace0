/**
 * Exact per-column summaries of a whole table: counts, missing cells, min, max, mean, standard
 * deviation, quantiles and a histogram for numbers; category frequencies for dictionaries.
 * Quantiles and histograms follow numpy (2.x) so that its figures can check ours:
 * - `numpy.quantile(a, q)` with the default method 'linear' (Hyndman & Fan type 7): with the n
 *   values sorted, h = (n - 1) q and the quantile is a[floor h] + (h - floor h)(a[floor h + 1] -
 *   a[floor h]) (https://numpy.org/doc/stable/reference/generated/numpy.quantile.html);
 * - `numpy.histogram(a, bins=20)`: equal bins over [min, max], each half-open except the last,
 *   which holds max too; a constant column spans [v - 0.5, v + 0.5]
 *   (https://numpy.org/doc/stable/reference/generated/numpy.histogram.html).
 */
import type { CategoricalColumn, Column, NumericColumn, Table } from '../data/table';
import { Pacer } from '../pace';
import type { CategoricalSummary, ColumnSummary, NumericSummary } from './types';

export const QUANTILE_PROBABILITIES = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1] as const;
export const HISTOGRAM_BINS = 20;
/** Most categories listed per column; the rest are counted in `otherCount`. */
export const MAX_SUMMARY_CATEGORIES = 1000;

/** numpy's 'linear' quantile of ascending, non-empty `sorted`. */
export function quantileSorted(sorted: ArrayLike<number>, probability: number): number {
  const h = (sorted.length - 1) * probability;
  const low = Math.floor(h);
  const a = sorted[low] ?? NaN;
  if (low + 1 >= sorted.length) return a;
  const b = sorted[low + 1] ?? NaN;
  // numpy's _lerp: a + (b - a) * t, or b - (b - a) * (1 - t) when t >= 0.5, for accuracy.
  const t = h - low;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** numpy.histogram(values, bins) of finite, ascending `sorted` (non-empty). */
export function histogramSorted(
  sorted: Float64Array,
  bins = HISTOGRAM_BINS,
): { edges: number[]; counts: number[] } {
  let first = sorted[0] ?? 0;
  let last = sorted[sorted.length - 1] ?? 0;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  // numpy.linspace(first, last, bins + 1): first + i * step, the last edge exactly `last`.
  const step = (last - first) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? last : first + i * step));
  const counts = new Array<number>(bins).fill(0);
  const span = last - first;
  for (const value of sorted) {
    // numpy's computation for equal bins, with its corrections at the edges.
    let index = Math.floor(((value - first) / span) * bins);
    if (index >= bins) index = bins - 1;
    if (value < (edges[index] ?? -Infinity)) index--;
    else if (index !== bins - 1 && value >= (edges[index + 1] ?? Infinity)) index++;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return { edges, counts };
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function summarizeNumeric(column: NumericColumn, rows: number): NumericSummary {
  const present = new Float64Array(rows);
  let count = 0;
  for (let row = 0; row < rows; row++) {
    const value = column.values[row] ?? NaN;
    if (!Number.isNaN(value)) present[count++] = value;
  }
  const sorted = present.subarray(0, count).sort();
  const base = {
    name: column.name,
    kind: column.kind,
    storage: 'number' as const,
    rows,
    count,
    missing: rows - count,
    missingRate: rows === 0 ? 0 : (rows - count) / rows,
  };
  if (count === 0) {
    return {
      ...base,
      min: null,
      max: null,
      mean: null,
      std: null,
      quantiles: null,
      histogram: null,
    };
  }
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = sum / count;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) * (value - mean);
  const min = sorted[0] ?? NaN;
  const max = sorted[count - 1] ?? NaN;
  const quantiles = QUANTILE_PROBABILITIES.map((p) => quantileSorted(sorted, p));
  const finite = Number.isFinite(min) && Number.isFinite(max);
  return {
    ...base,
    min: finiteOrNull(min),
    max: finiteOrNull(max),
    mean: finiteOrNull(mean),
    std: finiteOrNull(Math.sqrt(squares / count)),
    // Summaries travel as JSON (backups): a quantile at infinity is left out, not turned to null.
    quantiles: quantiles.every(Number.isFinite)
      ? { probabilities: [...QUANTILE_PROBABILITIES], values: quantiles }
      : null,
    histogram: finite && Number.isFinite(max - min) ? histogramSorted(sorted) : null,
  };
}

export function summarizeCategorical(column: CategoricalColumn, rows: number): CategoricalSummary {
  const tally = new Float64Array(column.categories.length);
  let count = 0;
  for (let row = 0; row < rows; row++) {
    const code = column.codes[row] ?? -1;
    if (code >= 0 && code < tally.length) {
      tally[code] = (tally[code] ?? 0) + 1;
      count++;
    }
  }
  const seen: number[] = [];
  for (let code = 0; code < tally.length; code++) if ((tally[code] ?? 0) > 0) seen.push(code);
  seen.sort((a, b) => (tally[b] ?? 0) - (tally[a] ?? 0) || a - b);
  const listed = seen.slice(0, MAX_SUMMARY_CATEGORIES);
  const categories = listed.map((code) => ({
    value: column.categories[code] ?? '',
    count: tally[code] ?? 0,
  }));
  const listedCount = categories.reduce((sum, category) => sum + category.count, 0);
  return {
    name: column.name,
    kind: column.kind,
    storage: 'dictionary',
    rows,
    count,
    missing: rows - count,
    missingRate: rows === 0 ? 0 : (rows - count) / rows,
    distinct: seen.length,
    categories,
    otherCount: count - listedCount,
  };
}

export function summarizeColumn(column: Column, rows: number): ColumnSummary {
  return column.storage === 'number'
    ? summarizeNumeric(column, rows)
    : summarizeCategorical(column, rows);
}

/** Summaries of every column over every row, letting other tasks run between columns. */
export async function summarizeTable(table: Table): Promise<ColumnSummary[]> {
  const pacer = new Pacer();
  const summaries: ColumnSummary[] = [];
  for (const column of table.columns) {
    summaries.push(summarizeColumn(column, table.rowCount));
    await pacer.pause();
  }
  return summaries;
}
