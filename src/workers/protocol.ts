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
  SaveMeta,
  Task,
  TrainSpec,
  VersionRecord,
} from '../lib/index';

/** Every worker call resolves to a Result: errors cross the boundary as data with their code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** What the page needs to show about a loaded dataset. */
export interface DatasetInfo {
  name: string;
  profile: TableProfile;
}

/** How to read a file: left out, everything is sniffed and inferred. */
export interface LoadOptions {
  delimiter?: Delimiter;
  columnKinds?: Record<string, ColumnKind>;
  missingMarkers?: string[];
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

export type TrainOutcome = { status: 'done'; model: ModelSummary } | { status: 'cancelled' };

/** The training worker's API, called through Comlink. */
export interface TrainingWorkerApi {
  probeBackends(): Promise<Result<BackendInfo[]>>;
  measureBackends(
    onProgress: (done: number, total: number, name: BackendName) => void,
  ): Promise<Result<BackendMeasurement[]>>;
  useBackend(name: BackendName): Promise<Result<BackendInfo>>;
  /** Reads a file (streamed in chunks); a cancelled read keeps the previous dataset. */
  loadCsv(
    file: Blob,
    name: string,
    options: LoadOptions,
    onProgress: (progress: ReadProgress) => void,
  ): Promise<Result<DatasetInfo | null>>;
  featureChoices(target: string): Promise<Result<FeatureChoice[]>>;
  /** Trains; `onFold` reports cross-validation folds, which come before the epochs. */
  train(
    spec: TrainSpec,
    onEpoch: (report: EpochReport) => void,
    onFold: (fold: number, folds: number) => void,
  ): Promise<Result<TrainOutcome>>;
  /** Saves the last trained model to the registry as a new version. */
  saveModel(meta: SaveMeta): Promise<Result<VersionRecord>>;
  /** Cancels the running load or training. */
  cancel(): void;
  /** Pauses the running training between batches; resume() continues it. */
  pause(): void;
  resume(): void;
}
