import type { Imputation, Preprocessing } from '../features/types';
import type { ColumnMask } from '../privacy/mask';
import type { Metrics } from './metrics';
import type { PauseController } from './pause';

export type { Metrics };
export type Task = 'regression' | 'binary' | 'multiclass';
/**
 * A registered model kind (src/lib/train/model-kinds): 'linear' and 'mlp' are built in; the
 * `string & {}` keeps their names suggested while letting a registered kind be named.
 */
export type ModelKind = 'linear' | 'mlp' | (string & {});
export type Activation = 'relu' | 'tanh' | 'elu';

/** What to train: the target is required, everything else has a default that works. */
export interface TrainSpec {
  target: string;
  task?: Task;
  /**
   * 'linear': linear / logistic / softmax regression; 'mlp' (the default): a small neural
   * network; or any kind registered with `registerModelKind`.
   */
  model?: ModelKind;
  features?: string[];
  seed?: number;
  /** Most epochs to run; early stopping usually ends sooner. */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Hidden layer widths for 'mlp'. */
  hidden?: number[];
  activation?: Activation;
  /** Dropout rate after each hidden layer (0 to 0.9). */
  dropout?: number;
  /** L2 penalty on the weights (not the biases). */
  l2?: number;
  /** Epochs without a better validation loss before training stops. */
  patience?: number;
  imputation?: Imputation;
  missingIndicators?: boolean;
  /** 'balanced' weighs each class by n / (classes x its count), as sklearn does. */
  classWeights?: 'none' | 'balanced';
  /** Also run k-fold cross-validation on the training rows (k >= 2) and report its scores. */
  folds?: number;
}

/** The spec with every default filled in, as stored with the model. */
export interface ResolvedSpec {
  target: string;
  features: string[];
  model: ModelKind;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number[];
  activation: Activation;
  dropout: number;
  l2: number;
  patience: number;
  imputation: Imputation;
  missingIndicators: boolean;
  classWeights: 'none' | 'balanced';
  folds: number;
}

/** The layer stack, enough to rebuild the network from its weights on any backend. */
export interface Architecture {
  inputWidth: number;
  hidden: number[];
  activation: Activation;
  dropout: number;
  outputUnits: number;
  outputActivation: 'softmax' | 'sigmoid' | 'linear';
}

/** The number formats a weight tensor may be stored in. */
export type WeightDtype = 'float32' | 'float16' | 'uint8' | 'int8' | 'int32';
/**
 * A model's precision: the dtype all its weights share, or 'mixed'. int32 only holds an int8
 * layer's bias, so it counts as 'int8'.
 */
export type ModelPrecision = Exclude<WeightDtype, 'int32'> | 'mixed';

interface WeightBase {
  /** Stable within a model: `dense_0/kernel`, `dense_0/bias`, `dense_1/kernel`, ... */
  name: string;
  shape: number[];
}

/** Weights as trained. `dtype` is absent in models stored before weights had dtypes. */
export interface Float32Weight extends WeightBase {
  dtype?: 'float32';
  /** Flat, row-major. */
  values: Float32Array;
}

/** IEEE 754 binary16 bit patterns, flat and row-major; every one decodes to a finite value. */
export interface Float16Weight extends WeightBase {
  dtype: 'float16';
  values: Uint16Array;
}

/**
 * Affine 8-bit parameters, as ONNX DequantizeLinear reads them: real = scale * (code -
 * zeroPoint). Per tensor, two numbers; per output channel, one scale per index of the last
 * axis (`axis` = shape.length - 1) with either one zero point per channel (of the codes' own
 * type) or one integer zero point shared by every channel (symmetric int8 stores 0).
 */
export type AffineParameters<ZeroPoints> =
  | { scale: number; zeroPoint: number; axis?: undefined }
  | { scale: Float32Array; zeroPoint: ZeroPoints | number; axis: number };

/** uint8 codes (0 to 255), flat and row-major. */
export type Uint8Weight = WeightBase & {
  dtype: 'uint8';
  values: Uint8Array;
} & AffineParameters<Uint8Array>;

/** int8 codes (-128 to 127), flat and row-major. */
export type Int8Weight = WeightBase & {
  dtype: 'int8';
  values: Int8Array;
} & AffineParameters<Int8Array>;

export type QuantizedWeight = Uint8Weight | Int8Weight;

/**
 * Where an int8 layer's bias scale comes from instead of being stored: scale[c] =
 * float32(s_x * s_w[c]), with s_x the `quantization.activations` entry named `input` and s_w
 * the per-channel scales of the int8 kernel named `kernel` (both of the bias's own layer).
 */
export interface Int32ScaleSource {
  /** The layer whose input activation scale is s_x: `dense_0`, ... */
  input: string;
  /** The int8 kernel whose per-channel scales are s_w: `dense_0/kernel`, ... */
  kernel: string;
}

/**
 * int32 codes (an int8 layer's bias, in units of input scale x weight scale): real =
 * float32(code) * scale. ONNX DequantizeLinear: "In the case of dequantizing int32, there's no
 * zero point (zero point is supposed to be 0)", so `zeroPoint` is always 0. Per tensor, per
 * channel along the last axis, or (what the int8 scheme writes) derived from the layer's
 * input and kernel scales (`scaleFrom`), which needs the model to dequantize
 * (`dequantizeWeightIn`).
 */
export type Int32Weight = WeightBase & {
  dtype: 'int32';
  values: Int32Array;
  zeroPoint: 0;
} & (
    | { scale: number; axis?: undefined; scaleFrom?: undefined }
    | { scale: Float32Array; axis: number; scaleFrom?: undefined }
    | { scale?: undefined; axis?: undefined; scaleFrom: Int32ScaleSource }
  );

/** One weight tensor, stored flat in row-major order, in one of the `WeightDtype` forms. */
export type WeightTensor = Float32Weight | Float16Weight | QuantizedWeight | Int32Weight;

/**
 * How the training rows were split, enough for `splitFor` to give back exactly the same train,
 * validation and test rows from the same table. The rows split are those whose target is not
 * missing; classes are read from `model.target` as `model.task` reads them.
 */
export interface SplitDescriptor {
  /** 'stratified': every class keeps its share in each part (classification); 'random'. */
  method: 'stratified' | 'random';
  seed: number;
  /** Share of the labelled rows for test, and of the rest for validation (as `splitRows`). */
  fractions: { validation: number; test: number };
  /** Rows in the training table, labelled or not. */
  rowCount: number;
  /** Rows in each part. */
  counts: { train: number; validation: number; test: number };
  /** `tableFingerprint` of the training table: SHA-256 of its contents, hex. */
  fingerprint: string;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  /** The main metric (accuracy or R^2) on (a sample of) the training rows. */
  metric: number;
  valMetric: number | null;
  metricName: 'accuracy' | 'r2';
  learningRate: number;
  /** The epoch whose weights are kept so far (best validation loss). */
  bestEpoch: number;
  /** Samples per second over this epoch's training steps. */
  samplesPerSecond: number;
  elapsedMs: number;
}

export interface CrossValidation {
  folds: number;
  metricName: 'accuracy' | 'r2';
  scores: number[];
  mean: number;
  std: number;
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
  spec: ResolvedSpec;
  metrics: { validation: Metrics | null; test: Metrics; crossValidation: CrossValidation | null };
  history: EpochReport[];
  /** The epoch whose weights were kept (best validation loss). */
  bestEpoch: number;
  backend: string;
  trainedAt: string;
  /** Training samples per second over the whole run. */
  samplesPerSecond: number;
  /** SHA-256 of the training file, when the table came from one. */
  datasetSha256: string | null;
  /** How the rows were split; absent in models stored before it was recorded. */
  split?: SplitDescriptor;
  /** Personal-data columns masked before training (`maskTable`); new data is masked alike. */
  masking?: ColumnMask[];
}

export type Prediction = { label: string; probabilities: number[] } | { value: number };

export interface TrainOptions {
  onEpoch?: (report: EpochReport) => void;
  signal?: AbortSignal;
  /** Pauses between batches while paused. */
  pause?: PauseController;
  /** Cross-validation progress: fold k of n finished. */
  onFold?: (fold: number, folds: number) => void;
  /**
   * Training matrices up to this many bytes stay on the device for the whole run, batches
   * gathered there (default `RESIDENT_MATRIX_BYTES`, 128 MiB); 0 builds every batch on the CPU.
   * Either way the batches, and so the trained weights, are the same.
   */
  residentBytes?: number;
}
