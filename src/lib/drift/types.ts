/**
 * Data drift: whether the rows a model sees now (`current`) are distributed as the rows it was
 * trained on (`reference`), column by column, with Evidently's default tests and thresholds.
 */
import type { ColumnKind } from '../data/table';
import type { PsiBand } from './statistics/psi';

/** The tests a column can be judged by. */
export type DriftTest = 'ks' | 'wasserstein' | 'chi2' | 'jensenshannon' | 'psi';

export const DRIFT_TESTS: readonly DriftTest[] = [
  'ks',
  'wasserstein',
  'chi2',
  'jensenshannon',
  'psi',
];

/** How a column is compared: as numbers (an order and distances) or as categories. */
export type DriftKind = 'numeric' | 'categorical';

/** A column's test and threshold, when not the default. */
export interface ColumnDriftOptions {
  test?: DriftTest;
  /** p-value below which (ks, chi2), or statistic at or above which (the others), it drifts. */
  threshold?: number;
}

export interface DriftOptions {
  /** Columns to compare (by name); by default every column in both tables but dates, text and ids. */
  columns?: readonly string[];
  /** Per column: its test and threshold. */
  perColumn?: Readonly<Record<string, ColumnDriftOptions>>;
  /** The dataset drifts when at least this share of the compared columns drift (0.5). */
  share?: number;
  /** Reference rows (with a value) up to which ks and chi2 are the defaults (1,000). */
  smallSample?: number;
  /** A rise of the missing rate by at least this much (0.1: ten points) is flagged. */
  missingJump?: number;
  signal?: AbortSignal;
  /** Columns done, of how many. */
  onProgress?: (done: number, total: number) => void;
}

/** What is flagged apart from the verdict. */
export interface DriftFlags {
  /** Current categories the reference never had: how many rows, and the first few values. */
  unseenCategories: { rows: number; values: string[] } | null;
  /** The missing rate in each, and whether it rose by `missingJump` or more. */
  missingRate: { reference: number; current: number; jumped: boolean };
  /** Current numbers below the reference's minimum or above its maximum. */
  outOfRange: { below: number; above: number; share: number } | null;
}

export interface ColumnDrift {
  name: string;
  kind: DriftKind;
  /** The column's kind in the current table. */
  columnKind: ColumnKind;
  test: DriftTest;
  /** The test's statistic; null when a side has no values to compare. */
  statistic: number | null;
  /** ks and chi2 only; null for the distances and PSI. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  /** For information, on every column: Evidently's PSI and its band (< 0.1, < 0.25, above). */
  psi: { value: number; band: PsiBand } | null;
  flags: DriftFlags;
  /** Cells with a value, in each table. */
  referenceCount: number;
  currentCount: number;
  /** Why no test ran (a side has no values), when none did. */
  note?: string;
}

export interface DriftReport {
  columns: ColumnDrift[];
  /** Compared columns that drifted, over how many were compared. */
  share: number;
  drifted: boolean;
  /** The share at which the dataset drifts. */
  shareThreshold: number;
  referenceRows: number;
  currentRows: number;
}
