import type { Column, ColumnKind, TableIssue } from '../table';
import type {
  ColumnBuilder,
  DictionaryColumnBuilder,
  NumberColumnBuilder,
} from './column-builders';
import { columnIssues } from './column-issues';
import { columnBuilders, columnReaders, type SampleRow } from './column-plans';
import { uniqueHeaders } from './headers';
import type { NumberFormat } from './numbers';
import type { TokenSink } from './tokenizer';

/** Individual warnings kept per kind of problem; the rest are counted in a summary. */
const MAX_ROW_ISSUES = 20;

/** Room for rows beyond the estimate from the sample (rows of a file vary in length). */
const ROWS_MARGIN = 1.02;

export interface TableBuilderOptions {
  missing: ReadonlySet<string>;
  decimal: NumberFormat;
  /** Kinds chosen by the user, by column name; the rest are inferred. */
  kinds: ReadonlyMap<string, ColumnKind>;
  /** Columns read as text (their kind still inferred): an earlier pass misread them. */
  reread: ReadonlySet<string>;
  /** Rows buffered as text to infer each column's kind before streaming the rest. */
  sampleRows: number;
  /** Size of the whole input (bytes or characters), to estimate its rows; 0 when unknown. */
  totalSize?: number;
}

/** A column that had cells not of its planned kind: maybe read it again as text. */
export interface MisreadReport {
  name: string;
  rejected: number;
  /** Cells that were not missing markers, the rejected ones included. */
  values: number;
  /** What the column's first rows looked like, in words ("numbers"). */
  what: string;
}

/**
 * Receives tokens and builds typed columns. The header comes first, then a sample of rows is
 * kept as text to infer kinds, then every later cell goes straight into its column builder.
 */
export class TableBuilder implements TokenSink {
  readonly #options: TableBuilderOptions;
  #headerFields: string[] | null = [];
  #names: string[] = [];
  readonly issues: TableIssue[] = [];
  #sample: SampleRow[] | null = [];
  /** Characters of the sampled cells, each with one delimiter (and its quotes, if quoted). */
  #sampleChars = 0;
  #builders: ColumnBuilder[] = [];
  /** The builders of columns stored as numbers, by column index (null for the others). */
  #numberBuilders: (NumberColumnBuilder | null)[] = [];
  /** The builders of TEXT_COLUMNs, by column index (null for the others). */
  #textBuilders: (DictionaryColumnBuilder | null)[] = [];
  /** How the tokenizer hands over each column's fields (set when streaming). */
  columnReaders: Uint8Array | null = null;
  /** Data rows completed so far. */
  rows = 0;
  /** Index of the next field in the current row. */
  column = 0;
  /**
   * The first field of a row waits: a lone empty field is a blank line, not a row. Kept in
   * fields, not an object, so that no object is made per row.
   */
  #pendingText: string | null = null;
  #pendingStart = 0;
  #pendingEnd = 0;
  #pendingQuoted = false;
  #extraFields = 0;
  #shortRows = 0;
  #longRows = 0;
  #strayQuotes = 0;

  constructor(options: TableBuilderOptions) {
    this.#options = options;
  }

  get hasHeader(): boolean {
    return this.#headerFields === null;
  }

  get columnNames(): string[] {
    return this.#names;
  }

  /** Header fields read so far (while the header is still being read). */
  get headerFieldCount(): number {
    return this.#headerFields?.length ?? this.#names.length;
  }

  field(text: string, start: number, end: number, quoted: boolean): void {
    if (this.#headerFields !== null) {
      this.#headerFields.push(text.slice(start, end));
      return;
    }
    if (this.column === 0) {
      this.#pendingText = text;
      this.#pendingStart = start;
      this.#pendingEnd = end;
      this.#pendingQuoted = quoted;
      this.column = 1;
      return;
    }
    if (this.column === 1) this.#flushPending();
    if (this.column < this.#names.length) this.#deliver(this.column, text, start, end, quoted);
    else if (end > start) this.#extraFields++;
    this.column++;
  }

  /** A number, date or boolean the tokenizer read (never blank: the first need not wait). */
  number(value: number): void {
    const column = this.column;
    if (column === 1) this.#flushPending();
    this.#numberBuilders[column]?.addNumber(value);
    this.column = column + 1;
  }

  /** An unquoted field of a TEXT_COLUMN, with its hash. */
  hashedField(text: string, start: number, end: number, hash: number): void {
    const column = this.column;
    if (column === 0) {
      this.field(text, start, end, false); // it may be a blank line: wait, as `field` does
      return;
    }
    if (column === 1) this.#flushPending();
    this.#textBuilders[column]?.addHashed(text, start, end, hash);
    this.column = column + 1;
  }

  endRow(): void {
    if (this.#headerFields !== null) {
      this.#endHeader(this.#headerFields);
      return;
    }
    const pending = this.#pendingText;
    if (
      this.column === 1 &&
      pending !== null &&
      !this.#pendingQuoted &&
      isBlank(pending, this.#pendingStart, this.#pendingEnd)
    ) {
      this.#resetRow(); // a blank line, or one of only spaces
      return;
    }
    if (this.column === 1) this.#flushPending();
    const row = this.rows + 1;
    const expected = this.#names.length;
    if (this.column < expected) {
      for (let c = this.column; c < expected; c++) this.#deliverMissing(c);
      this.#shortRows++;
      if (this.#shortRows <= MAX_ROW_ISSUES) {
        this.issues.push({
          code: 'ragged_row',
          message: `Row ${row} has ${this.column} field(s) but the header has ${expected}; the missing ones are treated as missing values.`,
          row,
        });
      }
    } else if (this.#extraFields > 0) {
      this.#longRows++;
      if (this.#longRows <= MAX_ROW_ISSUES) {
        this.issues.push({
          code: 'ragged_row',
          message: `Row ${row} has ${this.column} fields but the header has ${expected}; the extra ones are ignored.`,
          row,
        });
      }
    }
    this.rows++;
    this.#resetRow();
    if (this.#sample && this.rows >= this.#options.sampleRows) this.#startStreaming();
  }

  strayQuote(): void {
    this.#strayQuotes++;
    if (this.#strayQuotes <= MAX_ROW_ISSUES) {
      const row = this.rows + 1;
      const column = this.#names[this.column] ?? `column ${this.column + 1}`;
      this.issues.push({
        code: 'stray_quote',
        message: `Row ${row}, column "${column}": text follows a closing quote; it was kept as part of the value.`,
        row,
        column,
      });
    }
  }

  /** Builds the columns (call once, after the tokenizer finished). */
  build(): { columns: Column[]; misread: MisreadReport[] } {
    if (this.#sample) this.#startStreaming();
    this.#summarise();
    const misread = this.#builders.map(({ rejected, values, what }, i) => ({
      name: this.#names[i] ?? '',
      rejected,
      values,
      what,
    }));
    const columns = this.#builders.map((builder, i) => {
      const column = builder.build(this.#names[i] ?? '', this.issues);
      // A kind the user chose stays, even where the data looks constant or like an ID.
      const forced = this.#options.kinds.get(column.name);
      return forced ? { ...column, kind: forced } : column;
    });
    for (const column of columns) this.issues.push(...columnIssues(column));
    return { columns, misread };
  }

  #endHeader(fields: string[]): void {
    if (fields.length === 1 && fields[0]?.trim() === '') {
      this.#headerFields = []; // blank lines before the header
      return;
    }
    const { names, issues } = uniqueHeaders(fields);
    this.#names = names;
    this.issues.push(...issues);
    this.#headerFields = null;
    this.#resetRow();
  }

  #flushPending(): void {
    const text = this.#pendingText;
    this.#pendingText = null;
    if (text !== null)
      this.#deliver(0, text, this.#pendingStart, this.#pendingEnd, this.#pendingQuoted);
  }

  #deliver(column: number, text: string, start: number, end: number, quoted: boolean): void {
    if (this.#sample) {
      const cells = this.#sampleRow();
      cells.cells[column] = start === 0 && end === text.length ? text : text.slice(start, end);
      cells.quoted[column] = quoted;
      // Quotes count too: a file of quoted text would seem to have more rows than it has.
      this.#sampleChars += end - start + (quoted ? 3 : 1);
      return;
    }
    this.#builders[column]?.add(text, start, end, quoted, this.rows + 1);
  }

  #deliverMissing(column: number): void {
    if (this.#sample) this.#sampleRow().cells[column] = null;
    else this.#builders[column]?.addMissing();
  }

  #sampleRow(): SampleRow {
    const sample = this.#sample ?? [];
    let row = sample[this.rows];
    if (!row) {
      row = { cells: new Array<string | null>(this.#names.length).fill(null), quoted: [] };
      sample[this.rows] = row;
    }
    return row;
  }

  #startStreaming(): void {
    const sample = this.#sample ?? [];
    this.#sample = null;
    const { missing, decimal } = this.#options;
    const context = { missing, decimal, expectedRows: this.#expectedRows(sample.length) };
    this.#builders = columnBuilders(this.#names, sample, context, this.#options);
    const { readers, numbers, texts } = columnReaders(this.#builders);
    this.#numberBuilders = numbers;
    this.#textBuilders = texts;
    this.columnReaders = readers;
    sample.forEach((row, r) => {
      this.#builders.forEach((builder, c) => {
        const cell = row.cells[c];
        if (cell === null || cell === undefined) builder.addMissing();
        else builder.add(cell, 0, cell.length, row.quoted[c] ?? false, r + 1);
      });
    });
  }

  /** All the rows when the sample holds the whole file, else an estimate a little too high. */
  #expectedRows(sampled: number): number {
    const totalSize = this.#options.totalSize ?? 0;
    if (sampled < this.#options.sampleRows) return sampled;
    if (totalSize <= 0 || this.#sampleChars <= 0) return 0;
    return Math.ceil(((totalSize * sampled) / this.#sampleChars) * ROWS_MARGIN);
  }

  #summarise(): void {
    const summary = (count: number, what: string) => {
      if (count > MAX_ROW_ISSUES) {
        this.issues.push({
          code: 'ragged_row',
          message: `${count} rows in all ${what} (the first ${MAX_ROW_ISSUES} are listed).`,
        });
      }
    };
    summary(this.#shortRows, 'have fewer fields than the header');
    summary(this.#longRows, 'have more fields than the header');
    if (this.#strayQuotes > MAX_ROW_ISSUES) {
      this.issues.push({
        code: 'stray_quote',
        message: `${this.#strayQuotes} fields in all have text after a closing quote.`,
      });
    }
  }

  #resetRow(): void {
    this.column = 0;
    this.#pendingText = null;
    this.#extraFields = 0;
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
