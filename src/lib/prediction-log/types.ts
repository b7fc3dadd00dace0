/**
 * The prediction log: every prediction the workbench makes (one from the Deploy form, a scored
 * file, or a log that a bundle's predict.mjs wrote elsewhere and the user imported), kept in
 * IndexedDB so that monitoring has something to watch. A batch is stored as one light record
 * (when, which version, how many rows, how long it took) and one columnar chunk (its input
 * values and predictions as typed arrays), never as one record per row.
 */
import type { Table } from '../data/table';
import type { ScoredOutputs } from '../deploy/scored-outputs';
import type { StoredColumn, StoredPredictions } from '../reference/encode';
import type { ScaledColumn } from './scaled-numbers';
import type { Prediction } from '../train/types';

/** Where a logged batch came from. */
export type LogSource = 'single' | 'batch' | 'import';

export const LOG_SOURCES: readonly LogSource[] = ['single', 'batch', 'import'];

/** How much the log keeps: the newest rows up to `maxRows`, none older than `maxAgeDays`. */
export interface LogRetention {
  maxRows: number;
  maxAgeDays: number;
}

/** A million rows (about 30 MB for ten numeric features) for three months. */
export const DEFAULT_LOG_RETENTION: LogRetention = { maxRows: 1_000_000, maxAgeDays: 90 };

/** The bounds a retention setting must keep. */
export const RETENTION_LIMITS = {
  minRows: 1_000,
  maxRows: 50_000_000,
  minDays: 1,
  maxDays: 3_650,
} as const;

/** What `logPredictions` is given. */
export interface PredictionLogEntry {
  versionId: string;
  /**
   * The rows that were predicted. The model's feature columns are logged (and its target
   * column, when the table has it, for monitoring once labels arrive); others are left out.
   */
  table: Table;
  /**
   * One per table row, as `predict` gave them (a null row is not logged), or `scoreTable`'s
   * `result.outputs` (its columnar outputs: no object per row is built).
   */
  predictions: readonly (Prediction | null)[] | ScoredOutputs;
  /** Milliseconds the prediction of all these rows took. */
  latencyMs: number;
  /** When they were predicted (ms since 1970); now by default. */
  time?: number;
  /** 'batch' by default, 'single' for one row from the form. */
  source?: LogSource;
  /** The scored file's name, if any. */
  file?: string | null;
}

/** One logged batch, as listed (its values are in the chunk with the same id). */
export interface LogBatchRecord {
  id: number;
  versionId: string;
  /** The version's number when it was logged (for the CSV and the screen). */
  versionNumber: number;
  projectId: string;
  /** When the batch was predicted, ms since 1970. */
  time: number;
  rows: number;
  /** Milliseconds for the whole batch. */
  latencyMs: number;
  source: LogSource;
  file: string | null;
  /** Stored size of the batch's values: typed arrays plus dictionary text. */
  bytes: number;
}

/** A logged column: the reference's stored form, or numbers as scaled integers. */
export type LogColumn = StoredColumn | ScaledColumn;

export const LOG_CHUNK_FORMAT = 'tabular-workbench/log-chunk@1';

/** A batch's values, columnar: what the `logChunks` store holds under the batch's id. */
export interface LogChunkRecord {
  id: number;
  format: typeof LOG_CHUNK_FORMAT;
  rows: number;
  /**
   * The model's feature columns (and its target when logged), as references store them (codes
   * + 1), or number columns as scaled integer codes where that is exact and smaller.
   */
  columns: LogColumn[];
  predictions: StoredPredictions;
}

/** Which part of the log to read, list, export or clear; every field narrows it. */
export interface PredictionLogQuery {
  versionId?: string;
  projectId?: string;
  /** From this time on (ms since 1970 or a Date), inclusive. */
  from?: number | Date;
  /** Up to this time, inclusive. */
  to?: number | Date;
  /** Only the newest batches that hold this many rows (whole batches; the oldest may overshoot). */
  lastRows?: number;
}

/** A stored batch that fails its checks, left out of a read (and why). */
export interface DamagedLogBatch {
  id: number;
  reason: string;
}

/** What `readPredictionLog` gives: the logged rows, oldest first. */
export interface PredictionLog {
  rowCount: number;
  /**
   * The input values, one column per logged column (the union over the batches read, by name;
   * a column a batch lacks is missing in its rows), categories merged.
   */
  table: Table;
  predictions: Prediction[];
  /**
   * The classes of `probabilities`, in order (empty for regression). Versions of a project share
   * them; a row of a version that lacks a class has probability 0 for it.
   */
  classes: string[];
  /** Per row: its batch's time (ms since 1970). */
  time: Float64Array;
  /** Per row: the version that predicted it. */
  versionIds: string[];
  /** Per row: its batch's latency divided by the batch's rows. */
  latencyMs: Float64Array;
  /** The batches read, oldest first. */
  batches: LogBatchRecord[];
  /** Batches left out because they are damaged (edited in devtools, a failing disk). */
  damaged: DamagedLogBatch[];
}

/** The whole log's size, for the screen's retention panel. */
export interface PredictionLogStats {
  rows: number;
  batches: number;
  bytes: number;
  /** Oldest and newest batch times, null when the log is empty. */
  oldest: number | null;
  newest: number | null;
  retention: LogRetention;
}

/** What a write did: the batches added, and what retention removed. */
export interface LogWriteResult {
  batches: LogBatchRecord[];
  rows: number;
  trimmed: { batches: number; rows: number };
}
