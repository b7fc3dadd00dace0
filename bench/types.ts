/**
 * The shapes that cross the worker, the page and the Node runner. Types only, so bench/run.mjs
 * can import them through JSDoc without loading any browser code.
 */
import type { EncryptionBenchResult } from './encryption-page';
import type { BackendName } from '../src/lib/index';
import type { DriftCaseResult } from './drift-types';
import type { ExportResult } from './export-types';
import type { KernelsResult } from './kernels-types';
import type { QuantizationResult } from './quantize-types';
import type { ScoringResult } from './scoring-types';
import type { ShipSizeResult } from './ship-types';

declare global {
  interface Window {
    /** Set by the bench page when it is done (read by bench/run.mjs). */
    __benchResult?: PageReport;
    __benchError?: string;
    /** Exposed by bench/run.mjs: samples a worker over CDP between 'start' and 'stop'. */
    __benchProbe?: (request: ProbeRequest) => Promise<ProbeReport>;
  }
}

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

/** A named benchmark and its rows; later benchmarks (registry, ...) add entries. */
export type BenchEntry =
  | { name: 'training-throughput'; results: TrainingThroughputResult[] }
  | { name: 'backend-choice'; results: BackendChoiceResult[] }
  | { name: 'csv-ingest-throughput'; results: CsvThroughputResult[] }
  | { name: 'csv-ingest-large'; results: CsvLargeIngestResult[] }
  | { name: 'registry-throughput'; results: RegistryThroughputResult[] }
  | { name: 'registry-encryption'; results: EncryptionBenchResult[] }
  | { name: 'registry-list'; results: RegistryListResult[] }
  | { name: 'backup-import'; results: BackupImportResult[] }
  | { name: 'ship-size'; results: ShipSizeResult[] }
  | { name: 'quantization'; results: QuantizationResult[] }
  | { name: 'export'; results: ExportResult[] }
  | { name: 'kernels'; results: KernelsResult[] }
  | { name: 'scoring'; results: ScoringResult[] }
  | { name: 'drift'; results: DriftCaseResult[] };

export type BenchName = BenchEntry['name'];

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

/**
 * The app's automatic backend choice (its micro-benchmark, as on first start) checked against
 * the training throughput measured per backend in the same run. Goal: within 10% of the fastest.
 */
export interface BackendChoiceResult {
  picked: string;
  /** The app's micro-benchmark, samples/s per backend. */
  micro: { name: string; samplesPerSecond: number }[];
  /** Wall time of the first-open ('quick') measurement, probing included, in a fresh worker. */
  quickMs: number;
  /** The thorough ('full') measurement behind "Measure again": its time and its pick. */
  fullMs: number;
  fullPicked: string;
  pickedSamplesPerSecond: number;
  fastest: string;
  fastestSamplesPerSecond: number;
  /** picked / fastest training throughput (workbench path). */
  ratio: number;
  goalMet: boolean;
  /** Empty: the choice itself cannot fail to be measured (a missed goal is reported, not failed). */
  error: string;
  file?: never;
}

/** The benchmark worker's API, called through Comlink. */
export interface TrainBenchApi {
  /** Runs the app's own backend measurement and returns what it picks. */
  /** Probes and measures the backends with a preset, as the app does; `ms` is the wall time. */
  autoChoice(preset: 'quick' | 'full'): Promise<{
    picked: string;
    micro: { name: string; samplesPerSecond: number }[];
    ms: number;
  }>;
  trainingThroughput(
    options: TrainingThroughputOptions,
    onProgress: (line: string) => void,
  ): Promise<TrainingThroughputResult[]>;
}

export type CsvParserName = 'workbench readCsv' | 'uDSV typedCols' | 'PapaParse dynamicTyping';

/** How a parser typed the file's columns, so a fast parser cannot win by typing less. */
export interface ColumnTypes {
  numbers: number;
  dates: number;
  booleans: number;
  strings: number;
}

/** One parser on one file: bytes in, typed columns (or typed rows, for PapaParse) out. */
export interface CsvParserRun {
  parser: CsvParserName;
  /** Fastest timed run (interference only ever slows a run down). */
  bestSeconds: number;
  /** File size over the fastest run, in MiB/s. */
  mibPerSecond: number;
  /** Every timed run in the order they ran. */
  seconds: number[];
  /** The untimed-for-the-ratio warm-up read: the first read of this file in the worker. */
  firstSeconds: number;
  typed: ColumnTypes;
}

/** The generated CSV files (bench/csv-data.ts): 10 floats; mixed types; 18 numeric + 2 text. */
export type CsvFileKind = 'numeric' | 'mixed' | 'wide';

/** One generated file of the CSV ingest throughput benchmark. */
export interface CsvThroughputResult {
  file: CsvFileKind;
  /** What the file holds, for the table. */
  description: string;
  bytes: number;
  rows: number;
  columns: number;
  /** Timed runs per parser (after one warm-up each), in rotating order. */
  repeats: number;
  parsers: CsvParserRun[];
  /** Our MiB/s over uDSV's: the goal is >= 1.0. */
  ratioToUdsv: number;
  ratioToPapa: number;
  /** ours / uDSV on the first (warm-up) read of the file: closer to a user's single read. */
  firstRatioToUdsv: number;
  /** Why the file could not be measured; '' when it was. */
  error: string;
}

/** Peaks of Runtime.getHeapUsage over the samples taken in the ingest worker during the ingest. */
export interface WorkerHeapPeak {
  samples: number;
  intervalMs: number;
  /** The worker's heap just before the ingest started. */
  baselineUsedBytes: number;
  /** V8 JS heap in use (what performance.memory calls usedJSHeapSize). */
  usedBytes: number;
  /** V8 JS heap reserved. */
  totalBytes: number;
  /** ArrayBuffer backing stores (typed arrays, stream chunks), outside the JS heap. */
  backingStorageBytes: number;
  /** The largest used + backing-store sum seen in one sample. */
  usedPlusBackingBytes: number;
}

/** A function and the CPU time spent in its own code (not its callees). */
export interface ProfileEntry {
  functionName: string;
  /** Where it is in the built bundle: file:line:column (1-based); '' for V8's own entries. */
  location: string;
  /** Where it is in the TypeScript (from the build's source map): file:line; '' if unknown. */
  source: string;
  selfMs: number;
  selfShare: number;
}

/** The big-file ingest: readCsv(blob) in a worker while the page watches its main thread. */
export interface CsvLargeIngestResult {
  file: CsvFileKind;
  rows: number;
  columns: number;
  numericColumns: number;
  bytes: number;
  /** rows x numeric columns x 8 bytes (one Float64 per cell). */
  numericPayloadBytes: number;
  /** Building the Blob (not part of the measurement). */
  generateSeconds: number;
  /** From handing the Blob to the worker to holding its answer, on the page's clock. */
  seconds: number;
  /** The readCsv call alone, on the worker's clock. */
  workerSeconds: number;
  mibPerSecond: number;
  /** Rows and kinds as readCsv reported them: a check that it read the whole file. */
  rowsRead: number;
  kinds: Record<string, number>;
  longTasks: LongTaskSummary;
  /** null when the page ran without the Node runner (nobody to ask over CDP). */
  heap: WorkerHeapPeak | null;
  /** Top self-time functions, when the runner profiled the ingest (BENCH_PROFILE=1). */
  profile: ProfileEntry[] | null;
  /** Why heap or profile figures are missing, '' when nothing is. */
  note: string;
  error: string;
}

/** Main-thread long tasks (PerformanceObserver 'longtask') seen during the ingest. */
export interface LongTaskSummary {
  supported: boolean;
  count: number;
  maxMs: number;
  totalMs: number;
}

/** The CSV benchmark worker: times the three parsers and builds the big file. */
export interface CsvBenchApi {
  throughput(onProgress: (line: string) => void): Promise<CsvThroughputResult[]>;
  largeFile(rows: number, kind: CsvFileKind): Promise<LargeCsvFile>;
}

export interface LargeCsvFile {
  kind: CsvFileKind;
  blob: Blob;
  rows: number;
  columns: number;
  numericColumns: number;
  seconds: number;
}

/** The worker that ingests the big file: nothing loaded but readCsv, so its heap is ours. */
export interface CsvIngestApi {
  ready(): boolean;
  ingest(blob: Blob): Promise<{ seconds: number; rows: number; kinds: Record<string, number> }>;
}

/** What the page asks the Node runner around the big ingest (exposed as window.__benchProbe). */
export type ProbeRequest = { command: 'start'; workerUrlPart: string } | { command: 'stop' };

export interface ProbeReport {
  heap: WorkerHeapPeak | null;
  profile: ProfileEntry[] | null;
  /** Why heap or profile are missing, '' when both are there (or profiling was not asked for). */
  note: string;
}

/** Save and load of one version against raw IndexedDB put/get of the same bytes (medians). */
export interface RegistryThroughputResult {
  parameters: number;
  bytes: number;
  repeats: number;
  saveMs: number;
  rawPutMs: number;
  loadMs: number;
  rawGetMs: number;
  saveMibPerSecond: number;
  rawPutMibPerSecond: number;
  loadMibPerSecond: number;
  rawGetMibPerSecond: number;
  /** raw put time / save time: 1 means as fast as raw IndexedDB. Goal >= 0.8. */
  saveRatio: number;
  loadRatio: number;
  error: string;
  file?: never;
}

/** Reading the version list (metadata only) and rendering it, against one 60 Hz frame. */
export interface RegistryListResult {
  versions: number;
  /** Rows in the DOM after the render (the list renders only what is in view). */
  rowsRendered: number;
  readMs: number;
  renderMs: number;
  /** Median of read + render. */
  totalMs: number;
  worstTotalMs: number;
  frameMs: number;
  /** Size of one version record as JSON: what a list read carries per version. */
  metadataBytesPerVersion: number;
  goalMet: boolean;
  error: string;
  file?: never;
}

/** Importing a backup with every check, against an unchecked import of the same file. */
export interface BackupImportResult {
  versions: number;
  bytes: number;
  repeats: number;
  /** Median of `importBackup`. */
  importMs: number;
  /** Median of unzipSync + SHA-256 per entry + one transaction of the same bytes. */
  rawMs: number;
  /** Longest gap between ticks of a 5 ms timer on the main thread, worst run. */
  importStallMs: number;
  rawStallMs: number;
  /** rawMs / importMs. */
  ratio: number;
  error: string;
  file?: never;
}
