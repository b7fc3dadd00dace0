import type { Column, ColumnKind, TableIssue } from '../table';
import type {
  ColumnBuilder,
  DictionaryColumnBuilder,
  NumberColumnBuilder,
} from './column-builders';
import { columnIssues } from './column-issues';
import { columnReaders, sampledBuilders } from './column-plans';
import { uniqueHeaders } from './headers';
import type { NumberFormat } from './numbers';
import { MAX_COLUMNS, paddingLimit, tooManyColumns, tooManyMissingCells } from './read-limits';
import { RowIssues } from './row-issues';
import { Sample } from './sample';
import type { TokenSink } from './tokenizer';

/**
 * Sampled cells up to which streaming starts at once, as the sample's last row ends; a larger
 * sample (a wide file) starts streaming in steps between chunks (see `startStreaming`), as
 * making its builders takes a few hundred milliseconds.
 */
const START_AT_ONCE_CELLS = 1 << 15;

export interface TableBuilderOptions {
  missing: ReadonlySet<string>;
  decimal: NumberFormat;
  /** Kinds chosen by the user, by column name; the rest are inferred. */
  kinds: ReadonlyMap<string, ColumnKind>;
  /** Columns read as text (their kind still inferred): an earlier pass misread them. */
  reread: ReadonlySet<string>;
  /** Rows buffered as text to infer each column's kind (fewer in wide files, see Sample). */
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
  /** The first rows as text, from the header's end until streaming starts. */
  #sample: Sample | null = null;
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
  readonly #rowIssues = new RowIssues(this.issues);
  /** Missing cells added to short rows so far, and how many the file's size allows. */
  #padded = 0;
  readonly #maxPadded: number;

  constructor(options: TableBuilderOptions) {
    this.#options = options;
    this.#maxPadded = paddingLimit(options.totalSize ?? 0);
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
      // Refused as soon as it is too wide: a header of 60 MB of commas is 60 million fields.
      if (this.#headerFields.length >= MAX_COLUMNS) throw tooManyColumns();
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
      // Each missing cell costs memory that the file does not: a header of 10,000 columns
      // above a million one-field rows would make a 2 MB file a table of 80 GB.
      this.#padded += expected - this.column;
      if (this.#padded > this.#maxPadded) throw tooManyMissingCells(row, this.column, expected);
      for (let c = this.column; c < expected; c++) this.#deliverMissing(c);
      this.#rowIssues.shortRow(row, this.column, expected);
    } else if (this.#extraFields > 0) {
      this.#rowIssues.longRow(row, this.column, expected);
    }
    this.rows++;
    this.#resetRow();
    if (this.streamingDue && this.#names.length * this.rows <= START_AT_ONCE_CELLS) {
      const steps = this.startStreaming();
      while (!steps.next().done);
    }
  }

  /** Whether the sample is complete: call `startStreaming` (between chunks) before the next. */
  get streamingDue(): boolean {
    return this.#sample !== null && this.rows >= this.#sample.size;
  }

  /**
   * Infers the columns' kinds from the sample and hands the sampled cells to their builders,
   * one column per step (`whole`: the sample is the whole file). A wide file's sample ends in
   * the middle of a chunk and keeps growing until the chunk's end, where a row may be half
   * read: its cells so far are handed over too, and the rest follow as they come.
   */
  *startStreaming(whole = false): Generator<void> {
    const { missing, decimal, totalSize } = this.#options;
    const sample = this.#sample ?? new Sample(0, 0);
    const expectedRows = whole ? this.rows : sample.expectedRows(this.rows, totalSize ?? 0);
    const context = { missing, decimal, expectedRows };
    const state = {
      names: this.#names,
      sample: sample.rows,
      planRows: sample.size,
      complete: this.rows,
      // The first field of a row waits in #pendingText until the second arrives.
      partial: this.column >= 2 ? Math.min(this.column, this.#names.length) : 0,
    };
    const builders = yield* sampledBuilders(state, context, this.#options);
    this.#sample = null;
    this.#builders = builders;
    const { readers, numbers, texts } = columnReaders(builders);
    this.#numberBuilders = numbers;
    this.#textBuilders = texts;
    this.columnReaders = readers;
  }

  strayQuote(): void {
    const column = this.#names[this.column] ?? `column ${this.column + 1}`;
    this.#rowIssues.strayQuote(this.rows + 1, column);
  }

  /**
   * Builds the columns (call once, after the tokenizer finished), pausing after each column:
   * the caller may let other tasks run at each step. `misread`: the columns that had
   * cells not of their kind.
   */
  *build(): Generator<void, { columns: Column[]; misread: MisreadReport[] }> {
    if (this.#sample) yield* this.startStreaming(true);
    this.#rowIssues.summarise();
    const misread: MisreadReport[] = [];
    const columns: Column[] = [];
    const builders = this.#builders;
    for (let i = 0; i < builders.length; i++) {
      const builder = builders[i] as ColumnBuilder;
      const name = this.#names[i] ?? '';
      const { rejected, values, what } = builder;
      if (rejected > 0) misread.push({ name, rejected, values, what });
      const column = builder.build(name, this.issues);
      // A kind the user chose stays, even where the data looks constant or like an ID.
      const forced = this.#options.kinds.get(column.name);
      columns.push(forced ? { ...column, kind: forced } : column);
      yield; // a column of a million rows takes milliseconds; 16,384 small ones, 100s of them
    }
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
    this.#sample = new Sample(names.length, this.#options.sampleRows);
    this.#resetRow();
  }

  #flushPending(): void {
    const text = this.#pendingText;
    this.#pendingText = null;
    if (text !== null)
      this.#deliver(0, text, this.#pendingStart, this.#pendingEnd, this.#pendingQuoted);
  }

  #deliver(column: number, text: string, start: number, end: number, quoted: boolean): void {
    if (this.#sample) this.#sample.cell(this.rows, column, text, start, end, quoted);
    else this.#builders[column]?.add(text, start, end, quoted, this.rows + 1);
  }

  #deliverMissing(column: number): void {
    if (this.#sample) this.#sample.missing(this.rows, column);
    else this.#builders[column]?.addMissing();
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
