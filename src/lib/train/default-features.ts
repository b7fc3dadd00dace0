import type { Table } from '../data/table';
import { detectPersonalData } from '../privacy/detect';

export interface FeatureChoice {
  name: string;
  included: boolean;
  /** Why a column is left out by default; empty when included. */
  reason: string;
}

/**
 * Picks sensible default features: everything but the target, leaving out columns that would
 * only memorise rows (identifiers, free text), carry nothing (constant), hold no values, or
 * hold personal data (e-mail addresses, card numbers, names...: a model should not learn them).
 */
export function defaultFeatures(table: Table, target: string): FeatureChoice[] {
  const personal = new Map(detectPersonalData(table).map((finding) => [finding.column, finding]));
  const masked = new Map((table.masks ?? []).map((mask) => [mask.column, mask.method]));
  return table.columns
    .filter((column) => column.name !== target)
    .map((column) => {
      const leaveOut = (reason: string) => ({ name: column.name, included: false, reason });
      if (column.missing === table.rowCount) return leaveOut('all values missing');
      const method = masked.get(column.name);
      // Hashed or truncated values only link or hint at a person; generalised ones may be used.
      if (method === 'hash' || method === 'truncate') {
        return leaveOut(`masked personal data (${method === 'hash' ? 'hashed' : 'truncated'})`);
      }
      const found = method ? undefined : personal.get(column.name);
      if (found) return leaveOut(`personal data: it holds ${found.label}`);
      if (column.kind === 'constant') return leaveOut('constant');
      if (column.kind === 'identifier') return leaveOut('ID-like: almost every value differs');
      if (column.kind === 'text') return leaveOut('free text');
      if (
        column.storage === 'dictionary' &&
        column.categories.length > Math.max(50, table.rowCount * 0.5)
      ) {
        return leaveOut('ID-like: almost every value differs');
      }
      // A date on (nearly) every row of its own is a timestamp, like a row number: its calendar
      // parts overfit more often than they help (seattle-weather: 0.814 with, 0.838 without).
      // Dates that repeat (a model year, a period) are kept.
      if (
        column.storage === 'number' &&
        column.kind === 'datetime' &&
        distinctNumbers(column.values) > table.rowCount * 0.5
      ) {
        return leaveOut('a timestamp: tick it to use its year, month, weekday and day parts');
      }
      return { name: column.name, included: true, reason: '' };
    });
}

function distinctNumbers(values: Float64Array): number {
  const seen = new Set<number>();
  for (const value of values) if (!Number.isNaN(value)) seen.add(value);
  return seen.size;
}
