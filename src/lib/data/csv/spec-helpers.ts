/** Helpers shared by the CSV reader's tests (not used by the reader itself). */
import type { Column, Table } from '../table';

/** A cell as a plain value: a number, a category's text, or null when missing. */
export type CellValue = number | string | null;

/** The column's cells as plain values, in row order. */
export function cellValues(column: Column): CellValue[] {
  if (column.storage === 'number') {
    return Array.from(column.values, (value) => (Number.isNaN(value) ? null : value));
  }
  return Array.from(column.codes, (code) =>
    code === -1 ? null : (column.categories[code] ?? '?'),
  );
}

/** The table's cells by column name. */
export function tableValues(table: Table): Record<string, CellValue[]> {
  return Object.fromEntries(table.columns.map((column) => [column.name, cellValues(column)]));
}

/** The column with this name; throws (failing the test) when there is none. */
export function column(table: Table, name: string): Column {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column "${name}" in ${table.columns.map((c) => c.name).join()}`);
  return found;
}

/** The values of one column by name. */
export function valuesOf(table: Table, name: string): CellValue[] {
  return cellValues(column(table, name));
}

/** Issue codes in order, for compact assertions. */
export function issueCodes(table: Table): string[] {
  return table.issues.map((issue) => issue.code);
}

/** A Blob of `bytes` cut at the given offsets, so the reader sees one chunk per part. */
export function blobInParts(bytes: Uint8Array, cuts: number[]): Blob {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    parts.push(bytes.slice(start, point));
    start = point;
  }
  return new Blob(parts);
}

/** Runs `read` and returns the WorkbenchError-like object it rejects with. */
export async function rejection(
  read: Promise<unknown>,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await read;
  } catch (error) {
    return error as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected the read to fail');
}

/** `text` cut at the given offsets (taken modulo its length, sorted, de-duplicated). */
export function cut(text: string, offsets: number[]): string[] {
  const points = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of [...points, text.length]) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  return pieces;
}
