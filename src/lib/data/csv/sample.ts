import { SAMPLE_CELLS } from './read-limits';

/** A sampled row: its cells as text (null where the row had none), and which were quoted. */
export interface SampleRow {
  cells: (string | null)[];
  quoted: boolean[];
}

/** Room for rows beyond the estimate from the sample (rows of a file vary in length). */
const ROWS_MARGIN = 1.02;

/**
 * The first rows of a file, kept as text until the columns' kinds are inferred from them, and
 * what they tell of the rest: how many rows the file likely has.
 */
export class Sample {
  /** The rows by index (data row - 1); the last may be half read. */
  readonly rows: SampleRow[] = [];
  /** Rows whose kinds are inferred: `sampleRows`, or fewer when the header is wide. */
  readonly size: number;
  readonly #columns: number;
  /** Characters of the sampled cells, each with one delimiter (and its quotes, if quoted). */
  #chars = 0;

  constructor(columns: number, sampleRows: number) {
    this.#columns = columns;
    // Each sampled cell is kept as a string (~40 bytes with its array slots) until streaming.
    this.size = Math.min(sampleRows, Math.max(1, Math.floor(SAMPLE_CELLS / Math.max(1, columns))));
  }

  /** Keeps text[start, end) as the cell of `column` in row `row` (0-based). */
  cell(row: number, column: number, text: string, start: number, end: number, quoted: boolean) {
    const cells = this.#row(row);
    cells.cells[column] = start === 0 && end === text.length ? text : text.slice(start, end);
    cells.quoted[column] = quoted;
    // Quotes count too: a file of quoted text would seem to have more rows than it has.
    this.#chars += end - start + (quoted ? 3 : 1);
  }

  /** Marks the cell of `column` in row `row` (0-based) as absent (a short row). */
  missing(row: number, column: number): void {
    this.#row(row).cells[column] = null;
  }

  /**
   * Rows the file likely has, from `rows` complete ones sampled (0 when unknown): a little
   * too many, but never more than the file has room for with one character per cell, so that
   * short rows in the sample (or a sample unlike the rest) make no column reserve a big block.
   */
  expectedRows(rows: number, totalSize: number): number {
    if (totalSize <= 0 || this.#chars <= 0) return 0;
    const estimate = Math.ceil(((totalSize * rows) / this.#chars) * ROWS_MARGIN);
    return Math.min(estimate, Math.ceil(totalSize / Math.max(1, this.#columns)));
  }

  #row(index: number): SampleRow {
    let row = this.rows[index];
    if (!row) {
      row = { cells: new Array<string | null>(this.#columns).fill(null), quoted: [] };
      this.rows[index] = row;
    }
    return row;
  }
}
