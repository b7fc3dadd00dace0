/**
 * Text for the shared report: every string from the data passes through `esc` before it is
 * written into HTML or SVG, and numbers are formatted without the locale of the machine, so the
 * same report gives the same file anywhere.
 */
import type { MonitorWindowing } from '../types';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or attribute value as HTML: the five special characters as entities. */
export function esc(value: string): string {
  // Control characters other than tab and newlines are not allowed in HTML text; a name read
  // from a CSV can hold them, so they are shown as the replacement character.
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
  return clean.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** At most `max` characters, with an ellipsis when cut (the full text goes in a title). */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/** The first letter upper-case, for a label that starts a heading: "accuracy" as "Accuracy". */
export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A count with thousands separators, the same in every locale. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** A share as a percent with one decimal unless whole: 25%, 12.5%. */
export function percent(share: number): string {
  const value = share * 100;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** A statistic or p-value: three significant digits, or an exponent below 0.001. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  if (Math.abs(value) < 0.001) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** A time in ms since 1970 as ISO 8601 (UTC), which reads the same everywhere. */
export const iso = (time: number): string =>
  Number.isFinite(time) ? new Date(time).toISOString() : '—';

const PERIODS: [number, string][] = [
  [7 * 86_400_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** "windows of 1,000 rows", "windows of 1 day", "windows of 500 ms". */
export function windowingText(windowing: MonitorWindowing): string {
  if ('rows' in windowing) return `windows of ${count(windowing.rows)} rows`;
  if ('ms' in windowing) {
    for (const [ms, unit] of PERIODS) {
      if (windowing.ms % ms === 0) {
        const n = windowing.ms / ms;
        return `windows of ${count(n)} ${unit}${n === 1 ? '' : 's'}`;
      }
    }
    return `windows of ${count(windowing.ms)} ms`;
  }
  // Whole logged batches joined up to a size (a kind of windowing newer than the two above;
  // read through a wider type so that this compiles with and without it).
  const batches: { batchRows?: number } = windowing;
  return `windows of whole logged batches, at least ${count(batches.batchRows ?? 0)} rows each`;
}
