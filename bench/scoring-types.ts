/** What the batch-scoring benchmark (bench/scoring-bench.worker.ts) reports. Types only. */
import type { BackendName } from '../src/lib/index';

/** The three timed paths, fastest run of each: seconds and rows/s. */
export type ScoringPath = 'raw' | 'ours' | 'oursCsv';

/**
 * Where `scoreTable`'s time goes: each part of its work done alone over the same batches (of
 * 8,192 rows), in ms. `otherMs` is the fastest `scoreTable` run minus the parts (pauses, garbage
 * collection, what the parts do not cover); negative when the parts ran slower alone.
 */
export interface ScoringBreakdown {
  /** validateModel + checkedTable + checkScoringColumns once, and validateModel + checkedTable
   * per batch (predict checks its batch again). */
  checksMs: number;
  /** The row indices and `takeRows` per batch. */
  rowCopyMs: number;
  /** `transformRows` per batch (the raw path has this matrix built before its clock starts). */
  preprocessMs: number;
  /** What `predict` does per call before predicting: copy the model's parts, dequantize the
   * weights, build the network, set its weights, and dispose of them afterwards. */
  networkSetupMs: number;
  /** tensor2d + predict + data() per batch: the raw path's own work. */
  networkMs: number;
  /** `appendPredictions`: one { label, probabilities } (or { value }) object per row. */
  predictionObjectsMs: number;
  /** Copying each batch's predictions into the result's one-per-row array. */
  resultArrayMs: number;
  otherMs: number;
  /** The fastest `scoreTable` run the parts are compared with. */
  oursMs: number;
  /** `scoredCsv` + Blob in the fastest ours + CSV run (the CSV path's work after scoreTable). */
  csvMs: number;
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
  /** Timed runs per path (alternating raw, ours, ours + CSV); each path's fastest counts. */
  repeats: number;
  /** Bytes of the generated input CSV, and readCsv of it as a Blob (outside every timing). */
  inputBytes: number;
  readSeconds: number;
  /** The scored CSV's bytes (input columns + prediction + one probability per class). */
  outputBytes: number;
  seconds: Record<ScoringPath, number>;
  rowsPerSecond: Record<ScoringPath, number>;
  /** rowsPerSecond.ours / rowsPerSecond.raw; the goal is >= 0.8. */
  ratio: number;
  /** rowsPerSecond.oursCsv / rowsPerSecond.raw. */
  csvRatio: number;
  goalMet: boolean;
  /** Largest |ours - raw| over the first batch's outputs: both paths compute the same thing. */
  largestDifference: number;
  breakdown: ScoringBreakdown | null;
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
  run(options: ScoringOptions, onProgress: (line: string) => void): Promise<ScoringResult[]>;
}
