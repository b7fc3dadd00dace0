/**
 * A logged batch's values as a columnar chunk, and back. Columns use the reference snapshot's
 * stored form (floats in Float32Array when every value survives it, category codes + 1 in the
 * smallest array), so the log and the reference read alike; each chunk keeps only the
 * categories its own rows use, so a file with a huge dictionary does not copy it per chunk.
 */
import type { Column, Table } from '../data/table';
import {
  codeArray,
  decodeColumn,
  decodePredictions,
  encodePredictions,
  floats,
  type StoredColumn,
  type StoredPredictions,
} from '../reference/encode';
import { ScoredOutputs } from '../deploy/scored-outputs';
import type { Prediction } from '../train/types';
import { scaledColumn, unscaledValues, type ScaledColumn } from './scaled-numbers';
import { LOG_CHUNK_FORMAT, type LogChunkRecord, type LogColumn } from './types';

/** Most rows in one chunk; a larger batch becomes several. */
export const MAX_CHUNK_ROWS = 65_536;

/**
 * A column the log keeps: its name, and its kind for when the table lacks it (then every row is
 * missing, or the column is left out of the chunk when it is `optional`, as the target is).
 */
export interface LoggedColumn {
  name: string;
  kind: string;
  optional?: boolean;
}

/** What the log needs of the version's model. */
export interface LogModelInfo {
  columns: LoggedColumn[];
  classes: readonly string[];
}

function numberColumn(column: Column & { storage: 'number' }, rows: Uint32Array): LogColumn {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i] ?? 0] ?? NaN;
  const floatBytes = (all: Float64Array) => floats(all).BYTES_PER_ELEMENT;
  const scaled = scaledColumn(column.name, column.kind, values, floatBytes);
  if (scaled) return scaled;
  return { name: column.name, kind: column.kind, storage: 'number', values: floats(values) };
}

/** Codes + 1 into the categories these rows use, in order of first use. */
function dictionaryColumn(
  column: Column & { storage: 'dictionary' },
  rows: Uint32Array,
): StoredColumn {
  const remap = new Int32Array(column.categories.length).fill(-1);
  const categories: string[] = [];
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i] ?? 0] ?? -1;
    if (code < 0 || code >= remap.length) continue;
    let kept = remap[code] ?? -1;
    if (kept < 0) {
      kept = categories.push(column.categories[code] ?? '') - 1;
      remap[code] = kept;
    }
    codes[i] = kept + 1;
  }
  return {
    name: column.name,
    kind: column.kind,
    storage: 'dictionary',
    categories,
    codes: codeArray(codes, categories.length),
  };
}

/** A column the table lacks: every row missing, stored as its kind would be. */
function missingColumn(logged: LoggedColumn, rows: number): StoredColumn {
  const kind = logged.kind as Column['kind'];
  if (kind === 'categorical' || kind === 'text' || kind === 'identifier') {
    return {
      name: logged.name,
      kind,
      storage: 'dictionary',
      categories: [],
      codes: new Uint8Array(rows),
    };
  }
  return { name: logged.name, kind, storage: 'number', values: new Float32Array(rows).fill(NaN) };
}

/** Most identifier columns logged beside the model's columns. */
const MAX_KEY_COLUMNS = 3;

/**
 * The logged columns plus the table's identifier columns (an order number, a customer id), so
 * that labels arriving later can be joined to these rows by key (`joinLabels`).
 */
export function withKeyColumns(info: LogModelInfo, table: Table): LogModelInfo {
  const taken = new Set(info.columns.map((c) => c.name));
  const keys = table.columns
    .filter((c) => c.kind === 'identifier' && !taken.has(c.name))
    .slice(0, MAX_KEY_COLUMNS)
    .map((c) => ({ name: c.name, kind: c.kind, optional: true }));
  return keys.length > 0 ? { ...info, columns: [...info.columns, ...keys] } : info;
}

/** Stored size of a chunk: its typed arrays and its text. */
export function chunkBytes(chunk: Pick<LogChunkRecord, 'columns' | 'predictions'>): number {
  let bytes = 0;
  for (const column of chunk.columns) {
    bytes += column.name.length * 2;
    if (column.storage !== 'dictionary') bytes += column.values.byteLength;
    else bytes += column.codes.byteLength + column.categories.reduce((s, c) => s + c.length * 2, 0);
  }
  const p = chunk.predictions;
  if (p.task === 'regression') bytes += p.values.byteLength;
  else bytes += p.labels.byteLength + p.probabilities.byteLength;
  return bytes;
}

/**
 * The chunks of one logged batch: its predicted rows (null predictions left out), at most
 * `chunkRows` per chunk. `id` is filled in when the chunk is stored.
 */
export function encodeLogChunks(
  info: LogModelInfo,
  table: Table,
  predictions: readonly (Prediction | null)[] | ScoredOutputs,
  chunkRows = MAX_CHUNK_ROWS,
): Omit<LogChunkRecord, 'id'>[] {
  const kept: number[] = [];
  const has =
    predictions instanceof ScoredOutputs
      ? (row: number) => predictions.isScored(row)
      : (row: number) => predictions[row] != null;
  for (let row = 0; row < table.rowCount; row++) if (has(row)) kept.push(row);
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  const chunks: Omit<LogChunkRecord, 'id'>[] = [];
  for (let start = 0; start < kept.length; start += chunkRows) {
    const rows = Uint32Array.from(kept.slice(start, start + chunkRows));
    const columns = info.columns.flatMap((logged) => {
      const column = byName.get(logged.name);
      if (!column) return logged.optional ? [] : [missingColumn(logged, rows.length)];
      return [encodeColumnRows(column, rows)];
    });
    chunks.push({
      format: LOG_CHUNK_FORMAT,
      rows: rows.length,
      columns,
      predictions:
        predictions instanceof ScoredOutputs
          ? encodeOutputs(predictions, rows)
          : encodePredictions(
              Array.from(rows, (row) => predictions[row] as Prediction),
              info.classes,
            ),
    });
  }
  return chunks;
}

/**
 * Scoring's columnar outputs of these rows in the stored form, as `encodePredictions` stores the
 * same predictions given as objects (two classes keep only p, as their first is exactly 1 - p).
 */
function encodeOutputs(outputs: ScoredOutputs, rows: Uint32Array): StoredPredictions {
  const { width, values } = outputs;
  const kept = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const at = (rows[i] ?? 0) * width;
    for (let k = 0; k < width; k++) kept[i * width + k] = values[at + k] ?? NaN;
  }
  if (outputs.task === 'regression') return { task: 'regression', values: kept };
  const labels = Array.from(rows, (row) => outputs.labelIndex(row));
  return {
    task: 'classes',
    classes: [...outputs.classes],
    labels: codeArray(labels, outputs.classes.length),
    probabilities: kept,
    width: width === 1 ? 2 : width,
    complement: width === 1,
  };
}

/** A table column's rows in the log's stored form. */
export function encodeColumnRows(column: Column, rows: Uint32Array): LogColumn {
  return column.storage === 'number' ? numberColumn(column, rows) : dictionaryColumn(column, rows);
}

/** A stored column back as a table column. */
export function decodeLogColumn(column: LogColumn): Column {
  return column.storage === 'scaled' ? scaledToColumn(column) : decodeColumn(column);
}

function scaledToColumn(column: ScaledColumn): Column {
  const values = unscaledValues(column);
  const missing = values.reduce((sum, value) => sum + (Number.isNaN(value) ? 1 : 0), 0);
  return { name: column.name, kind: column.kind, storage: 'number', values, missing };
}

/** A chunk's columns and predictions, as the reference decoder gives them. */
export function decodeLogChunk(chunk: LogChunkRecord): {
  columns: Column[];
  predictions: Prediction[];
} {
  return {
    columns: chunk.columns.map(decodeLogColumn),
    predictions: decodePredictions(chunk.predictions, chunk.rows),
  };
}
