import type { Preprocessing } from '../features/preprocess';

export type Task = 'regression' | 'binary' | 'multiclass';
export type ModelKind = 'linear' | 'mlp';

/** What to train: the target is required, everything else has a default that works. */
export interface TrainSpec {
  target: string;
  task?: Task;
  model?: ModelKind;
  features?: string[];
  seed?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Hidden layer widths for 'mlp'. */
  hidden?: number[];
}

/** The layer stack, enough to rebuild the network from its weights on any backend. */
export interface Architecture {
  inputWidth: number;
  hidden: number[];
  activation: 'relu';
  outputUnits: number;
  outputActivation: 'softmax' | 'sigmoid' | 'linear';
}

/** One weight tensor, stored flat in row-major order. */
export interface WeightTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  /** Samples per second over this epoch. */
  samplesPerSecond: number;
  elapsedMs: number;
}

export interface Metrics {
  /** Classification: share of rows predicted right. */
  accuracy?: number;
  /** Regression: coefficient of determination. */
  r2?: number;
  rmse?: number;
  logLoss?: number;
  rowCount: number;
}

/** A trained model as one serializable value: weights, preprocessing, metrics and lineage. */
export interface TrainedModel {
  format: 'tabular-workbench/model@1';
  task: Task;
  kind: ModelKind;
  target: string;
  /** Class labels in the order of `probabilities`; empty for regression. */
  classes: string[];
  preprocessing: Preprocessing;
  /** Regression: the model predicts (y - mean) / std; { mean: 0, std: 1 } for classes. */
  targetScale: { mean: number; std: number };
  architecture: Architecture;
  weights: WeightTensor[];
  /** Size of the weights in bytes. */
  bytes: number;
  spec: Required<Pick<TrainSpec, 'target' | 'seed' | 'epochs' | 'batchSize' | 'learningRate'>> & {
    features: string[];
  };
  metrics: { validation: Metrics | null; test: Metrics };
  history: EpochReport[];
  backend: string;
  trainedAt: string;
  /** Samples per second over the whole fit. */
  samplesPerSecond: number;
}

export type Prediction = { label: string; probabilities: number[] } | { value: number };

export interface TrainOptions {
  onEpoch?: (report: EpochReport) => void;
  signal?: AbortSignal;
}
