/**
 * The chunks of several batches as one table of logged rows, oldest first. Batches of different
 * versions may log different columns: the table has their union by name, and a column a batch
 * lacks is missing in its rows. A column stored as numbers in one batch and as categories in
 * another becomes categories (the numbers as text), so no value is lost.
 */
import { concatTables } from '../data/concat-tables';
import type { Table } from '../data/table';
import type { Prediction } from '../train/types';
import { decodeLogChunk } from './encode-chunk';
import type { DamagedLogBatch, LogBatchRecord, LogChunkRecord, PredictionLog } from './types';

/** Every chunk's classes, in order of first appearance (versions of a project share them). */
function unionClasses(chunks: readonly LogChunkRecord[]): string[] {
  const classes = new Set<string>();
  for (const chunk of chunks) {
    if (chunk.predictions.task === 'classes')
      chunk.predictions.classes.forEach((c) => classes.add(c));
  }
  return [...classes];
}

/** A chunk's predictions with probabilities in `classes` order (0 for a class it lacks). */
function inClassOrder(
  predictions: Prediction[],
  chunk: LogChunkRecord,
  classes: readonly string[],
): Prediction[] {
  const own = chunk.predictions.task === 'classes' ? chunk.predictions.classes : [];
  if (own.length === 0 || own.join('\u0000') === classes.join('\u0000')) return predictions;
  const at = classes.map((label) => own.indexOf(label));
  return predictions.map((p) =>
    'probabilities' in p
      ? { label: p.label, probabilities: at.map((i) => (i < 0 ? 0 : (p.probabilities[i] ?? 0))) }
      : p,
  );
}

export function mergeLog(
  batches: readonly LogBatchRecord[],
  chunks: readonly LogChunkRecord[],
  damaged: DamagedLogBatch[],
): PredictionLog {
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
  const classes = unionClasses(chunks);
  const predictions: Prediction[] = [];
  const time = new Float64Array(rowCount);
  const latencyMs = new Float64Array(rowCount);
  const versionIds = new Array<string>(rowCount);
  const tables: Table[] = [];
  let offset = 0;
  chunks.forEach((chunk, i) => {
    const batch = batches[i] as LogBatchRecord;
    const decoded = decodeLogChunk(chunk);
    tables.push({ rowCount: chunk.rows, columns: decoded.columns, issues: [] });
    for (const prediction of inClassOrder(decoded.predictions, chunk, classes)) {
      predictions.push(prediction);
    }
    time.fill(batch.time, offset, offset + chunk.rows);
    latencyMs.fill(chunk.rows > 0 ? batch.latencyMs / chunk.rows : 0, offset, offset + chunk.rows);
    versionIds.fill(batch.versionId, offset, offset + chunk.rows);
    offset += chunk.rows;
  });
  return {
    rowCount,
    table: concatTables(tables),
    predictions,
    classes,
    time,
    versionIds,
    latencyMs,
    batches: [...batches],
    damaged,
  };
}
