/**
 * Logged rows (oldest first) cut into windows: runs of a fixed number of rows, or periods of a
 * fixed length counted from the first row's time. Empty periods are left out.
 */
import type { MonitorWindowing } from './types';

/** [start, end) row ranges; `batches` holds each logged batch's rows, in order. */
export function windowRanges(
  time: Float64Array,
  windowing: MonitorWindowing,
  batches: readonly number[] = [time.length],
): [number, number][] {
  const rows = time.length;
  const ranges: [number, number][] = [];
  if ('batchRows' in windowing) {
    let start = 0;
    let end = 0;
    for (const size of batches) {
      end += size;
      if (end - start >= windowing.batchRows) {
        ranges.push([start, end]);
        start = end;
      }
    }
    // The newest rows form a window even when short of the size: they are what is watched.
    if (end > start) ranges.push([start, end]);
    return ranges;
  }
  if ('rows' in windowing) {
    for (let start = 0; start < rows; start += windowing.rows) {
      ranges.push([start, Math.min(rows, start + windowing.rows)]);
    }
    return ranges;
  }
  const first = time[0] ?? 0;
  let start = 0;
  while (start < rows) {
    const period = Math.floor(((time[start] ?? first) - first) / windowing.ms);
    const limit = first + (period + 1) * windowing.ms;
    let end = start;
    while (end < rows && (time[end] ?? Infinity) < limit) end++;
    // A time earlier than the row before it (a clock set back) stays in the current period.
    if (end === start) end++;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

const NICE_SIZES = [
  100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
];

/**
 * Whole batches joined into windows of at least a round number of rows: the smallest that makes
 * at most `most` windows (fewer when batches are large).
 */
export function autoWindowing(rows: number, most = 20): { batchRows: number } {
  const size = NICE_SIZES.find((n) => Math.ceil(rows / n) <= most);
  return { batchRows: size ?? Math.ceil(rows / most) };
}
