import type { Table } from '../data/table';
import type { TrainedModel, WeightTensor } from '../train/types';

/** The number formats post-training quantization can store a model's weights in. */
export type QuantizationScheme = 'float16' | 'uint8' | 'int8';

/**
 * How activation ranges are calibrated: 'minmax' (the observed extremes) or 'percentile'
 * (outliers clipped). Weights always use min/max; the method matters for activation ranges.
 */
export type QuantizationMethod = 'minmax' | 'percentile';

/** What `quantizeModel` did, stored with the quantized model. */
export interface QuantizationInfo {
  scheme: QuantizationScheme;
  method: QuantizationMethod;
  /** Layers (`dense_0`, ...) kept at float32 by the accuracy guard; empty when none. */
  keptLayers: string[];
  /** The parent's `bytes`, to state the ratio. */
  parentBytes: number;
  /** Where integer kernels would run; 'cpu' while every scheme is dequantized to float32. */
  kernels: 'webgpu' | 'cpu';
}

/** A TrainedModel whose weights were quantized after training: usable wherever one is. */
export type QuantizedModel = TrainedModel & { quantization: QuantizationInfo };

/** A version's reference data: sampled training rows, each with the split it belongs to. */
export interface ReferenceCalibration {
  table: Table;
  splits: readonly ('train' | 'validation' | 'test')[];
}

export interface QuantizeOptions {
  scheme: QuantizationScheme;
  /**
   * The model's training table (same fingerprint), or a version's reference data (`{ table,
   * splits }`, as `Registry.loadReference` gives it) when the file is not at hand; the
   * validation rows decide the guard and the test rows are reported.
   */
  calibration: Table | ReferenceCalibration;
  /** Default 'minmax'. */
  method?: QuantizationMethod;
  /**
   * The largest loss the guard accepts on the validation rows. Classification: accuracy drop
   * as a fraction (default max(0.005, one validation row)); regression: relative RMSE increase
   * (default 0.02).
   */
  maxDrop?: number;
}

/** Options one weight tensor is quantized with. */
export interface WeightQuantizeOptions {
  method: QuantizationMethod;
}

/** One scheme, registered as tfjs registers a kernel: a name, a label and a function. */
export interface QuantizationSchemeConfig {
  scheme: QuantizationScheme;
  /** What a person reads, e.g. 'float16 (half precision)'. */
  label: string;
  /** A float32 tensor in this scheme's form; refuses NaN and infinity with `invalid_model`. */
  quantizeWeight(weight: WeightTensor, options: WeightQuantizeOptions): WeightTensor;
}
