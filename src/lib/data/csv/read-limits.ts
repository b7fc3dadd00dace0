/**
 * Limits that keep a read's memory in proportion to its file. Without them a 0.1 MB file can
 * ask for gigabytes: a header of 200,000 columns, or a header of 10,000 columns above rows of
 * one field each (every short row is padded to the header's width with missing cells).
 */
import { WorkbenchError, type ErrorCode } from '../../errors';

/**
 * Most columns read: Excel's own limit. A column costs ~1-2 KB while the table is built (its
 * builder, its typed array and their V8 objects) whatever its rows, so at this width a file of
 * empty cells, ~2 bytes per column, stays within 6x its size + 50 MB (read-csv.hostile.spec.ts).
 */
export const MAX_COLUMNS = 16_384;

/**
 * Cells of the first rows kept as text to infer kinds (~40 bytes each): a wide file samples
 * fewer rows than `sampleRows`, e.g. 26 rows of 10,000 columns.
 */
export const SAMPLE_CELLS = 1 << 18;

/** Missing cells that short rows may add in all: one per byte of the file, at least this many. */
const PADDING_FLOOR = 1 << 21;

/** The code of a file whose table would be far larger than the file itself. */
export const TABLE_TOO_LARGE: ErrorCode = 'table_too_large';

/** How many missing cells short rows may add to a file of `totalSize` (0: unknown). */
export function paddingLimit(totalSize: number): number {
  return Math.max(PADDING_FLOOR, totalSize);
}

export function tooManyColumns(): WorkbenchError {
  const limit = MAX_COLUMNS.toLocaleString('en-US');
  return new WorkbenchError(
    TABLE_TOO_LARGE,
    `The header has more than ${limit} columns; the workbench reads at most ${limit}.`,
    {
      hint: 'Check the delimiter, or keep only the columns you need (e.g. in a spreadsheet) and save the file again.',
      details: { columns: MAX_COLUMNS },
    },
  );
}

/** Short rows would add more missing cells than the file has bytes (`row`: 1-based data row). */
export function tooManyMissingCells(row: number, fields: number, columns: number): WorkbenchError {
  return new WorkbenchError(
    TABLE_TOO_LARGE,
    `Row ${row} has ${fields} field(s) but the header has ${columns.toLocaleString('en-US')}: so many rows are this short that filling them with missing values would make the table far larger than the file.`,
    {
      hint: 'Check that the first line is the header and the delimiter is right; most rows have far fewer fields than the header.',
      details: { row, columns },
    },
  );
}
