/**
 * One backend and row count of the scoring benchmark: a warm-up on the backend's first use,
 * the four paths timed in turn (raw, ours, ours + log, ours + CSV) `repeats` times, a check that
 * raw and ours agree, the breakdown of where ours spends its time, and the log's own figures.
 */
import { activateBackend, type BackendName, type Table } from '../src/lib/index';
import { takeRows } from '../src/lib/reference/sample';
import { scoringBreakdown } from './scoring-breakdown';
import type { ScoringFile } from './scoring-data';
import { logFigures, mergeLongTasks } from './scoring-log';
import {
  BATCH_ROWS,
  inputMatrix,
  ours,
  oursCsv,
  oursLog,
  rawNetwork,
  rawPredict,
  rowRange,
  type LogTarget,
  type RawNetwork,
} from './scoring-paths';
import type {
  LongTaskFigures,
  LongTaskWatch,
  ScoringAppPick,
  ScoringPath,
  ScoringResult,
} from './scoring-types';
import { parametersOf, type Log, type Trained } from './sample-models';

export const LABEL = 'scoring';
const GOAL = 0.8;
const PATHS: ScoringPath[] = ['raw', 'ours', 'oursLog', 'oursCsv'];
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
  /** The prediction log the ours + log path writes into. */
  target: LogTarget;
  /** The page's long-task watch, on around each ours + log run. */
  watch: LongTaskWatch;
}

export function emptyResult(
  backend: BackendName,
  context: Omit<ScoringContext, 'matrix' | 'warm' | 'log' | 'target' | 'watch'>,
  error: string,
): ScoringResult {
  const { trained, file, appPick, repeats } = context;
  const nan = { raw: NaN, ours: NaN, oursLog: NaN, oursCsv: NaN };
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
    scoreRatio: NaN,
    csvRatio: NaN,
    goalMet: false,
    largestDifference: NaN,
    breakdown: null,
    log: null,
    mainThread: null,
    runs: [],
    error,
  };
}

/** What a path did besides scoring: the scored CSV's bytes and time, or the logging time. */
interface PathExtra {
  csv?: { bytes: number; csvMs: number };
  logMs?: number;
}

/** Runs one path on `table` (raw on `matrix`, its preprocessed rows). */
async function runPath(
  path: ScoringPath,
  context: ScoringContext,
  raw: RawNetwork,
  table: Table,
  matrix: Float32Array,
): Promise<PathExtra> {
  const model = context.trained.model;
  if (path === 'raw') await rawPredict(raw, matrix);
  else if (path === 'ours') await ours(model, table);
  else if (path === 'oursLog') return oursLog(model, table, context.target);
  else return { csv: await oursCsv(model, table) };
  return {};
}

/** Every path once on the first rows, so that no timed run pays for compiling or first uses. */
async function warmUp(context: ScoringContext, raw: RawNetwork): Promise<void> {
  const table = takeFirst(context.file.table, WARM_UP_ROWS);
  const matrix = inputMatrix(context.trained.model, table);
  for (const path of PATHS) await runPath(path, context, raw, table, matrix);
  await context.target.registry.clearPredictionLog();
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
 * The timed runs: raw, ours, ours + log, ours + CSV in turn, `repeats` times; each path's
 * fastest counts. Before each ours + log run (outside its clock) the log is emptied, so every
 * run writes into the same empty log, and the page starts watching for long tasks. Also the
 * scored CSV's bytes, and the CSV and log parts of the fastest runs of their paths.
 */
async function timedRuns(context: ScoringContext, raw: RawNetwork) {
  const { file, matrix, repeats, target, watch } = context;
  const runs: { path: ScoringPath; seconds: number }[] = [];
  const seconds = { raw: Infinity, ours: Infinity, oursLog: Infinity, oursCsv: Infinity };
  let csv = { bytes: NaN, csvMs: NaN };
  let logMs = NaN;
  let mainThread: LongTaskFigures | null = null;
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const path of PATHS) {
      if (path === 'oursLog') {
        await target.registry.clearPredictionLog();
        await watch.start();
      }
      globalThis.gc?.();
      const start = performance.now();
      const extra = await runPath(path, context, raw, file.table, matrix);
      const elapsed = (performance.now() - start) / 1000;
      if (path === 'oursLog') mainThread = mergeLongTasks(mainThread, await watch.stop());
      runs.push({ path, seconds: elapsed });
      if (elapsed < seconds[path]) {
        if (extra.csv) csv = extra.csv;
        if (extra.logMs !== undefined) logMs = extra.logMs;
      }
      seconds[path] = Math.min(seconds[path], elapsed);
    }
  }
  await target.registry.clearPredictionLog();
  return { runs, seconds, csv, logMs, mainThread };
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
    const timed = await timedRuns(context, raw);
    const { runs, seconds, csv } = timed;
    const rowsPerSecond = {
      raw: rows / seconds.raw,
      ours: rows / seconds.ours,
      oursLog: rows / seconds.oursLog,
      oursCsv: rows / seconds.oursCsv,
    };
    const ratio = rowsPerSecond.oursLog / rowsPerSecond.raw;
    const difference = await largestDifference(context, raw);
    globalThis.gc?.();
    const { model } = context.trained;
    const breakdown = await scoringBreakdown(model, context.file.table, seconds.ours * 1000, {
      csvMs: csv.csvMs,
      logMs: timed.logMs,
    });
    globalThis.gc?.();
    const log = await logFigures(context.target, model, context.file.table, context.watch);
    const result: ScoringResult = {
      ...base,
      adapter: info.adapter,
      outputBytes: csv.bytes,
      seconds,
      rowsPerSecond,
      ratio,
      scoreRatio: rowsPerSecond.ours / rowsPerSecond.raw,
      csvRatio: rowsPerSecond.oursCsv / rowsPerSecond.raw,
      goalMet: ratio >= GOAL,
      largestDifference: difference,
      breakdown,
      log: log.figures,
      mainThread: timed.mainThread && mergeLongTasks(timed.mainThread, log.mainThread),
      runs,
    };
    const [rawRate, oursRate, logRate, csvRate] = PATHS.map((path) =>
      Math.round(rowsPerSecond[path]),
    );
    const shown = (value: number) => `${(Math.floor(value * 100) / 100).toFixed(2)}x`;
    context.log(
      `${LABEL}: ${backend} ${rows} rows: raw ${rawRate} rows/s, ours ${oursRate} ` +
        `(${shown(result.scoreRatio)}), ours + log ${logRate} (${shown(ratio)}), ours + CSV ` +
        `${csvRate}; log ${log.figures.statsBytesPerRow.toFixed(1)} B/row, worker blocked ` +
        `${log.figures.workerLongestBlockMs.toFixed(0)} ms at most`,
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
