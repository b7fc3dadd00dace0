import type {
  BackendInfo,
  BackendMeasurement,
  BackendName,
  EpochReport,
  FeatureChoice,
  Metrics,
  SerializedError,
  TableSummary,
  Task,
  TrainSpec,
} from '../lib/index';

/** Every worker call resolves to a Result: errors cross the boundary as data with their code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** What the page needs to show about a loaded dataset. */
export interface DatasetInfo {
  name: string;
  summary: TableSummary;
}

/** What the page shows about a finished model (weights stay in the worker). */
export interface ModelSummary {
  task: Task;
  target: string;
  classes: string[];
  features: string[];
  metrics: { validation: Metrics | null; test: Metrics };
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
  loadCsv(file: Blob, name: string): Promise<Result<DatasetInfo>>;
  featureChoices(target: string): Promise<Result<FeatureChoice[]>>;
  train(spec: TrainSpec, onEpoch: (report: EpochReport) => void): Promise<Result<TrainOutcome>>;
  cancel(): void;
}
