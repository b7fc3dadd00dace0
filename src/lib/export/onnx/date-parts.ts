/**
 * How a date column enters an exported ONNX model: as five numbers in the `dates` input, not as
 * its timestamp. A float32 input cannot hold a timestamp in milliseconds to better than about two
 * minutes, and month or day of year need calendar arithmetic; so the caller (predict.mjs, or any
 * program) computes the calendar parts in UTC and the graph does the rest (filling, scaling,
 * sin/cos), exactly as the workbench does.
 */
const DAY_MS = 86_400_000;

/** The parts of one date column, in order, as the `dates` input holds them. */
export const DATE_PARTS = ['years_since_1970', 'month', 'weekday', 'yearday', 'hour'] as const;

/**
 * The parts of a timestamp (milliseconds since 1970 UTC; NaN when missing, which gives five
 * NaN): fractional years since 1970 (of 365.25 days), month 0-11, weekday 0-6 (Sunday 0), day
 * of the year 0-365, and hour 0-24 with minutes as a fraction.
 */
export function dateParts(ms: number): number[] {
  if (!Number.isFinite(ms)) return DATE_PARTS.map(() => NaN);
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const dayOfYear =
    (Date.UTC(year, date.getUTCMonth(), date.getUTCDate()) - Date.UTC(year, 0, 1)) / DAY_MS;
  return [
    ms / (365.25 * DAY_MS),
    date.getUTCMonth(),
    date.getUTCDay(),
    dayOfYear,
    date.getUTCHours() + date.getUTCMinutes() / 60,
  ];
}
