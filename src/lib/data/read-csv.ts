import { WorkbenchError } from '../errors';
import type { ColumnKind, Table, TableIssue } from './table';
import { DOT_DECIMAL } from './csv/numbers';
import {
  sniffDecimalComma,
  sniffDelimiter,
  type Delimiter,
  type TextEncodingName,
} from './csv/sniff';
import {
  Fingerprint,
  NotUtf8Error,
  sourceSize,
  startDigest,
  textChunks,
  type CsvSource,
  type Digest,
} from './csv/sources';
import { Pacer } from '../pace';
import { keepShapes } from './csv/shape-anchors';
import { TableBuilder, type MisreadReport } from './csv/table-builder';
import { CsvTokenizer } from './csv/tokenizer';

/** Cells that mean "no value" unless the caller says otherwise. */
export const DEFAULT_MISSING_MARKERS = ['', 'NA', 'N/A', 'null', 'NaN', '?', '-'];

export interface ReadProgress {
  /** Bytes read so far (characters, for a string source); never goes down. */
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ReadCsvOptions {
  /** Cell texts treated as missing (compared after trimming spaces). */
  missingMarkers?: string[];
  /** Field delimiter; sniffed from the first lines when left out. */
  delimiter?: Delimiter;
  /** Decimal separator; ',' is detected in ;-separated files when left out. */
  decimal?: '.' | ',';
  /** Kinds chosen by the user, by column name; the others are inferred. */
  columnKinds?: Record<string, ColumnKind>;
  /** Rows read as text to infer kinds (default 1000). */
  sampleRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ReadProgress) => void;
}

/** Re-read a column as text when more than this share of its values are not of its kind. */
const MISREAD_SHARE = 0.01;

/** Characters of text collected before sniffing the delimiter (chunks may be tiny). */
const SNIFF_CHARS = 65536;

/**
 * Reads CSV text, bytes or a Blob (e.g. a dropped File, streamed in chunks) into a columnar
 * Table with inferred column kinds, warnings tied to rows and columns, and a SHA-256 fingerprint.
 */
export async function readCsv(source: CsvSource, options: ReadCsvOptions = {}): Promise<Table> {
  const plan: ReadPlan = {
    // A Map, so columns named "constructor" or "__proto__" find no inherited values.
    kinds: new Map(Object.entries(options.columnKinds ?? {})),
    reread: new Set(),
    encoding: undefined,
    onProgress: forwardOnly(options.onProgress),
    pacer: new Pacer(),
    digest: startDigest(source),
  };
  const notices: TableIssue[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    let result: ReadResult;
    try {
      result = await readOnce(source, options, plan);
      keepShapes(); // so that the next read (or this one's second pass) starts warm
    } catch (error) {
      if (!(error instanceof NotUtf8Error) || plan.encoding) throw error;
      plan.encoding = 'windows-1252';
      notices.push({
        code: 'encoding_fallback',
        message:
          'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented letters.',
      });
      continue;
    }
    const misread = result.misread.filter(
      (c) => !plan.kinds.has(c.name) && c.rejected > c.values * MISREAD_SHARE,
    );
    if (misread.length === 0 || attempt === 2) {
      result.table.issues.unshift(...notices);
      return result.table;
    }
    // The first rows looked numeric (or boolean, or dates) but later ones did not: read again.
    for (const c of misread) {
      plan.reread.add(c.name);
      notices.push({
        code: 'kind_changed',
        message: `Column "${c.name}" looked like ${c.what} in its first rows, but ${c.rejected} later cells are not; it is read as text.`,
        column: c.name,
      });
    }
  }
  throw new Error('unreachable');
}

interface ReadPlan {
  kinds: ReadonlyMap<string, ColumnKind>;
  /** Columns read as text because a previous pass found too many cells not of their kind. */
  reread: Set<string>;
  encoding: TextEncodingName | undefined;
  onProgress: ((progress: ReadProgress) => void) | undefined;
  /** The source's fingerprint, started before the first read (null: hashed while streaming). */
  digest: Promise<Digest> | null;
  /** Lets other tasks run between chunks (every read of the source shares it). */
  pacer: Pacer;
}

interface ReadResult {
  table: Table;
  misread: MisreadReport[];
}

async function readOnce(
  source: CsvSource,
  options: ReadCsvOptions,
  plan: ReadPlan,
): Promise<ReadResult> {
  const totalBytes = sourceSize(source);
  const fingerprint = new Fingerprint(source, plan.digest);
  let tokenizer: CsvTokenizer | null = null;
  let builder: TableBuilder | null = null;
  let delimiter: Delimiter = ',';
  let decimalComma = false;
  let encoding: TextEncodingName = 'utf-8';
  let head = '';
  let sawText = false;
  const pacer = plan.pacer;
  for await (const chunk of textChunks(source, fingerprint, plan.encoding)) {
    await pacer.pause();
    throwIfAborted(options.signal);
    encoding = chunk.encoding;
    if (!sawText && chunk.text.trim() !== '') sawText = true;
    let text = chunk.text;
    if (!tokenizer || !builder) {
      head += text;
      // Sniff from enough text to hold whole lines, however small the first chunks are.
      if (!chunk.last && (head.length < SNIFF_CHARS || !sawText)) continue;
      text = head;
      head = '';
      delimiter = options.delimiter ?? sniffDelimiter(text);
      decimalComma = options.decimal ? options.decimal === ',' : sniffDecimalComma(text, delimiter);
      builder = new TableBuilder({
        missing: new Set(options.missingMarkers ?? DEFAULT_MISSING_MARKERS),
        decimal: decimalComma ? { decimal: 0x2c, thousands: -1 } : DOT_DECIMAL,
        kinds: plan.kinds,
        reread: plan.reread,
        sampleRows: options.sampleRows ?? 1000,
        totalSize: totalBytes,
      });
      tokenizer = new CsvTokenizer(delimiter, builder);
    }
    tokenizer.push(text);
    if (builder.streamingDue) await stepThrough(builder.startStreaming(), pacer, options.signal);
    plan.onProgress?.({ bytesRead: chunk.bytesRead, totalBytes, rows: builder.rows });
  }
  if (!tokenizer || !builder || !sawText) {
    throw new WorkbenchError('empty_file', 'The file is empty.', {
      hint: 'Choose a CSV file with a header row and at least one data row.',
    });
  }
  if (!tokenizer.finish()) throw unterminatedQuote(builder);
  if (builder.rows === 0) {
    throw new WorkbenchError('no_data_rows', 'The file has a header but no data rows.', {
      hint: 'Add at least one row of data below the header.',
    });
  }
  const { columns, misread } = await stepThrough(builder.build(), pacer, options.signal);
  const { sha256, bytes } = await fingerprint.finish();
  plan.onProgress?.({ bytesRead: totalBytes, totalBytes, rows: builder.rows });
  return {
    misread,
    table: {
      rowCount: builder.rows,
      columns,
      issues: builder.issues,
      source: { bytes, encoding, delimiter, decimal: decimalComma ? ',' : '.', sha256 },
    },
  };
}

/** Runs `steps` to the end, letting other tasks run between steps when it is time. */
async function stepThrough<T>(
  steps: Generator<void, T>,
  pacer: Pacer,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (!pacer.due) continue; // steps are small: no await (a microtask) per step
    await pacer.pause();
    throwIfAborted(signal);
  }
}

function unterminatedQuote(builder: TableBuilder): WorkbenchError {
  const hint =
    'Look for a stray " in that row: inside a quoted value, write a quote as "" (two quotes).';
  if (!builder.hasHeader) {
    const column = builder.headerFieldCount + 1;
    return new WorkbenchError(
      'unterminated_quote',
      `A quoted name in the header, column ${column}, is never closed: the file ends inside it.`,
      { hint, details: { row: 0, column: `column ${column}` } },
    );
  }
  const row = builder.rows + 1;
  const column = builder.columnNames[builder.column] ?? `column ${builder.column + 1}`;
  return new WorkbenchError(
    'unterminated_quote',
    `A quoted value in row ${row}, column "${column}", is never closed: the file ends inside it.`,
    { hint, details: { row, column } },
  );
}

/** Progress that never goes backwards when the file is read a second time. */
function forwardOnly(
  onProgress: ((progress: ReadProgress) => void) | undefined,
): ((progress: ReadProgress) => void) | undefined {
  if (!onProgress) return undefined;
  let reached = 0;
  return (progress) => {
    if (progress.bytesRead < reached) return;
    reached = progress.bytesRead;
    onProgress(progress);
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', 'Reading the file was cancelled.');
}
