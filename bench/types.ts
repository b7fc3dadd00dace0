/**
 * The shapes that cross the worker, the page and the Node runner. Types only, so bench/run.mjs
 * can import them through JSDoc without loading any browser code.
 */
import type { BackendName } from '../src/lib/index';

/** One backend's row of the training-throughput benchmark. */
export interface TrainingThroughputResult {
  backend: BackendName;
  /** The device label from probeBackends(), e.g. "google swiftshader" or "simd". */
  adapter: string;
  /** Rows in the synthetic table handed to trainModel (before its test/validation split). */
  rows: number;
  /** Rows both paths train on per epoch (trainModel's training split; the baseline's slice). */
  trainRows: number;
  /** Rows both paths validate on at the end of every epoch. */
  validationRows: number;
  epochs: number;
  batchSize: number;
  /** How many times each path was timed; the reported rates are each path's fastest run. */
  repeats: number;
  /** Plain `model.fit`, timed around the fit call only. */
  baselineSamplesPerSecond: number;
  /** `trainModel`, timed around the whole call: split, preprocessing, fit, scoring, weights. */
  workbenchSamplesPerSecond: number;
  /** `trainModel`'s own figure for its fit phase. */
  workbenchFitSamplesPerSecond: number;
  /** workbenchSamplesPerSecond / baselineSamplesPerSecond: below 1 means the workbench is slower. */
  ratio: number;
  /** workbenchFitSamplesPerSecond / baselineSamplesPerSecond: the fit phases alone. */
  fitRatio: number;
  /** Tensors left alive by one baseline run, most seen over the repeats (0 is right). */
  baselineLeakedTensors: number;
  /** Tensors left alive by one trainModel call, most seen over the repeats (0 is right). */
  leakedTensors: number;
  /** Every timed run, in the order they ran, so order effects stay visible. */
  runs: TimedRun[];
  /** Why this backend could not be measured; '' when it was. */
  error: string;
}

export interface TimedRun {
  path: 'baseline' | 'workbench';
  seconds: number;
  /** Training samples (train rows x epochs) over the timed seconds. */
  samplesPerSecond: number;
  /** The fit phase alone: the same as samplesPerSecond for the baseline, trainModel's own figure. */
  fitSamplesPerSecond: number;
  leakedTensors: number;
}

export interface TrainingThroughputOptions {
  /** Aimed-for duration of one timed run; rows and epochs are scaled per backend to meet it. */
  secondsPerRun: number;
  /** Timed runs of each path (alternating baseline, workbench). */
  repeats: number;
  /** Only these backends; empty means every available one. */
  backends: BackendName[];
}

/** A named benchmark and its rows; later benchmarks (CSV ingest, registry) add entries. */
export type BenchEntry = { name: 'training-throughput'; results: TrainingThroughputResult[] };

/** What the bench page leaves on `window.__benchResult`. */
export interface PageReport {
  userAgent: string;
  hardwareConcurrency: number;
  /** The page's WebGPU adapter, null where the browser offers none. */
  webgpuAdapter: AdapterInfo | null;
  entries: BenchEntry[];
}

/** The fields of GPUAdapterInfo worth recording (empty strings where the browser hides them). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** The JSON the runner writes to bench-results/bench.json. */
export interface BenchReport extends PageReport {
  createdAt: string;
  chromium: string;
  /** Logical CPUs of the machine that ran the browser, as Node sees them. */
  hostCpus: number;
  /** Wall time of the whole run: build, browser start and every benchmark. */
  wallSeconds: number;
}

/** The benchmark worker's API, called through Comlink. */
export interface TrainBenchApi {
  trainingThroughput(
    options: TrainingThroughputOptions,
    onProgress: (line: string) => void,
  ): Promise<TrainingThroughputResult[]>;
}
