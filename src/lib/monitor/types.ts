/**
 * Monitoring a version: its reference snapshot against the rows it predicted since (the
 * prediction log), window by window: data drift of the inputs, drift of the predictions, of
 * the target once labels arrive, and the model's metric on labelled rows against its test
 * score. Everything is computed from IndexedDB alone, after any reload.
 */
import type { ColumnDrift, DriftOptions, DriftReport } from '../drift/types';
import type { Task } from '../train/types';
import type { FeatureDistribution } from './distributions';

/**
 * How logged rows are grouped: consecutive runs of `rows` rows; periods of `ms`; or whole logged
 * batches (a scored file, an import) joined until a window holds at least `batchRows` rows, so
 * that one file's rows are not split across windows.
 */
export type MonitorWindowing = { rows: number } | { ms: number } | { batchRows: number };

export interface MonitorOptions {
  window?: MonitorWindowing;
  /** The model's feature columns (drift is computed on them); all logged columns by default. */
  features?: readonly string[];
  target: string;
  task: Task;
  /** The test split's score of the metric shown, and which metric it is. */
  baseline: { metric: string; value: number | null };
  /** Passed on to every window's `detectDrift`. */
  drift?: Omit<DriftOptions, 'signal' | 'onProgress' | 'columns'>;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The model's metric on a window's labelled rows. */
export interface WindowPerformance {
  metric: string;
  value: number;
  /** Rows with a label the model knows. */
  rows: number;
}

export interface MonitorWindow {
  index: number;
  /** First and last row's time (ms since 1970). */
  from: number;
  to: number;
  rows: number;
  /** The inputs' drift against the reference sample. */
  drift: DriftReport;
  /** The predictions against the model's predictions on the reference sample. */
  predictionDrift: ColumnDrift | null;
  /** The logged labels against the reference's, when this window has labels. */
  targetDrift: ColumnDrift | null;
  performance: WindowPerformance | null;
  /** Per feature: the reference's and this window's distributions, for charts. */
  distributions: FeatureDistribution[];
}

export interface MonitorReport {
  windows: MonitorWindow[];
  windowing: MonitorWindowing;
  features: string[];
  referenceRows: number;
  loggedRows: number;
  baseline: { metric: string; value: number | null };
}
