import { WorkbenchError } from '../errors';
import { DEFAULT_MISSING_MARKERS } from '../data/read-csv';
import { parseBoolean, parseIsoDate } from '../data/csv/infer';
import { COMMA_DECIMAL, DOT_DECIMAL, DOT_DECIMAL_GROUPED, parseNumber } from '../data/csv/numbers';
import type { Column, Table } from '../data/table';
import type { FeatureStep, Preprocessing } from '../features/types';

/**
 * A row as scripts write it: column name to value. Missing keys, null, undefined, NaN and the
 * text readCsv treats as missing ('', 'NA', 'null', ...) are missing values. Date objects are
 * read in date columns only.
 */
export type RecordRow = Record<string, string | number | boolean | Date | null | undefined>;

/** The missing markers of a CSV read with readCsv's defaults (the model does not keep others). */
const MISSING = new Set(DEFAULT_MISSING_MARKERS);

/** Characters of a cell quoted back in an error message. */
const SHOWN_CHARS = 40;

/** How a number column reads text, as readCsv reads a column of that kind. */
export type Reading = 'number' | 'boolean' | 'date';

/**
 * Builds a table of just the columns a model reads from plain objects, typed the way the model
 * was trained (numbers, dates, categories), so `predict` can take rows as well as tables. Text
 * cells are read exactly as readCsv reads them in a column of that kind; where readCsv would
 * warn and treat a cell as missing ("0x10" in a number column), this refuses it, since a script
 * has no warnings to read.
 */
export function tableFromRecords(records: RecordRow[], preprocessing: Preprocessing): Table {
  records.forEach(assertRecord);
  const columns = preprocessing.steps.map((step): Column => {
    const name = step.column;
    const cells = records.map((record) => (Object.hasOwn(record, name) ? record[name] : undefined));
    if (step.kind === 'one-hot') return categoryColumn(name, cells);
    const reading = readingOf(step);
    const values = Float64Array.from(cells, (cell, row) =>
      numberOf(cell, reading, { row: row + 1, column: name }),
    );
    return {
      name,
      kind: step.kind,
      storage: 'number',
      values,
      missing: values.filter(Number.isNaN).length,
    };
  });
  return { rowCount: records.length, columns, issues: [] };
}

/** How a number step's column reads its text: as a date, a true/false value or a number. */
export function readingOf(step: Exclude<FeatureStep, { kind: 'one-hot' }>): Reading {
  if (step.kind === 'datetime') return 'date';
  return step.source === 'boolean' ? 'boolean' : 'number';
}

/** The cell's row (1-based) and column, for messages. */
interface CellAt {
  row: number;
  column: string;
}

function categoryColumn(name: string, cells: unknown[]): Column {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(cells, (cell, row) => {
    const text = categoryOf(cell, { row: row + 1, column: name });
    if (text === null) return -1;
    let code = index.get(text);
    if (code === undefined) {
      code = categories.push(text) - 1;
      index.set(text, code);
    }
    return code;
  });
  return {
    name,
    kind: 'categorical',
    storage: 'dictionary',
    codes,
    categories,
    missing: codes.filter((c) => c < 0).length,
  };
}

/** The category as readCsv stores an unquoted cell: trimmed; a missing marker is missing. */
function categoryOf(cell: unknown, at: CellAt): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') {
    if (Number.isNaN(cell)) return null;
    if (!Number.isFinite(cell)) throw notFinite(cell, at);
    return String(cell);
  }
  if (typeof cell === 'boolean') return String(cell);
  if (typeof cell !== 'string') throw invalidCell(cell, at);
  const text = cell.trim();
  return MISSING.has(text) ? null : text;
}

/** The number a cell stands for in a number column, NaN when missing; throws when unreadable. */
function numberOf(cell: unknown, reading: Reading, at: CellAt): number {
  if (cell === null || cell === undefined) return NaN;
  if (typeof cell === 'number') {
    if (Number.isNaN(cell)) return NaN;
    if (!Number.isFinite(cell)) throw notFinite(cell, at);
    // A number in a date column is a time value (ms since 1970), as Date.getTime gives.
    if (reading === 'date' && Number.isNaN(new Date(cell).getTime())) {
      throw notOfKind(String(cell), reading, at);
    }
    return cell;
  }
  if (typeof cell === 'boolean') {
    if (reading === 'date') throw notOfKind(String(cell), reading, at);
    return cell ? 1 : 0;
  }
  if (cell instanceof Date && reading === 'date') {
    const time = cell.getTime();
    if (Number.isNaN(time)) throw notOfKind('Invalid Date', reading, at);
    return time;
  }
  if (typeof cell !== 'string') throw invalidCell(cell, at);
  const value = parseText(cell, reading);
  if (value === undefined) {
    // Like readCsv: the cell is parsed first; only text that is not of the kind may be a marker.
    if (MISSING.has(cell.trim())) return NaN;
    throw notOfKind(cell, reading, at);
  }
  if (!Number.isFinite(value)) throw notFinite(value, at);
  return value;
}

/** What readCsv's NumberColumnBuilder reads from a cell of the kind, or undefined. */
export function parseText(
  text: string,
  reading: Reading,
  decimalComma = false,
): number | undefined {
  if (text === '') return undefined;
  if (reading === 'boolean') return parseBoolean(text);
  if (reading === 'date') {
    const time = parseIsoDate(text);
    return Number.isNaN(time) ? undefined : time;
  }
  // A decimal-comma file (predict.mjs logs which) reads 3,25 as 3.25, and nothing else.
  if (decimalComma) return parseNumber(text, 0, text.length, COMMA_DECIMAL);
  // A number column reads plain numbers, and numbers with thousands separators (1,234).
  return (
    parseNumber(text, 0, text.length, DOT_DECIMAL) ??
    parseNumber(text, 0, text.length, DOT_DECIMAL_GROUPED)
  );
}

function assertRecord(record: unknown, index: number): void {
  if (typeof record === 'object' && record !== null && !Array.isArray(record)) return;
  const row = index + 1;
  throw new WorkbenchError(
    'invalid_cell',
    `Row ${row} is ${describe(record)}, not an object of column values.`,
    { hint: 'Pass each row as an object, like { colour: "red", size: 3 }.', details: { row } },
  );
}

function invalidCell(cell: unknown, at: CellAt): WorkbenchError {
  return new WorkbenchError(
    'invalid_cell',
    `Row ${at.row}, column "${at.column}": ${describe(cell)} is not a value the model can read.`,
    { hint: 'Pass text, numbers, booleans or null (missing) for each column.', details: { ...at } },
  );
}

function notFinite(value: number, at: CellAt): WorkbenchError {
  return new WorkbenchError(
    'non_finite_input',
    `Row ${at.row}, column "${at.column}": ${value} is not a finite number.`,
    {
      hint: 'Models cannot read infinite values: pass a finite number, or null for a missing value.',
      details: { ...at },
    },
  );
}

function notOfKind(text: string, reading: Reading, at: CellAt): WorkbenchError {
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
  const what = {
    number: 'a number',
    boolean: 'a true/false value (true/false, yes/no, t/f, y/n or 1/0)',
    date: 'a date (YYYY-MM-DD, optionally with a time)',
  }[reading];
  return new WorkbenchError(
    'non_finite_input',
    `Row ${at.row}, column "${at.column}": "${shown}" is not ${what}.`,
    {
      hint: 'Pass numbers as numbers (or numeric text), dates as ISO text, and null for missing values.',
      details: { ...at },
    },
  );
}

/** A value's type in words, safe for any value (a Symbol cannot be turned into text). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  const type = typeof value;
  if (type === 'object') return 'an object';
  if (type === 'string') return 'text';
  if (type === 'undefined') return 'undefined';
  return `a ${type}`;
}
