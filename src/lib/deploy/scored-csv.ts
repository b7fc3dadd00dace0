/**
 * The scored file: every input column as read, then `prediction` and, for classes, one
 * `probability_<class>` column per class (and `score_error` where rows could not be scored).
 * Numbers are written in full precision, booleans as true/false, dates as ISO 8601 (a date
 * without a time of day as YYYY-MM-DD), missing cells empty. Returned in parts of a few
 * thousand rows, to go into a Blob without one giant string.
 */
import type { Column, Table } from '../data/table';
import type { TrainedModel } from '../train/types';
import type { ScoreResult } from './score-table';

const DAY_MS = 86_400_000;
const ROWS_PER_PART = 4096;

/** A field quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Text from the data (a category, a label, a column name, a message) as a CSV field that a
 * spreadsheet shows and does not run: a leading =, +, -, @, tab or carriage return would start
 * a formula ("CSV injection"), so such text gets a leading apostrophe, as OWASP recommends.
 * Numbers are written with `csvField`: a negative number is a number, not a formula.
 */
export function csvText(text: string): string {
  return csvField(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}

/** A cell as a CSV field: text guarded against formulas, numbers, booleans and dates as they are. */
export function csvCell(column: Column, row: number): string {
  const text = cellText(column, row);
  return column.storage === 'dictionary' ? csvText(text) : csvField(text);
}

/** A cell as the scored file writes it: numbers in full, booleans as words, dates as ISO 8601. */
export function cellText(column: Column, row: number): string {
  if (column.storage === 'dictionary') {
    const code = column.codes[row] ?? -1;
    return code < 0 ? '' : (column.categories[code] ?? '');
  }
  const value = column.values[row] ?? NaN;
  if (Number.isNaN(value)) return '';
  if (column.kind === 'boolean') return value === 1 ? 'true' : 'false';
  if (column.kind === 'datetime' && Number.isFinite(value)) {
    const iso = new Date(value).toISOString();
    return value % DAY_MS === 0 ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

/** `name`, or `name_2`, `name_3`... when the input already has such a column. */
export function freeName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}_${n}`;
  taken.add(candidate);
  return candidate;
}

export function scoredCsv(model: TrainedModel, table: Table, result: ScoreResult): string[] {
  return Array.from(scoredCsvParts(model, table, result));
}

/**
 * The scored file's parts one at a time (the header, then 4,096 rows each): a million rows take
 * seconds to write, so the worker yields between parts, to hear a Cancel and to report progress.
 */
export function* scoredCsvParts(
  model: TrainedModel,
  table: Table,
  result: ScoreResult,
): Generator<string, void, undefined> {
  const taken = new Set(table.columns.map((c) => c.name));
  const classes = model.task === 'regression' ? [] : model.classes;
  const failed = new Map(result.failures.map((f) => [f.row - 1, f.message]));
  const { outputs } = result;
  const added = [
    freeName('prediction', taken),
    ...classes.map((label) => freeName(`probability_${label}`, taken)),
    ...(failed.size > 0 ? [freeName('score_error', taken)] : []),
  ];
  const header = [...table.columns.map((c) => c.name), ...added].map(csvText).join(',');
  yield `${header}\n`;
  let lines: string[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const cells = table.columns.map((column) => csvCell(column, row));
    // Read from the columnar outputs: the same text as the predictions give, with no object.
    if (!outputs.isScored(row)) {
      cells.push('', ...classes.map(() => ''));
    } else if (outputs.task === 'regression') {
      cells.push(String(outputs.values[row]));
    } else {
      const label = outputs.classes[outputs.labelIndex(row)] ?? '';
      cells.push(csvText(label), ...outputs.probabilities(row).map(String));
    }
    if (failed.size > 0) cells.push(csvText(failed.get(row) ?? ''));
    lines.push(cells.join(','));
    if (lines.length === ROWS_PER_PART) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
