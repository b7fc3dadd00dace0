/** What the batch-scoring benchmark (bench/scoring-bench.worker.ts) reports. Types only. */
import type { BackendName } from '../src/lib/index';

/** The four timed paths, fastest run of each: seconds and rows/s. */
export type ScoringPath = 'raw' | 'ours' | 'oursLog' | 'oursCsv';

/**
 * Where `scoreTable`'s time goes: each part of its work done alone over the same batches (of
 * 8,192 rows), in ms. `otherMs` is the fastest `scoreTable` run minus the parts (pauses, garbage
 * collection, what the parts do not cover); negative when the parts ran slower alone.
 */
export interface ScoringBreakdown {
  /** validateModel + checkedTable + checkScoringColumns once, and validateModel + checkedTable
   * per batch (predict checks its batch again). */
  checksMs: number;
  /** Each batch as views of the table's arrays (`rowRange`, no copy). */
  rowViewMs: number;
  /** `transformRows` per batch (the raw path has this matrix built before its clock starts). */
  preprocessMs: number;
  /** What `predict` does per call before predicting: copy the model's parts, dequantize the
   * weights, build the network, set its weights, and dispose of them afterwards. */
  networkSetupMs: number;
  /** tensor2d + predict + data() per batch: the raw path's own work. */
  networkMs: number;
  /** `checkedOutputs` (finite, unscaled) and copying each batch's outputs into the columnar result. */
  outputsMs: number;
  /** The columnar result's arrays (`ScoredOutputs`). */
  resultArraysMs: number;
  otherMs: number;
  /** The fastest `scoreTable` run the parts are compared with. */
  oursMs: number;
  /** `scoredCsv` + Blob in the fastest ours + CSV run (the CSV path's work after scoreTable). */
  csvMs: number;
  /** `logPredictions` in the fastest ours + log run (the log path's work after scoreTable). */
  logMs: number;
}

/**
 * The prediction log's side of one backend and row count, measured after the timed runs on one
 * more (untimed) scoreTable + logPredictions of the whole file into an emptied log.
 */
export interface ScoringLogFigures {
  /** Rows the log held afterwards: every scored row, none dropped by retention. */
  rows: number;
  /** predictionLogStats().bytes / rows: the typed arrays and category text the log counts. */
  statsBytesPerRow: number;
  /**
   * navigator.storage.estimate() usage after logging minus before, per row: what the browser
   * says the write cost on disk; null when it did not grow. Measured on the file with its
   * numbers varied (each scaled by 0.9 to 1.1, one decimal): Chromium compresses stored values,
   * and the bench file's rows repeat every 1,461 rows, which would flatter the log.
   */
  storageBytesPerRow: number | null;
  /** The same on the bench file as it is (rows repeating): what compression makes of repeats. */
  repeatedStorageBytesPerRow: number | null;
  /**
   * The largest gap between two 0 ms timers in the worker while it logged the whole file (the
   * larger of the two writes): its longest block.
   */
  workerLongestBlockMs: number;
  /** encodeLogChunks of one chunk (65,536 rows) alone: its synchronous encoding step. */
  chunkEncodeMs: number;
  /** logPredictions of one 65,536-row chunk end to end (check, encode, IndexedDB write). */
  chunkLogMs: number;
}

/** What the page saw of its own main thread (PerformanceObserver 'longtask'). */
export interface LongTaskFigures {
  /** Whether this browser reports 'longtask' entries at all. */
  supported: boolean;
  count: number;
  /** The longest one, in ms (0 when none). */
  longestMs: number;
  /** How long the page watched, in ms. */
  watchedMs: number;
  /**
   * A 150 ms block the page made on purpose before the runs, as the observer reported it: proof
   * that a zero count means no long task, not a deaf observer (null: it was not reported).
   */
  probeMs: number | null;
}

/** The page's long-task watch, which the worker starts and stops around its ours + log runs. */
export interface LongTaskWatch {
  start(): Promise<void>;
  stop(): Promise<LongTaskFigures>;
}

/** One backend and row count. */
export interface ScoringResult {
  model: string;
  dataset: string;
  parameters: number;
  inputWidth: number;
  backend: BackendName;
  /** probeBackends' device label, e.g. 'simd'. */
  adapter: string;
  /** Whether the app's quick measurement (as on a first open) picks this backend here. */
  picked: boolean;
  /** The app's choice it comes from (the same on every row). */
  appPick: ScoringAppPick;
  rows: number;
  batchRows: number;
  /** Timed runs per path (in turn raw, ours, ours + log, ours + CSV); each path's fastest counts. */
  repeats: number;
  /** Bytes of the generated input CSV, and readCsv of it as a Blob (outside every timing). */
  inputBytes: number;
  readSeconds: number;
  /** The scored CSV's bytes (input columns + prediction + one probability per class). */
  outputBytes: number;
  seconds: Record<ScoringPath, number>;
  rowsPerSecond: Record<ScoringPath, number>;
  /** rowsPerSecond.oursLog / rowsPerSecond.raw: scoring and logging; the goal is >= 0.8. */
  ratio: number;
  /** rowsPerSecond.ours / rowsPerSecond.raw: scoring alone. */
  scoreRatio: number;
  /** rowsPerSecond.oursCsv / rowsPerSecond.raw. */
  csvRatio: number;
  goalMet: boolean;
  /** Largest |ours - raw| over the first batch's outputs: both paths compute the same thing. */
  largestDifference: number;
  breakdown: ScoringBreakdown | null;
  log: ScoringLogFigures | null;
  /**
   * Long tasks on the page's main thread while the worker ran every ours + log run (and the
   * untimed one behind `log`); the goal is none over 100 ms.
   */
  mainThread: LongTaskFigures | null;
  /** Every timed run in the order it ran, in seconds. */
  runs: { path: ScoringPath; seconds: number }[];
  /** Why this row could not be measured; '' when it was. */
  error: string;
  file?: never;
}

/** The app's backend choice in this browser, as on a first open ('quick' preset). */
export interface ScoringAppPick {
  picked: BackendName | '';
  micro: { name: BackendName; samplesPerSecond: number }[];
  ms: number;
}

export interface ScoringOptions {
  /** Only these backends (BENCH_BACKENDS); empty means the app's pick, then wasm, cpu, webgl. */
  backends: BackendName[];
}

/** The scoring benchmark's worker, called through Comlink. */
export interface ScoringBenchApi {
  run(
    options: ScoringOptions,
    onProgress: (line: string) => void,
    watch: LongTaskWatch,
  ): Promise<ScoringResult[]>;
}
