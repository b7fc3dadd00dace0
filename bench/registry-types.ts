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
  /** Medians of summarizeTable and of predict on the 10,000 rows alone: the two largest parts. */
  summariesMs: number;
  predictMs: number;
  /** Median of everything a save with reference does before its transaction (sample, summaries, predict, encoding, checksum). */
  prepareMs: number;
  /** The tfjs backend predict ran on in the page. */
  backend: string;
  repeats: number;
  goalMet: boolean;
}

export type RegistryListReport = RegistryListResult & { reads?: ListReadsResult | string };
export type RegistryThroughputReport = RegistryThroughputResult & {
  /** One per tfjs backend of the page (webgl, cpu), or why it failed. */
  reference?: (ReferenceSnapshotResult | string)[];
};
