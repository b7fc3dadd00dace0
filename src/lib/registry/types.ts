import type { Table } from '../data/table';
import type { Task } from '../train/types';

/** How a version's weights are stored: the dtype they all share, or 'mixed'. */
export type Precision = 'float32' | 'float16' | 'uint8' | 'int8' | 'mixed';

export const PRECISIONS: readonly Precision[] = ['float32', 'float16', 'uint8', 'int8', 'mixed'];

/** Where a version stands: at most one version per project is in production. */
export type Stage = 'none' | 'staging' | 'production' | 'archived';

export const STAGES: readonly Stage[] = ['none', 'staging', 'production', 'archived'];

/**
 * What the registry needs of a model: a format tag, what it predicts, and where it came from.
 * `trainModel` results have all of it; so will quantized, pruned and imported models.
 */
export interface StorableModel {
  format: string;
  task: Task;
  target: string;
  kind?: string;
  backend?: string;
  datasetSha256?: string | null;
  /** Size of the weights in bytes (what the Train screen shows). */
  bytes?: number;
  weights?: { dtype?: string }[];
  trainedAt?: string;
  preprocessing?: { steps?: { column: string; kind?: string }[] };
  metrics?: { validation?: unknown; test?: unknown };
}

/** A dataset and a task: the versions trained on it to predict one target. */
export interface ProjectRecord {
  id: string;
  name: string;
  target: string;
  task: Task;
  /** SHA-256 of the training file; null for tables built from records. */
  datasetSha256: string | null;
  /** The input columns the first version read, with their kinds ('numeric', 'categorical'...). */
  schema: { name: string; kind: string }[];
  createdAt: number;
  updatedAt: number;
  /** The number the next version gets (numbers are never reused, even after a delete). */
  nextNumber: number;
}

/** A stage change, kept so a rollback can be traced. */
export interface StageChange {
  stage: Stage;
  at: number;
}

/**
 * A version's metadata: what listing, sorting, filtering and comparing tables need, small enough
 * to read a thousand at once. The model itself (weights, preprocessing, full metrics, history)
 * is stored apart and read by `loadVersion`.
 */
export interface VersionRecord {
  id: string;
  projectId: string;
  /** 1, 2, 3... within the project. */
  number: number;
  /** The model's format tag, e.g. 'tabular-workbench/model@1'. */
  format: string;
  task: Task;
  target: string;
  /** Model family, e.g. 'mlp' or 'linear'. */
  kind: string;
  /** The version this one was retrained, tuned, pruned or quantized from. */
  parentId: string | null;
  stage: Stage;
  stageHistory: StageChange[];
  note: string;
  tags: string[];
  createdAt: number;
  /** Size of the stored binary chunks (weights and any other typed arrays, aligned), in bytes. */
  weightBytes: number;
  /** The model as stored (JSON and chunks), in bytes; its reference snapshot is apart. */
  storedBytes: number;
  /** The model's own `bytes`: its weights' size, the figure the Train screen shows. */
  bytes: number;
  /** The dtype all weights share ('float32', 'float16', 'uint8', 'int8') or 'mixed'. */
  precision: Precision;
  /**
   * The weights deflated, as a download costs them (`compressedWeightBytes`): where pruning
   * shows. Absent on versions saved before it was recorded.
   */
  compressedBytes?: number;
  /** The measured time to predict, when it has been measured (`setVersionLatency`). */
  latency?: VersionLatency;
  /** The stored size of the version's reference snapshot, or null when it has none. */
  referenceBytes: number | null;
  backend: string;
  datasetSha256: string | null;
  /** The input columns this version reads, with their kinds. */
  schema: { name: string; kind: string }[];
  /** Headline scores by split, e.g. { test: { accuracy: 0.96, logLoss: 0.1 } }. */
  scores: { validation: Record<string, number>; test: Record<string, number> };
  /** Set while the version sits in the trash (deleted, not yet purged). */
  deletedAt: number | null;
}

/** How long a version takes to predict, as measured once on this device. */
export interface VersionLatency {
  /** Milliseconds to predict `rows` rows (the median of a few runs after a warm-up). */
  ms: number;
  rows: number;
  /** Where it ran, e.g. 'js' (the worker's forward pass without tf.js) or a tf.js backend. */
  backend: string;
  measuredAt: number;
}

/** What the caller may say about a version when saving it. */
export interface SaveMeta {
  /** Save into this project; by default the project with the same dataset, target and task. */
  projectId?: string;
  /** Name for a new project (default: the target and the dataset fingerprint). */
  projectName?: string;
  parentId?: string | null;
  note?: string;
  tags?: string[];
  stage?: Stage;
  /**
   * The table the model was trained on: a sample of it (with each row's split), summaries of
   * every row and the model's predictions on the sample are stored beside the version
   * (`Registry.loadReference`).
   */
  reference?: Table;
  /** Most rows the reference sample keeps (10,000 by default, at most 100,000). */
  referenceRows?: number;
  /** Seed of the reference sample (the model's training seed by default). */
  referenceSeed?: number;
  /** The model's latency, when the caller measured it before saving. */
  latency?: VersionLatency;
}

/** Changes to a version's editable metadata. */
export interface VersionPatch {
  note?: string;
  tags?: string[];
}

export interface RegistryOptions {
  /** Database name; tests use their own. */
  name?: string;
  /** Opens an older schema (for tests of upgrades); the latest by default. */
  schemaVersion?: number;
  /** A newer tab needs the database: this connection has closed itself. Ask for a reload. */
  onVersionChange?: () => void;
  /** This tab waits for older tabs to close their connection. */
  onBlocked?: () => void;
  /** The browser closed the connection (storage cleared, disk error). */
  onTerminated?: () => void;
  /** Another connection (this tab's worker or another tab) changed the registry. */
  onChange?: () => void;
  /** The prediction log changed, here or in another tab (versions did not). */
  onLogChange?: () => void;
}
