/**
 * The prediction log in the scoring benchmark: a registry of the worker's own (a fresh database
 * per run, deleted afterwards) holding the bench's model as a version, with retention wide
 * enough that no row is dropped; and what logging costs besides its time: bytes per row, the
 * worker's longest block, one chunk's encoding and write, and the page's long tasks meanwhile.
 */
import { openRegistry, scoreTable, type Table, type TrainedModel } from '../src/lib/index';
import { encodeLogChunks, MAX_CHUNK_ROWS } from '../src/lib/prediction-log/encode-chunk';
import { RETENTION_LIMITS } from '../src/lib/prediction-log/types';
import { takeRows } from '../src/lib/reference/sample';
import { logResult, ours, rowRange, type LogTarget } from './scoring-paths';
import type { LongTaskFigures, LongTaskWatch, ScoringLogFigures } from './scoring-types';
import { median } from './sample-models';

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`cannot delete ${name}`));
  });
}

/** A fresh registry with `model` saved as a version, keeping up to 50,000,000 rows. */
export async function openLogTarget(model: TrainedModel): Promise<LogTarget> {
  const name = `bench-scoring-log-${Date.now()}`;
  const registry = await openRegistry({ name });
  try {
    const versionId = (await registry.saveVersion(model)).id;
    await registry.setLogRetention({ maxRows: RETENTION_LIMITS.maxRows });
    return { registry, versionId, name };
  } catch (error) {
    registry.close();
    await deleteDatabase(name);
    throw error;
  }
}

export async function closeLogTarget(target: LogTarget): Promise<void> {
  target.registry.close();
  await deleteDatabase(target.name);
}

/** Long-task figures of two watch windows as one. */
export function mergeLongTasks(a: LongTaskFigures | null, b: LongTaskFigures): LongTaskFigures {
  if (!a) return b;
  return {
    supported: a.supported && b.supported,
    count: a.count + b.count,
    longestMs: Math.max(a.longestMs, b.longestMs),
    watchedMs: a.watchedMs + b.watchedMs,
    probeMs: b.probeMs,
  };
}

/**
 * Runs `work` while a 0 ms timer re-arms itself in this worker; the largest gap between two
 * firings is the longest the worker could not answer (timers nest at 4 ms at best).
 */
async function withLongestBlock(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  try {
    await work();
  } finally {
    running = false;
  }
  return Math.max(longest, performance.now() - last);
}

/** What this site stores, as the browser estimates it; null where it does not say. */
async function storageUsage(): Promise<number | null> {
  const estimate = await navigator.storage?.estimate().catch(() => undefined);
  return estimate?.usage ?? null;
}

/**
 * The table with each number scaled by a factor from 0.9 to 1.1 and rounded to one decimal
 * (as the sample's are), from a fixed seed: rows that no longer repeat every 1,461 rows, so that
 * the browser cannot compress the stored log far below what real files would cost.
 */
function variedTable(table: Table): Table {
  let seed = 14;
  const next = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const columns = table.columns.map((column) => {
    if (column.storage !== 'number') return column;
    const values = column.values.map((value) => Math.round(value * (9 + 2 * next())) / 10);
    return { ...column, values };
  });
  return { ...table, columns };
}

/** scoreTable + logPredictions of `table` (untimed) and the storage estimate's growth meanwhile. */
async function storageGrowth(target: LogTarget, model: TrainedModel, table: Table) {
  const start = performance.now();
  const result = await ours(model, table);
  const latencyMs = performance.now() - start;
  const before = await storageUsage();
  const workerLongestBlockMs = await withLongestBlock(() =>
    logResult(target, table, result, latencyMs),
  );
  const after = await storageUsage();
  const grown = before !== null && after !== null && after > before ? after - before : null;
  return {
    // Only the first chunk's rows are kept, so that no whole result outlives its write.
    firstChunk: result.predictions.slice(0, MAX_CHUNK_ROWS),
    workerLongestBlockMs,
    bytesPerRow: grown === null ? null : grown / result.scored,
  };
}

/** The first chunk's rows logged end to end (median of 3), and encoded alone (median of 3). */
async function oneChunk(
  target: LogTarget,
  model: TrainedModel,
  table: Table,
  chunkPredictions: Awaited<ReturnType<typeof ours>>['predictions'],
) {
  const rows = chunkPredictions.length;
  const chunkTable = takeRows(table, rowRange(0, rows));
  const scored = await scoreTable(model, chunkTable);
  const version = await target.registry.getVersion(target.versionId);
  // As log-store.ts's modelInfo builds it: the feature columns, and the target when present.
  const info = {
    columns: [
      ...version.schema.map((column) => ({ name: column.name, kind: column.kind })),
      { name: model.target, kind: 'unknown', optional: true },
    ],
    classes: model.classes,
  };
  const logged: number[] = [];
  const encoded: number[] = [];
  for (let i = 0; i < 3; i++) {
    let start = performance.now();
    await logResult(target, chunkTable, scored, 0);
    logged.push(performance.now() - start);
    start = performance.now();
    encodeLogChunks(info, chunkTable, scored.outputs);
    encoded.push(performance.now() - start);
  }
  return { chunkLogMs: median(logged), chunkEncodeMs: median(encoded) };
}

/**
 * One more scoreTable + logPredictions of the whole file (untimed) into an emptied log, with
 * the page watching its long tasks: the log's size per row by its own count and by the
 * browser's storage estimate, the worker's longest block while logging, and one chunk's costs.
 * Then the same with the file's numbers varied (added to the log, not emptied first: a clear
 * could let the database compact during the write and shrink the estimate).
 */
export async function logFigures(
  target: LogTarget,
  model: TrainedModel,
  table: Table,
  watch: LongTaskWatch,
): Promise<{ figures: ScoringLogFigures; mainThread: LongTaskFigures }> {
  await target.registry.clearPredictionLog();
  await watch.start();
  const repeated = await storageGrowth(target, model, table);
  const mainThread = await watch.stop();
  const stats = await target.registry.predictionLogStats();
  const chunk = await oneChunk(target, model, table, repeated.firstChunk);
  globalThis.gc?.();
  const varied = await storageGrowth(target, model, variedTable(table));
  await target.registry.clearPredictionLog();
  const figures: ScoringLogFigures = {
    rows: stats.rows,
    statsBytesPerRow: stats.bytes / stats.rows,
    storageBytesPerRow: varied.bytesPerRow,
    repeatedStorageBytesPerRow: repeated.bytesPerRow,
    workerLongestBlockMs: Math.max(repeated.workerLongestBlockMs, varied.workerLongestBlockMs),
    ...chunk,
  };
  return { figures, mainThread };
}
