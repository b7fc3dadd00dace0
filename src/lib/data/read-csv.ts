import { inferSchema, initParser } from 'udsv';
import { WorkbenchError } from '../errors';
import type { Column, Table } from './table';

/** Cells that mean "no value" unless the caller says otherwise. */
export const DEFAULT_MISSING_MARKERS = ['', 'NA', 'N/A', 'null', 'NaN', '?', '-'];

export interface ReadCsvOptions {
  /** Cell texts treated as missing (after trimming). */
  missingMarkers?: string[];
}

/**
 * Reads CSV text or bytes into a columnar Table, inferring numeric and categorical columns.
 * (A first slice: the streaming worker parser with full type inference replaces the body.)
 */
export async function readCsv(
  source: Blob | string | Uint8Array,
  options: ReadCsvOptions = {},
): Promise<Table> {
  const text = await decodeSource(source);
  if (text.trim() === '') {
    throw new WorkbenchError('empty_file', 'The file is empty.', {
      hint: 'Choose a CSV file with a header row and at least one data row.',
    });
  }
  const schema = inferSchema(text);
  const rows = initParser(schema).stringArrs<string[]>(text);
  // uDSV takes the header from the schema and returns data rows only.
  const header = schema.cols.map((column) => column.name);
  const body = rows.filter((row) => !(row.length === 1 && row[0] === ''));
  if (body.length === 0) {
    throw new WorkbenchError('no_data_rows', 'The file has a header but no data rows.', {
      hint: 'Add at least one row of data below the header.',
    });
  }
  const missing = new Set(options.missingMarkers ?? DEFAULT_MISSING_MARKERS);
  const columns = header.map((name, index) =>
    buildColumn(
      name,
      body.map((row) => (row[index] ?? '').trim()),
      missing,
    ),
  );
  return { rowCount: body.length, columns, issues: [] };
}

async function decodeSource(source: Blob | string | Uint8Array): Promise<string> {
  if (typeof source === 'string') return source.replace(/^\uFEFF/, '');
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
  if (bytes.includes(0)) {
    throw new WorkbenchError(
      'binary_file',
      'The file does not look like text: it contains NUL bytes.',
      {
        hint: 'Export the data as CSV (comma-separated values) and try again.',
      },
    );
  }
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

function buildColumn(name: string, cells: string[], missingMarkers: Set<string>): Column {
  const present = cells.filter((cell) => !missingMarkers.has(cell));
  const numeric = present.length > 0 && present.every((cell) => Number.isFinite(Number(cell)));
  const missing = cells.length - present.length;
  if (numeric) {
    const values = Float64Array.from(cells, (cell) =>
      missingMarkers.has(cell) ? NaN : Number(cell),
    );
    return { name, kind: 'numeric', values, missing };
  }
  const categories = [...new Set(present)].sort();
  const index = new Map(categories.map((category, code) => [category, code]));
  const codes = Int32Array.from(cells, (cell) => index.get(cell) ?? -1);
  return { name, kind: 'categorical', codes, categories, missing };
}
