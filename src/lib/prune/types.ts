import type { Table } from '../data/table';
import type { ReferenceData } from '../reference/types';
import type { Metrics } from '../train/metrics';
import type { EpochReport, TrainedModel } from '../train/types';

/**
 * 'layer': every dense kernel pruned to the target sparsity on its own; 'global': one magnitude
 * threshold over all kernels together, so layers with larger weights keep more of them.
 */
export type PruningScope = 'layer' | 'global';

/**
 * TFMOT's `PolynomialDecay` settings (steps are optimizer steps, counted from 0 before the first
 * one); any left out is filled in by `resolveSchedule`.
 */
export interface PruningScheduleOptions {
  /** Sparsity at `beginStep` (default 0). */
  initialSparsity?: number;
  /** Exponent of the decay (default 3: sparsity rises fast, then levels off). */
  power?: number;
  /** Default 0. */
  beginStep?: number;
  /** The step where the final sparsity is reached; default the end of ~2/3 of the epochs. */
  endStep?: number;
  /** Masks are recomputed every `frequency` steps in [beginStep, endStep]; default one epoch. */
  frequency?: number;
}

/**
 * The schedule as run: s_t = s_f + (s_i - s_f) * (1 - (t - t0) / (t1 - t0))^power, with t clamped
 * to [t0, t1]; masks recomputed at t0, t0 + frequency, ... and at t1.
 */
export interface PruningSchedule {
  kind: 'polynomial_decay';
  initialSparsity: number;
  finalSparsity: number;
  power: number;
  beginStep: number;
  endStep: number;
  frequency: number;
  /** Optimizer steps per fine-tuning epoch (train rows / batch size, rounded up). */
  stepsPerEpoch: number;
  /** Steps in all the fine-tuning epochs. */
  totalSteps: number;
}

/** The training table (same fingerprint), or a version's reference data (`loadReference`). */
export type PruneData = Table | Pick<ReferenceData, 'table' | 'splits'>;

export interface PruneOptions {
  /** Share of each kernel's (or all kernels') weights set to exactly 0, in [0, 0.99]. */
  sparsity: number;
  /** Gives the rows fine-tuning trains on and the validation and test rows scored. */
  data: PruneData;
  /** Default 'layer'. */
  scope?: PruningScope;
  schedule?: PruningScheduleOptions;
  /** Fine-tuning epochs, 1 to 1000 (default 30): ~2/3 to reach the sparsity, then the rest. */
  epochs?: number;
  /** Adam's rate; default a tenth of the model's (it starts from trained weights). */
  learningRate?: number;
  /** Shuffles the fine-tuning batches; default the model's training seed. */
  seed?: number;
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
}

/** One dense layer's kernel after pruning. */
export interface PrunedLayer {
  /** `dense_0`, `dense_1`, ... */
  layer: string;
  /** Weights in the kernel. */
  weights: number;
  /** Weights that are exactly 0. */
  zeros: number;
  /** zeros / weights. */
  sparsity: number;
  /**
   * The parent's validation main metric (accuracy, or R^2 for regression) with only this
   * layer's kernel pruned to the target sparsity and no fine-tuning; null without validation rows.
   */
  sensitivity: number | null;
}

/** What `pruneModel` did, stored with the pruned model. */
export interface PruningInfo {
  /** The target sparsity. */
  sparsity: number;
  scope: PruningScope;
  schedule: PruningSchedule;
  layers: PrunedLayer[];
  /** Zeros over weights across every kernel (biases are not pruned). */
  achievedSparsity: number;
  /** The parent's `bytes` (pruning leaves the raw float32 size as it was). */
  parentBytes: number;
  /** `compressedWeightBytes` of the pruned weights and of the parent's. */
  compressedBytes: number;
  parentCompressedBytes: number;
  /** The parent's metrics on the same rows as this model's, by the same arithmetic. */
  parentMetrics: { validation: Metrics | null; test: Metrics };
  /** Fine-tuning epochs run. */
  epochs: number;
  learningRate: number;
  seed: number;
  /** Whether the rows came from the training table or from the version's reference sample. */
  evaluatedOn: 'table' | 'reference';
}

/** A TrainedModel whose dense kernels were pruned and fine-tuned: usable wherever one is. */
export type PrunedModel = TrainedModel & { pruning: PruningInfo };
