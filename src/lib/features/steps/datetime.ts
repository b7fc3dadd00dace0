import type { NumericColumn } from '../../data/table';
import type { DatetimeStep } from '../types';

const DAY_MS = 86_400_000;

/** Fits a date/time column: median fill, year scaling, and whether times of day occur. */
export function fitDatetime(
  column: NumericColumn,
  rows: number[],
  indicators: boolean,
): DatetimeStep {
  const present: number[] = [];
  let hasTime = false;
  for (const row of rows) {
    const value = column.values[row] ?? NaN;
    if (Number.isNaN(value)) continue;
    present.push(value);
    if (!hasTime && value % DAY_MS !== 0) hasTime = true;
  }
  present.sort((a, b) => a - b);
  const fill = present[present.length >> 1] ?? 0;
  const years = present.map(yearOf);
  const yearMean = years.length > 0 ? years.reduce((a, b) => a + b, 0) / years.length : 0;
  const variance = years.reduce((a, y) => a + (y - yearMean) ** 2, 0) / Math.max(1, years.length);
  return {
    column: column.name,
    kind: 'datetime',
    fill,
    yearMean,
    yearStd: variance > 0 ? Math.sqrt(variance) : 1,
    hasTime,
    indicator: indicators && present.length < rows.length,
  };
}

/** year, then sin/cos of month, weekday and day of year (and hour when times occur). */
export function datetimeWidth(step: DatetimeStep): number {
  return 1 + 6 + (step.hasTime ? 2 : 0) + (step.indicator ? 1 : 0);
}

export function datetimeInputs(step: DatetimeStep): string[] {
  const parts = ['month', 'weekday', 'yearday', ...(step.hasTime ? ['hour'] : [])];
  const cyclic = parts.flatMap((part) => [
    `${step.column}.${part}_sin`,
    `${step.column}.${part}_cos`,
  ]);
  return [`${step.column}.year`, ...cyclic, ...(step.indicator ? [`${step.column}.missing`] : [])];
}

export function applyDatetime(
  step: DatetimeStep,
  column: NumericColumn,
  rows: ArrayLike<number>,
  out: Float32Array,
  width: number,
  offset: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const raw = column.values[rows[i] ?? 0] ?? NaN;
    const missing = Number.isNaN(raw);
    const date = new Date(missing ? step.fill : raw);
    const base = i * width + offset;
    const dayOfYear =
      (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) -
        Date.UTC(date.getUTCFullYear(), 0, 1)) /
      DAY_MS;
    out[base] = (yearOf(date.getTime()) - step.yearMean) / step.yearStd;
    cyclic(out, base + 1, date.getUTCMonth(), 12);
    cyclic(out, base + 3, date.getUTCDay(), 7);
    cyclic(out, base + 5, dayOfYear, 365.25);
    let next = base + 7;
    if (step.hasTime) {
      cyclic(out, next, date.getUTCHours() + date.getUTCMinutes() / 60, 24);
      next += 2;
    }
    if (step.indicator) out[next] = missing ? 1 : 0;
  }
}

function cyclic(out: Float32Array, at: number, value: number, period: number): void {
  const angle = (2 * Math.PI * value) / period;
  out[at] = Math.sin(angle);
  out[at + 1] = Math.cos(angle);
}

/** Fractional year, so that a trend over years is one smooth input. */
function yearOf(ms: number): number {
  return 1970 + ms / (365.25 * DAY_MS);
}
