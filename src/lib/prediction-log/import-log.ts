/**
 * Imports a prediction log that a bundle's predict.mjs wrote with `--log` (JSON Lines, see
 * export/prediction-log-format.ts) into a version's log, for monitoring predictions made
 * outside the browser. The whole file is read and checked first (streamed, line by line, each
 * batch encoded as soon as it is checked so the parsed JSON is let go), then every batch is
 * written in one transaction: a bad line anywhere leaves the log as it was.
 */
import { loadVersion } from '../registry/registry-reads';
import type { RegistryConnection } from '../registry/connection';
import type { TrainedModel } from '../train/types';
import { encodeLogChunks } from './encode-chunk';
import { readBatch } from './log-batch';
import { checkHeader, type LoggedModel, type RunHeader } from './log-header';
import { logTarget, writeBatches, type EncodedBatch } from './log-store';
import {
  asBlob,
  invalidLog,
  LOG_FILE_LIMITS,
  readLines,
  throwIfAborted,
  type LineLimits,
  type ReadLinesOptions,
} from './read-lines';

/** How an import is followed and cancelled. */
export type ImportLogOptions = ReadLinesOptions;

/** What an import added to the log. */
export interface PredictionLogImport {
  /** Runs of predict.mjs in the file (header lines). */
  runs: number;
  /** Batch lines imported. */
  batches: number;
  /** Rows logged (a regression row whose prediction was not a number is not). */
  rows: number;
  /** Cells that were not missing but could not be read as their column's kind; now missing. */
  skippedCells: number;
  /** What retention removed after the import (imported rows older than it keeps, too). */
  trimmed: { batches: number; rows: number };
  /** The oldest and newest batch times (ms since 1970), null when the file has no batch. */
  firstTime: number | null;
  lastTime: number | null;
}

/** A line's JSON value, which must be an object. */
function parseLine(text: string, line: number): object {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 200) : String(error);
    throw invalidLog(`The line is not JSON (${why}).`, line);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidLog('The line is not a JSON object, as every line of a log is.', line);
  }
  return value;
}

async function loggedModel(conn: RegistryConnection, versionId: string): Promise<LoggedModel> {
  const model = await loadVersion<TrainedModel>(conn, versionId);
  const { task, target, classes } = model;
  return { task, target, classes, steps: model.preprocessing.steps };
}

export async function importPredictionLog(
  conn: RegistryConnection,
  versionId: string,
  source: Blob | string | Uint8Array,
  options: ImportLogOptions = {},
  limits: LineLimits = LOG_FILE_LIMITS,
): Promise<PredictionLogImport> {
  throwIfAborted(options.signal);
  const blob = asBlob(source);
  const model = await loggedModel(conn, versionId);
  const { version, info, retention, chunkRows } = await logTarget(conn, versionId);
  const batches: EncodedBatch[] = [];
  let header: RunHeader | null = null;
  let runs = 0;
  let skippedCells = 0;
  for await (const { text, number } of readLines(blob, options, limits)) {
    if (text.trim() === '') continue;
    const value = parseLine(text, number);
    if (Object.hasOwn(value, 'format')) {
      header = checkHeader(value, number, model);
      runs++;
      continue;
    }
    if (!header) {
      throw invalidLog(
        'A batch comes before any header: a log starts with the header line predict.mjs writes.',
        number,
      );
    }
    const batch = readBatch(value, number, header, model);
    skippedCells += batch.skipped;
    batches.push({
      chunks: encodeLogChunks(info, batch.table, batch.predictions, chunkRows),
      logged: batch.predictions.filter((p) => p !== null).length,
      latencyMs: batch.latencyMs,
      time: batch.time,
      source: 'import',
      file: header.file,
    });
  }
  if (runs === 0) throw invalidLog('The file is empty: it has no header line.');
  throwIfAborted(options.signal);
  const written = await writeBatches(conn, version, retention, batches);
  // A loop, not Math.min(...times): a file may hold more batches than a call takes arguments.
  let firstTime: number | null = null;
  let lastTime: number | null = null;
  for (const { time } of batches) {
    firstTime = Math.min(time, firstTime ?? time);
    lastTime = Math.max(time, lastTime ?? time);
  }
  return {
    runs,
    batches: batches.length,
    rows: written.rows,
    skippedCells,
    trimmed: written.trimmed,
    firstTime,
    lastTime,
  };
}
