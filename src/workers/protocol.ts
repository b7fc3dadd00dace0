import type { ColumnMask } from '../lib/privacy/mask';
import type {
  BackendInfo,
  BackendMeasurement,
  BackendName,
  EpochReport,
  FeatureChoice,
  CrossValidation,
  Metrics,
  ResolvedSpec,
  ColumnKind,
  Delimiter,
  ReadProgress,
  SerializedError,
  TableProfile,
  OnnxVerification,
  FormField,
  RecordRow,
  Prediction,
  ScoreFailure,
  AlertRules,
  LabelJoin,
  ModelComparison,
  RetrainTables,
  ModelExplanation,
  PartialDependence,
  PredictionExplanation,
  PruningInfo,
  PruningScope,
  SearchOptions,
  SearchProgress,
  SearchSpec,
  SearchTrial,
  MonitorAlert,
  MonitorReport,
  MonitorWindowing,
  PredictionLogImport,
  PredictionLogQuery,
  SaveMeta,
  Task,
  TrainSpec,
  VersionRecord,
} from '../lib/index';

/** Every worker call resolves to a Result: errors cross the boundary as data with their code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** How every job ends: one shape for train, and later quantize, export, score, drift, search. */
export type JobOutcome<T> =
  | { status: 'done'; value: T }
  | { status: 'cancelled' }
  | { status: 'failed'; error: SerializedError };

/**
 * What a training job reports, in order, over one channel: cross-validation folds (which come
 * first), epochs, and 'hold' when a pause took effect (every epoch finished before it has been
 * reported, so the page can say exactly where the run stopped).
 */
export type TrainEvent =
  | { kind: 'fold'; done: number; total: number }
  | { kind: 'epoch'; report: EpochReport }
  | { kind: 'hold' };

/** What a quantize job made: the child version and what the comparison table shows. */
export interface QuantizeResult {
  scheme: string;
  /** The child version saved in the registry (its parentId is the version quantized). */
  version: VersionRecord;
  metrics: { validation: Metrics | null; test: Metrics };
  bytes: number;
  parentBytes: number;
  keptLayers: string[];
  /** Why each kept layer stayed float32, and the guard's limit (see QuantizationInfo). */
  keptReasons: { layer: string; reason: 'unrepresentable' | 'sensitive'; loss: number | null }[];
  lossLimit: number | null;
  /** Where the calibration rows came from: the loaded table, or the version's reference data. */
  calibration: 'table' | 'reference';
  /** Where the weights were quantized: our WebGPU kernels, or the CPU reference (same codes). */
  kernels: 'webgpu' | 'cpu';
  quantizeMs: number;
  /** Predicting 1,000 rows, for the child and for its parent, in this worker (no tf.js). */
  latencyMs: number;
  parentLatencyMs: number;
}

/** What a prune job made: the child version, what pruning did per layer, and its scores. */
export interface PruneResult {
  version: VersionRecord;
  pruning: PruningInfo;
  metrics: { validation: Metrics | null; test: Metrics };
  /** Predicting 1,000 rows, for the child and for its parent, in this worker (no tf.js). */
  latencyMs: number;
  parentLatencyMs: number;
}

/** A version's bundle, and how its ONNX model did in onnxruntime-web on the test rows. */
export interface ExportResult {
  /** `<project>-v<n>-<scheme>.zip`. */
  fileName: string;
  bytes: Uint8Array;
  /** Null when there were no test rows to check on (no reference data, no matching table). */
  verification: OnnxVerification | null;
  /** Why the check could not run (the bundle is still written). */
  checkError: SerializedError | null;
}

/** Batch scoring's progress: bytes read, rows scored, then rows written to the scored file. */
export interface ScoreProgress {
  phase: 'read' | 'score' | 'write';
  done: number;
  total: number;
}

/** A scored file, ready to download, and what the page says about it. */
export interface ScoreFileResult {
  /** `<input>-scored-v<n>.csv`. */
  fileName: string;
  csv: Blob;
  rows: number;
  scored: number;
  /** The first rows that could not be scored (all are in the CSV's `score_error` column). */
  failures: ScoreFailure[];
  failureCount: number;
  scoreMs: number;
  /** The first few predictions, to show. */
  preview: (Prediction | null)[];
  version: VersionRecord;
  /** Whether the predictions went into the log (and how many old rows retention removed). */
  logged: { ok: true; rows: number; trimmedRows: number } | { ok: false; error: SerializedError };
}

/** One prediction from the form; `logError` says why it could not be logged (rare: a full disk). */
export interface SinglePrediction {
  prediction: Prediction;
  latencyMs: number;
  logError: SerializedError | null;
}

/** The log as a CSV file to download. */
export interface LogExport {
  fileName: string;
  csv: Blob;
  rows: number;
}

/** A version's monitoring: its windows, the alerts they raise, and what could not be read. */
export interface MonitorResult {
  version: VersionRecord;
  report: MonitorReport;
  alerts: MonitorAlert[];
  /** The project's alert rules the alerts were raised by. */
  rules: AlertRules;
  /** Logged batches left out because they are damaged. */
  damagedBatches: number;
}

/** A challenger trained for a version, saved beside it, and how the two compare. */
export interface RetrainResult {
  champion: VersionRecord;
  challenger: VersionRecord;
  comparison: ModelComparison;
  /** The same comparison on each part of the hold-out: the training sample's test rows, the new rows. */
  parts: { reference: ModelComparison | null; fresh: ModelComparison | null };
  counts: RetrainTables['counts'];
}

/** A finished (or cancelled) search, without its models: they stay in the worker until saved. */
export interface SearchSummary {
  /** Best first. */
  trials: SearchTrial[];
  /** Ids of the trials whose models can be saved (the best few). */
  savable: number[];
  baselineId: number;
  strategy: string;
  seed: number;
  maxEpochs: number;
  elapsedMs: number;
  stoppedBy: 'complete' | 'trials' | 'minutes' | 'cancelled';
}

/** The budget and strategy of a search started from the page. */
export type SearchJobOptions = Pick<
  SearchOptions,
  'trials' | 'minutes' | 'strategy' | 'seed' | 'keep'
>;

/** What the single-prediction form shows for a version. */
export interface PredictionFormInfo {
  fields: FormField[];
  task: Task;
  target: string;
  classes: string[];
}

/** What the page needs to show about a loaded dataset. */
export interface DatasetInfo {
  name: string;
  profile: TableProfile;
  /** The masks applied to the table as it was read (`LoadOptions.masks`, resolved). */
  masks: ColumnMask[];
}

/** How to read a file: left out, everything is sniffed and inferred. */
export interface LoadOptions {
  delimiter?: Delimiter;
  columnKinds?: Record<string, ColumnKind>;
  missingMarkers?: string[];
  /**
   * Personal-data columns to mask as soon as the file is read (hashing under the workspace's
   * secret salt): only the masked table is kept, trained on, stored or logged.
   */
  masks?: ColumnMask[];
}

/** What the page shows about a finished model (weights stay in the worker). */
export interface ModelSummary {
  task: Task;
  target: string;
  classes: string[];
  features: string[];
  spec: ResolvedSpec;
  /** Model input names after preprocessing. */
  inputs: string[];
  bestEpoch: number;
  metrics: { validation: Metrics | null; test: Metrics; crossValidation: CrossValidation | null };
  bytes: number;
  backend: string;
  samplesPerSecond: number;
}

/** The training worker's API, called through Comlink. */
export interface TrainingWorkerApi {
  /**
   * The encrypted workspace's data key, unlocked in the page (null when it locks): the worker's
   * registry seals and opens records with it.
   */
  useWorkspaceKey(key: CryptoKey | null): Promise<Result<null>>;
  probeBackends(): Promise<Result<BackendInfo[]>>;
  measureBackends(
    preset: 'quick' | 'full',
    onProgress: (done: number, total: number, name: BackendName) => void,
  ): Promise<Result<BackendMeasurement[]>>;
  useBackend(name: BackendName): Promise<Result<BackendInfo>>;
  /** Reads a file (streamed in chunks); a cancelled read keeps the previous dataset. */
  loadCsv(
    jobId: string,
    file: Blob,
    name: string,
    options: LoadOptions,
    onProgress: (progress: ReadProgress) => void,
  ): Promise<JobOutcome<DatasetInfo>>;
  featureChoices(target: string): Promise<Result<FeatureChoice[]>>;
  /**
   * Trains on the dataset loaded now (a later load does not change a running job's data);
   * `onFold` reports cross-validation folds, which come before the epochs.
   */
  train(
    jobId: string,
    spec: TrainSpec,
    onEvent: (event: TrainEvent) => void,
  ): Promise<JobOutcome<ModelSummary>>;
  /**
   * Quantizes a saved version with a scheme ('float16', 'uint8', 'int8'), calibrated on the
   * loaded table when it is the version's training table, else on its reference data; saves the
   * result as a child version.
   */
  quantize(jobId: string, versionId: string, scheme: string): Promise<JobOutcome<QuantizeResult>>;
  /**
   * Prunes a saved float32 version to a sparsity (per layer or global), fine-tuning on its
   * training rows, and saves the result as a child version tagged "pruned".
   */
  prune(
    jobId: string,
    versionId: string,
    options: { sparsity: number; scope: PruningScope },
    onEpoch: (report: EpochReport) => void,
  ): Promise<JobOutcome<PruneResult>>;
  /**
   * Writes a saved version's bundle (every format, card, predict.mjs), after checking its ONNX
   * model in onnxruntime-web on the version's test rows.
   */
  exportVersion(jobId: string, versionId: string): Promise<JobOutcome<ExportResult>>;
  /**
   * Imports a bundle (.zip), or model.json with its weights and preprocess.json, and saves it as
   * a version tagged 'imported'. Sizes are checked before any file is read.
   */
  importFiles(
    jobId: string,
    files: { name: string; file: Blob }[],
  ): Promise<JobOutcome<VersionRecord>>;
  /**
   * Reads a CSV and scores it with a saved version; the result is a scored CSV to download.
   * A file that lacks or mistypes a feature column is refused before anything is scored.
   */
  scoreFile(
    jobId: string,
    versionId: string,
    file: Blob,
    name: string,
    onProgress: (progress: ScoreProgress) => void,
  ): Promise<JobOutcome<ScoreFileResult>>;
  /** The single-prediction form of a version: its fields, with training ranges when known. */
  predictionForm(versionId: string): Promise<Result<PredictionFormInfo>>;
  /** One prediction from the form's values (empty or null: missing), with its latency. */
  predictOne(versionId: string, row: RecordRow): Promise<Result<SinglePrediction>>;
  /**
   * Monitors a version: its reference snapshot against its prediction log in windows (drift of
   * the inputs, predictions and labels, the metric on labelled rows) and the alerts raised.
   */
  monitorVersion(
    jobId: string,
    versionId: string,
    windowing: MonitorWindowing | 'auto',
    onProgress: (done: number, total: number) => void,
  ): Promise<JobOutcome<MonitorResult>>;
  /**
   * Retrains a version on its reference snapshot plus its log's labelled rows, compares the
   * challenger with it on the common hold-out, and saves the challenger (not promoted).
   */
  retrain(
    jobId: string,
    versionId: string,
    onEpoch: (report: EpochReport) => void,
  ): Promise<JobOutcome<RetrainResult>>;
  /** Reads a CSV of labels and joins them to a version's logged rows by a key column. */
  joinLabels(jobId: string, versionId: string, file: Blob): Promise<JobOutcome<LabelJoin>>;
  /** Writes the log (or the part a query names) as CSV, in the worker: it may hold millions of rows. */
  exportLog(jobId: string, query: PredictionLogQuery): Promise<JobOutcome<LogExport>>;
  /**
   * Imports a log that a bundle's predict.mjs wrote with --log, into a version's log: checked in
   * full against the version's model first, then written in one transaction (all or nothing).
   */
  importLog(
    jobId: string,
    versionId: string,
    file: Blob,
    onProgress: (done: number, total: number) => void,
  ): Promise<JobOutcome<PredictionLogImport>>;
  /**
   * Measures how long each version takes to predict 1,000 rows (in this worker, as a deployed
   * bundle runs) and stores it on its record; resolves to the updated records.
   */
  measureLatencies(
    jobId: string,
    versionIds: string[],
    onProgress: (done: number, total: number) => void,
  ): Promise<JobOutcome<VersionRecord[]>>;
  /**
   * Searches hyperparameters on the loaded dataset; `onTrial` reports every trial as it trains.
   * Cancel resolves 'done' with the trials so far. The best trials' models stay in the worker.
   */
  search(
    jobId: string,
    spec: SearchSpec,
    options: SearchJobOptions,
    onTrial: (trial: SearchTrial, progress: SearchProgress) => void,
  ): Promise<JobOutcome<SearchSummary>>;
  /** Saves the kept models of the last search's trials as versions (tagged "tuned"). */
  saveSearchTrials(trialIds: number[], projectName: string): Promise<Result<VersionRecord[]>>;
  /**
   * Permutation importance of a version on its validation rows (the loaded training table, else
   * its reference sample); `onProgress` counts features.
   */
  explainVersion(
    jobId: string,
    versionId: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<JobOutcome<ModelExplanation>>;
  /** Why a version predicts what it does for one row: Shapley values against its training rows. */
  explainRow(
    jobId: string,
    versionId: string,
    row: RecordRow,
  ): Promise<JobOutcome<PredictionExplanation>>;
  /** Partial dependence and ICE curves of one feature of a version. */
  partialDependence(
    jobId: string,
    versionId: string,
    feature: string,
    className: string | null,
  ): Promise<JobOutcome<PartialDependence>>;
  /** Saves the last trained model (and its reference data) to the registry as a new version. */
  saveModel(meta: SaveMeta): Promise<Result<VersionRecord>>;
  /** Cancels one running job; other jobs go on. */
  cancel(jobId: string): void;
  /** Pauses a running training between batches (`onHold` says when it stopped); resume goes on. */
  setPaused(jobId: string, paused: boolean): void;
}
