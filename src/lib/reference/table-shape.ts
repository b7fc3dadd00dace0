/** Whether a value has the shape of a Table, checked before a reference is drawn from it. */
import { MODEL_LIMITS } from '../model/limits';

/** Every ColumnKind, for checks of tables and stored snapshots. */
export const COLUMN_KINDS = [
  'numeric',
  'boolean',
  'datetime',
  'categorical',
  'text',
  'identifier',
  'constant',
] as const;

/** The most rows a reference is drawn from: a table this size is already far past memory. */
const MAX_TABLE_ROWS = 2 ** 31 - 1;

/** What is wrong with `value` as a Table, or null. Columns may be longer than `rowCount`. */
export function tableProblem(value: unknown): string | null {
  const table = value as { rowCount?: unknown; columns?: unknown } | null;
  if (typeof table !== 'object' || table === null) return 'it is not a table';
  const { rowCount, columns } = table;
  if (typeof rowCount !== 'number' || !Number.isInteger(rowCount) || rowCount < 0) {
    return 'it has no row count';
  }
  if (rowCount > MAX_TABLE_ROWS) return 'it has too many rows';
  if (!Array.isArray(columns) || columns.length > MODEL_LIMITS.maxColumns) {
    return 'its columns are not a list';
  }
  for (const [index, column] of (columns as unknown[]).entries()) {
    const c = column as Record<string, unknown> | null;
    const ok =
      typeof c === 'object' &&
      c !== null &&
      typeof c['name'] === 'string' &&
      (COLUMN_KINDS as readonly unknown[]).includes(c['kind']) &&
      (c['storage'] === 'number'
        ? c['values'] instanceof Float64Array && c['values'].length >= rowCount
        : c['storage'] === 'dictionary' &&
          c['codes'] instanceof Int32Array &&
          c['codes'].length >= rowCount &&
          Array.isArray(c['categories']) &&
          (c['categories'] as unknown[]).every((category) => typeof category === 'string'));
    if (!ok) return `column ${index + 1} is malformed`;
  }
  return null;
}
