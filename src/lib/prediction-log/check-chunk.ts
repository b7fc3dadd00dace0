/**
 * Log records read back from IndexedDB are checked before use, as every stored record is: a
 * batch or chunk edited in devtools is left out of a read and named, never read past its end.
 */
import * as v from 'valibot';
import { MODEL_LIMITS } from '../model/limits';
import {
  columnsProblem,
  predictionsProblem,
  storedColumn,
  storedPredictions,
} from '../reference/check';
import { MAX_CHUNK_ROWS } from './encode-chunk';
import type { StoredColumn } from '../reference/encode';
import { scaledColumnSchema } from './scaled-numbers';
import { LOG_CHUNK_FORMAT, LOG_SOURCES, type LogBatchRecord, type LogChunkRecord } from './types';

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 53 - 1));
const text = v.pipe(v.string(), v.maxLength(10_000));

export const logBatchSchema = v.strictObject({
  id: v.pipe(count, v.minValue(1)),
  versionId: text,
  versionNumber: count,
  projectId: text,
  time: v.pipe(v.number(), v.finite()),
  rows: v.pipe(count, v.maxValue(MAX_CHUNK_ROWS)),
  latencyMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
  source: v.picklist(LOG_SOURCES),
  file: v.nullable(text),
  bytes: count,
});

const logChunkSchema = v.strictObject({
  id: v.pipe(count, v.minValue(1)),
  format: v.literal(LOG_CHUNK_FORMAT),
  rows: v.pipe(count, v.maxValue(MAX_CHUNK_ROWS)),
  columns: v.pipe(
    v.array(v.union([storedColumn, scaledColumnSchema])),
    v.maxLength(MODEL_LIMITS.maxColumns + 1),
  ),
  predictions: storedPredictions,
});

export const isSoundBatch = (value: unknown): value is LogBatchRecord =>
  v.is(logBatchSchema, value);

/** What is wrong with a chunk's links (lengths, codes), or null. */
function linkProblem(chunk: LogChunkRecord, batch: LogBatchRecord): string | null {
  if (chunk.rows !== batch.rows) return 'its row count differs from its batch';
  const scaled = chunk.columns.find(
    (c) => c.storage === 'scaled' && c.values.length !== chunk.rows,
  );
  if (scaled) return `column ${scaled.name} does not have a value per row`;
  const stored = chunk.columns.filter((c): c is StoredColumn => c.storage !== 'scaled');
  return columnsProblem(stored, chunk.rows) ?? predictionsProblem(chunk.predictions, chunk.rows);
}

/** The chunk when it is sound and belongs to `batch`, else why not. */
export function checkLogChunk(
  value: unknown,
  batch: LogBatchRecord,
): { ok: true; chunk: LogChunkRecord } | { ok: false; reason: string } {
  if (value === undefined) return { ok: false, reason: 'its values are missing' };
  const result = v.safeParse(logChunkSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, reason: `${path ? `${path}: ` : ''}${issue?.message ?? 'malformed'}` };
  }
  const chunk = result.output as LogChunkRecord;
  if (chunk.id !== batch.id) return { ok: false, reason: 'its values belong to another batch' };
  const problem = linkProblem(chunk, batch);
  return problem ? { ok: false, reason: problem } : { ok: true, chunk };
}
