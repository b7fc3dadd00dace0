/**
 * The three contenders, each from UTF-8 bytes to its own typed output: our columnar Table, uDSV's
 * typed columns, PapaParse's typed row objects (its native typed output).
 */
import Papa from 'papaparse';
import { inferSchema, initParser, type SchemaColumnType } from 'udsv';
import { readCsv } from '../src/lib/index';
import type { ColumnTypes, CsvParserName } from './types';

export interface ParsedShape {
  rows: number;
  typed: ColumnTypes;
}

export type CsvParser = (bytes: Uint8Array) => Promise<ParsedShape>;

/** In the order of the first timed round; later rounds rotate it. */
export const PARSER_NAMES: readonly CsvParserName[] = [
  'workbench readCsv',
  'uDSV typedCols',
  'PapaParse dynamicTyping',
];

export const PARSERS: Record<CsvParserName, CsvParser> = {
  'workbench readCsv': readWithWorkbench,
  'uDSV typedCols': readWithUdsv,
  'PapaParse dynamicTyping': readWithPapa,
};

async function readWithWorkbench(bytes: Uint8Array): Promise<ParsedShape> {
  const table = await readCsv(bytes);
  const typed = noTypes();
  for (const column of table.columns) {
    if (column.storage === 'dictionary') typed.strings++;
    else if (column.kind === 'datetime') typed.dates++;
    else if (column.kind === 'boolean') typed.booleans++;
    else typed.numbers++;
  }
  return { rows: table.rowCount, typed };
}

function readWithUdsv(bytes: Uint8Array): Promise<ParsedShape> {
  const text = new TextDecoder().decode(bytes);
  const schema = inferSchema(text);
  const columns = initParser(schema).typedCols(text);
  const typed = noTypes();
  for (const column of schema.cols) count(typed, udsvKind(column.type));
  return Promise.resolve({ rows: columns[0]?.length ?? 0, typed });
}

function udsvKind(type: SchemaColumnType): keyof ColumnTypes {
  if (type === 'n') return 'numbers';
  if (type === 'd' || type === 't') return 'dates';
  return type.startsWith('b:') ? 'booleans' : 'strings';
}

function readWithPapa(bytes: Uint8Array): Promise<ParsedShape> {
  const text = new TextDecoder().decode(bytes);
  const result = Papa.parse<Record<string, unknown>>(text, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  if (result.errors.length > 0) {
    const first = result.errors[0];
    throw new Error(`PapaParse: ${result.errors.length} errors, first: ${first?.message ?? ''}`);
  }
  const typed = noTypes();
  for (const field of result.meta.fields ?? []) count(typed, papaKind(result.data, field));
  return Promise.resolve({ rows: result.data.length, typed });
}

/** The type of a column's first non-empty value in the first rows (empty cells become null). */
function papaKind(rows: Record<string, unknown>[], field: string): keyof ColumnTypes {
  const value = rows.slice(0, 20).find((row) => row[field] !== null && row[field] !== '')?.[field];
  if (typeof value === 'number') return 'numbers';
  if (typeof value === 'boolean') return 'booleans';
  return value instanceof Date ? 'dates' : 'strings';
}

function noTypes(): ColumnTypes {
  return { numbers: 0, dates: 0, booleans: 0, strings: 0 };
}

function count(typed: ColumnTypes, kind: keyof ColumnTypes): void {
  typed[kind]++;
}
