/**
 * Logged rows (oldest first) cut into windows: runs of a fixed number of rows, or periods of a
 * fixed length counted from the first row's time. Empty periods are left out.
 */
import type { MonitorWindowing } from './types';

/** [start, end) row ranges. */
export function windowRanges(time: Float64Array, windowing: MonitorWindowing): [number, number][] {
  const rows = time.length;
  const ranges: [number, number][] = [];
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
    // A time earlier than the row before it (a clock set back) stays in the current window.
    if (end === start) end++;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
