import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WorkbenchError } from '../errors';
import type { ColumnKind, Table, TableIssue } from './table';
import { DOT_DECIMAL, type NumberFormat } from './csv/numbers';
import {
  detectEncoding,
  sniffDecimalComma,
  sniffDelimiter,
  type Delimiter,
  type TextEncodingName,
} from './csv/sniff';
import { byteChunks, sourceSize, textChunks, type CsvSource } from './csv/sources';
import { TableBuilder } from './csv/table-builder';
import { CsvTokenizer } from './csv/tokenizer';

/** Cells that mean "no value" unless the caller says otherwise. */
export const DEFAULT_MISSING_MARKERS = ['', 'NA', 'N/A', 'null', 'NaN', '?', '-'];

export interface ReadProgress {
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

/** Re-read a column as text when more than this share of its cells are not of its kind. */
const MISREAD_SHARE = 0.01;

/**
 * Reads CSV text, bytes or a Blob (e.g. a dropped File, streamed in chunks) into a columnar
 * Table with inferred column kinds, warnings tied to rows and columns, and a SHA-256 fingerprint.
 */
export async function readCsv(source: CsvSource, options: ReadCsvOptions = {}): Promise<Table> {
  let encoding: TextEncodingName | undefined;
  let kinds = { ...options.columnKinds };
  const notices: TableIssue[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await readOnce(source, options, kinds, encoding);
    if (result === 'not-utf-8') {
      encoding = 'windows-1252';
      notices.push({
        code: 'encoding_fallback',
        message:
          'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented letters.',
      });
      continue;
    }
    const misread = result.rejected.filter(
      (c) =>
        options.columnKinds?.[c.name] === undefined &&
        c.rejected > Math.max(0, c.present * MISREAD_SHARE),
    );
    if (misread.length === 0 || attempt === 2) {
      result.table.issues.unshift(...notices);
      return result.table;
    }
    // The first rows looked numeric (or boolean, or dates) but later ones did not: read again.
    kinds = {
      ...kinds,
      ...Object.fromEntries(misread.map((c) => [c.name, 'categorical' as const])),
    };
    for (const c of misread) {
      notices.push({
        code: 'kind_changed',
        message: `Column "${c.name}" looked like numbers in its first rows, but ${c.rejected} later cells are not; it is read as text.`,
        column: c.name,
      });
    }
  }
  throw new Error('unreachable');
}

interface ReadResult {
  table: Table;
  rejected: { name: string; rejected: number; present: number }[];
}

async function readOnce(
  source: CsvSource,
  options: ReadCsvOptions,
  kinds: Record<string, ColumnKind>,
  forcedEncoding: TextEncodingName | undefined,
): Promise<ReadResult | 'not-utf-8'> {
  const totalBytes = sourceSize(source);
  // Web Crypto is ~6x faster but needs the whole file at once: hash huge files as they stream.
  const incremental = totalBytes > INCREMENTAL_HASH_BYTES;
  const hash = incremental ? sha256.create() : null;
  const texts =
    typeof source === 'string'
      ? stringSource(source, hash)
      : decodedChunks(source, hash, forcedEncoding);
  let tokenizer: CsvTokenizer | null = null;
  let builder: TableBuilder | null = null;
  let delimiter: Delimiter = ',';
  let decimalComma = false;
  let encoding: TextEncodingName = 'utf-8';
  let bytesRead = 0;
  let sawText = false;
  try {
    for await (const chunk of texts) {
      throwIfAborted(options.signal);
      bytesRead = chunk.bytesRead;
      encoding = chunk.encoding;
      if (!tokenizer || !builder) {
        if (chunk.text.trim() === '' && !chunk.last && chunk.text.length < 65536) continue;
        delimiter = options.delimiter ?? sniffDelimiter(chunk.text);
        decimalComma = options.decimal
          ? options.decimal === ','
          : sniffDecimalComma(chunk.text, delimiter);
        builder = new TableBuilder({
          missing: new Set(options.missingMarkers ?? DEFAULT_MISSING_MARKERS),
          decimal: decimalComma ? { decimal: 0x2c, thousands: -1 } : DOT_DECIMAL,
          kinds,
          sampleRows: options.sampleRows ?? 1000,
        });
        tokenizer = new CsvTokenizer(delimiter, builder);
      }
      if (chunk.text.trim() !== '') sawText = true;
      tokenizer.push(chunk.text);
      options.onProgress?.({ bytesRead, totalBytes, rows: builder.rows });
    }
  } catch (error) {
    if (
      error instanceof TypeError &&
      forcedEncoding === undefined &&
      !(source instanceof Blob && false)
    ) {
      if (isDecodingError(error)) return 'not-utf-8';
    }
    throw error;
  }
  if (!tokenizer || !builder || !sawText) {
    throw new WorkbenchError('empty_file', 'The file is empty.', {
      hint: 'Choose a CSV file with a header row and at least one data row.',
    });
  }
  if (!tokenizer.finish()) {
    const row = builder.rows + 1;
    const column = builder.columnNames[builder.column] ?? `column ${builder.column + 1}`;
    throw new WorkbenchError(
      'unterminated_quote',
      `A quoted value in row ${row}, column "${column}", is never closed: the file ends inside it.`,
      {
        hint: 'Look for a stray " in that row: inside a quoted value, write a quote as "" (two quotes).',
        details: { row, column },
      },
    );
  }
  if (builder.rows === 0) {
    throw new WorkbenchError('no_data_rows', 'The file has a header but no data rows.', {
      hint: 'Add at least one row of data below the header.',
    });
  }
  const { columns, rejected } = builder.build();
  options.onProgress?.({ bytesRead: totalBytes, totalBytes, rows: builder.rows });
  return {
    rejected,
    table: {
      rowCount: builder.rows,
      columns,
      issues: builder.issues,
      source: {
        bytes: totalBytes,
        encoding,
        delimiter,
        decimal: decimalComma ? ',' : '.',
        sha256: hash ? bytesToHex(hash.digest()) : await digest(source),
      },
    },
  };
}

interface TextChunk {
  text: string;
  bytesRead: number;
  encoding: TextEncodingName;
  last: boolean;
}

type Hash = ReturnType<typeof sha256.create> | null;

/** Above this size the fingerprint is computed while streaming instead of over a full copy. */
const INCREMENTAL_HASH_BYTES = 256 * 1024 * 1024;

/** SHA-256 (hex) of the source's bytes with Web Crypto. */
async function digest(source: CsvSource): Promise<string> {
  const bytes =
    typeof source === 'string'
      ? new TextEncoder().encode(source.replace(/^\uFEFF/, ''))
      : source instanceof Uint8Array
        ? source
        : new Uint8Array(await source.arrayBuffer());
  return bytesToHex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
  );
}

function* stringSource(source: string, hash: Hash): Generator<TextChunk> {
  const encoder = new TextEncoder();
  let read = 0;
  const text = source.replace(/^\uFEFF/, '');
  for (const piece of textChunks(text)) {
    hash?.update(encoder.encode(piece));
    read += piece.length;
    yield { text: piece, bytesRead: read, encoding: 'utf-8', last: read >= text.length };
  }
  if (text.length === 0) yield { text: '', bytesRead: 0, encoding: 'utf-8', last: true };
}

/** Decodes byte chunks strictly (UTF-8 unless a BOM says UTF-16), hashing the bytes on the way. */
async function* decodedChunks(
  source: Blob | Uint8Array,
  hash: Hash,
  forced: TextEncodingName | undefined,
): AsyncGenerator<TextChunk> {
  let decoder: TextDecoder | null = null;
  let encoding: TextEncodingName = forced ?? 'utf-8';
  let read = 0;
  for await (const bytes of byteChunks(source)) {
    hash?.update(bytes);
    read += bytes.byteLength;
    if (!decoder) {
      const detected = detectEncoding(bytes.subarray(0, 65536));
      encoding = forced ?? detected;
      decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
    }
    yield { text: decoder.decode(bytes, { stream: true }), bytesRead: read, encoding, last: false };
  }
  yield { text: decoder ? decoder.decode() : '', bytesRead: read, encoding, last: true };
}

function isDecodingError(error: TypeError): boolean {
  return /decode|encoded|invalid/i.test(error.message);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', 'Reading the file was cancelled.');
}

export type { NumberFormat };
