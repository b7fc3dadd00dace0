/** Result types of the registry benchmarks added with reference data (issue 10). */
import type { RegistryListResult, RegistryThroughputResult } from './types';

/** Listing and comparing every version, counting reads of the models store (goal: none). */
export interface ListReadsResult {
  versions: number;
  /** Versions compareVersions gave back. */
  compared: number;
  compareMs: number;
  /** Read requests on every store while listing and comparing. */
  totalReads: number;
  /** Read requests on the models store (weights): must be 0. */
  modelsReads: number;
  /** Transactions that include the models store: must be 0. */
  modelTransactions: number;
  goalMet: boolean;
}

/** Predictions alone on the 10,000 rows, by one path: its median, or why it failed. */
export type PredictTiming =
  | {
      /** 'forward pass' (plain TypeScript, what a save runs) or 'tfjs <backend>' (predict). */
      path: string;
      ms: number;
      /** Largest absolute difference of its probabilities or values from the forward pass's. */
      difference: number;
    }
  | { path: string; error: string };

/** A 10,000 x 20 reference snapshot: stored size and what it adds to a save. */
export interface ReferenceSnapshotResult {
  rows: number;
  columns: number;
  /** referenceBytes of the version (JSON text and chunks as stored). */
  bytes: number;
  /** Every sampled number read back bit for bit (Object.is). */
  exact: boolean;
  /** Medians: save without, save with reference, and their difference per round. */
  saveMs: number;
  saveWithReferenceMs: number;
  addedMs: number;
  /** Median of summarizeTable on the 10,000 rows alone. */
  summariesMs: number;
  /** Median of everything a save with reference does before its transaction (sample, summaries, predictions, encoding, checksum). */
  prepareMs: number;
  /** The reference's predictions alone, per model: the forward pass, and tfjs predict per backend for comparison. */
  predictions: { model: string; timings: PredictTiming[] }[];
  repeats: number;
  goalMet: boolean;
}

export type RegistryListReport = RegistryListResult & { reads?: ListReadsResult | string };
export type RegistryThroughputReport = RegistryThroughputResult & {
  /** The snapshot (backend-independent), or why it failed. */
  reference?: (ReferenceSnapshotResult | string)[];
};
