/**
 * A version's reference data: a sample of the rows it was trained on (with each row's split),
 * exact summaries of every training row, and the model's predictions on the sample. Drift,
 * quantization, pruning and retraining read it after a reload, without the original file.
 */
import type { ColumnKind, Table } from '../data/table';
import type { Prediction } from '../train/types';

/** Which part of the split a row served in. */
export type SplitName = 'train' | 'validation' | 'test';

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** Where each row of a table went: row indices per part (the shape of `splitFor`). */
export interface RowSplit {
  train: number[];
  validation: number[];
  test: number[];
}

/** What every column summary has: how many cells hold a value and how many are missing. */
interface SummaryBase {
  name: string;
  kind: ColumnKind;
  /** Rows in the training table. */
  rows: number;
  /** Cells that hold a value. */
  count: number;
  missing: number;
  /** missing / rows (0 for an empty table). */
  missingRate: number;
}

/** Numbers, booleans and datetimes. Statistics are null when no cell holds a value. */
export interface NumericSummary extends SummaryBase {
  storage: 'number';
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation (divides by count, as numpy.std does by default). */
  std: number | null;
  /** `values[i]` is the `probabilities[i]` quantile, interpolated as numpy's 'linear' method. */
  quantiles: { probabilities: number[]; values: number[] } | null;
  /** `counts[i]` cells fall in [edges[i], edges[i + 1]); the last bin also holds its right edge. */
  histogram: { edges: number[]; counts: number[] } | null;
}

/** Dictionary columns: the most frequent categories with their counts. */
export interface CategoricalSummary extends SummaryBase {
  storage: 'dictionary';
  /** Different categories among the cells that hold a value. */
  distinct: number;
  /** The most frequent categories, most frequent first (ties in dictionary order). */
  categories: { value: string; count: number }[];
  /** Cells whose category is not in `categories` (the list is capped). */
  otherCount: number;
}

export type ColumnSummary = NumericSummary | CategoricalSummary;

/** What `Registry.loadReference` returns. */
export interface ReferenceData {
  /** The sampled rows, with the training table's columns, kinds and storage; numbers exact. */
  table: Table;
  /** Each sampled row's split, in table order. */
  splits: SplitName[];
  /** Each sampled row's index in the training table (ascending). */
  rows: number[];
  /** Per column, over every row of the training table. */
  summaries: ColumnSummary[];
  /** The model's predictions on the sampled rows, in table order (as `predict` gives them). */
  predictions: Prediction[];
  /** Rows in the training table. */
  sourceRows: number;
  /** The training file's SHA-256, when the table came from one. */
  datasetSha256: string | null;
  /** The seed that drew the sample. */
  seed: number;
}

/** How a reference is drawn (`SaveMeta.referenceRows`, `referenceSeed`). */
export interface ReferenceOptions {
  /** Most rows in the sample (10,000 by default). */
  rows?: number;
  /** Seed of the sample; by default the model's training seed, else 0. */
  seed?: number;
}
