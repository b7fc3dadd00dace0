/**
 * One backend and row count of the scoring benchmark: a warm-up on the backend's first use,
 * the three paths timed in turn (raw, ours, ours + CSV) `repeats` times, a check that raw and
 * ours agree, and the breakdown of where ours spends its time.
 */
import { activateBackend, type BackendName, type Table } from '../src/lib/index';
import { takeRows } from '../src/lib/reference/sample';
import { scoringBreakdown } from './scoring-breakdown';
import type { ScoringFile } from './scoring-data';
import {
  BATCH_ROWS,
  inputMatrix,
  ours,
  oursCsv,
  rawNetwork,
  rawPredict,
  rowRange,
  type RawNetwork,
} from './scoring-paths';
import type { ScoringAppPick, ScoringPath, ScoringResult } from './scoring-types';
import { parametersOf, type Log, type Trained } from './sample-models';

export const LABEL = 'scoring';
const GOAL = 0.8;
const PATHS: ScoringPath[] = ['raw', 'ours', 'oursCsv'];
/** Rows of the warm-up run on a backend's first use (two batches). */
const WARM_UP_ROWS = 2 * BATCH_ROWS;

export interface ScoringContext {
  trained: Trained;
  file: ScoringFile;
  /** The file's input matrix (every row preprocessed), for the raw path. */
  matrix: Float32Array;
  appPick: ScoringAppPick;
  repeats: number;
  /** Backends already warmed up. */
  warm: Set<BackendName>;
  log: Log;
}

export function emptyResult(
  backend: BackendName,
  context: Omit<ScoringContext, 'matrix' | 'warm' | 'log'>,
  error: string,
): ScoringResult {
  const { trained, file, appPick, repeats } = context;
  const nan = { raw: NaN, ours: NaN, oursCsv: NaN };
  return {
    model: trained.name,
    dataset: trained.dataset,
    parameters: parametersOf(trained.model),
    inputWidth: trained.model.architecture.inputWidth,
    backend,
    adapter: '',
    picked: backend === appPick.picked,
    appPick,
    rows: file.table.rowCount,
    batchRows: BATCH_ROWS,
    repeats,
    inputBytes: file.bytes,
    readSeconds: file.readSeconds,
    outputBytes: NaN,
    seconds: nan,
    rowsPerSecond: nan,
    ratio: NaN,
    csvRatio: NaN,
    goalMet: false,
    largestDifference: NaN,
    breakdown: null,
    runs: [],
    error,
  };
}

/** Runs one path on `table` (raw on `matrix`, its preprocessed rows). */
async function runPath(
  path: ScoringPath,
  context: ScoringContext,
  raw: RawNetwork,
  table: Table,
  matrix: Float32Array,
): Promise<{ bytes: number; csvMs: number } | null> {
  const model = context.trained.model;
  if (path === 'raw') await rawPredict(raw, matrix);
  else if (path === 'ours') await ours(model, table);
  else return oursCsv(model, table);
  return null;
}

/** Every path once on the first rows, so that no timed run pays for compiling or first uses. */
async function warmUp(context: ScoringContext, raw: RawNetwork): Promise<void> {
  const table = takeFirst(context.file.table, WARM_UP_ROWS);
  const matrix = inputMatrix(context.trained.model, table);
  for (const path of PATHS) await runPath(path, context, raw, table, matrix);
}

const takeFirst = (table: Table, rows: number): Table =>
  takeRows(table, rowRange(0, Math.min(rows, table.rowCount)));

/** Largest |ours - raw| over the first batch's class probabilities (or values). */
async function largestDifference(context: ScoringContext, raw: RawNetwork): Promise<number> {
  const model = context.trained.model;
  const table = takeFirst(context.file.table, BATCH_ROWS);
  const rawOutputs = await rawPredict(raw, inputMatrix(model, table));
  const { predictions } = await ours(model, table);
  const width = rawOutputs.length / table.rowCount;
  let largest = 0;
  predictions.forEach((prediction, row) => {
    const values = !prediction
      ? [NaN]
      : 'value' in prediction
        ? [(prediction.value - model.targetScale.mean) / model.targetScale.std]
        : width === 1
          ? [prediction.probabilities[1] ?? NaN]
          : prediction.probabilities;
    values.forEach((value, i) => {
      const difference = Math.abs(value - (rawOutputs[row * width + i] ?? NaN));
      largest = Number.isNaN(difference) ? Infinity : Math.max(largest, difference);
    });
  });
  return largest;
}

/**
 * The timed runs: raw, ours, ours + CSV in turn, `repeats` times; each path's fastest counts.
 * Also the scored CSV's bytes and the CSV part of the fastest ours + CSV run.
 */
async function timedRuns(context: ScoringContext, raw: RawNetwork) {
  const { file, matrix, repeats } = context;
  const runs: { path: ScoringPath; seconds: number }[] = [];
  const seconds = { raw: Infinity, ours: Infinity, oursCsv: Infinity };
  let csv = { bytes: NaN, csvMs: NaN };
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const path of PATHS) {
      globalThis.gc?.();
      const start = performance.now();
      const written = await runPath(path, context, raw, file.table, matrix);
      const elapsed = (performance.now() - start) / 1000;
      runs.push({ path, seconds: elapsed });
      if (elapsed < seconds[path] && written) csv = written;
      seconds[path] = Math.min(seconds[path], elapsed);
    }
  }
  return { runs, seconds, csv };
}

export async function measureBackend(
  backend: BackendName,
  context: ScoringContext,
): Promise<ScoringResult> {
  const base = emptyResult(backend, context, '');
  const rows = context.file.table.rowCount;
  let raw: RawNetwork | undefined;
  try {
    const info = await activateBackend(backend);
    raw = rawNetwork(context.trained.model);
    if (!context.warm.has(backend)) {
      await warmUp(context, raw);
      context.warm.add(backend);
    }
    const { runs, seconds, csv } = await timedRuns(context, raw);
    const rowsPerSecond = {
      raw: rows / seconds.raw,
      ours: rows / seconds.ours,
      oursCsv: rows / seconds.oursCsv,
    };
    const ratio = rowsPerSecond.ours / rowsPerSecond.raw;
    const difference = await largestDifference(context, raw);
    globalThis.gc?.();
    const breakdown = await scoringBreakdown(
      context.trained.model,
      context.file.table,
      seconds.ours * 1000,
      csv.csvMs,
    );
    const result: ScoringResult = {
      ...base,
      adapter: info.adapter,
      outputBytes: csv.bytes,
      seconds,
      rowsPerSecond,
      ratio,
      csvRatio: rowsPerSecond.oursCsv / rowsPerSecond.raw,
      goalMet: ratio >= GOAL,
      largestDifference: difference,
      breakdown,
      runs,
    };
    const [rawRate, oursRate, csvRate] = PATHS.map((path) => Math.round(rowsPerSecond[path]));
    const shown = (Math.floor(ratio * 100) / 100).toFixed(2);
    context.log(
      `${LABEL}: ${backend} ${rows} rows: raw ${rawRate} rows/s, ours ${oursRate} ` +
        `(${shown}x), ours + CSV ${csvRate}`,
    );
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log(`${LABEL}: ${backend} ${rows} rows failed: ${message}`);
    return { ...base, error: message };
  } finally {
    raw?.dispose();
  }
}
