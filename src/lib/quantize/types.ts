import type { Table } from '../data/table';
import type { GpuRunner } from '../kernels/gpu-runner';
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
  /**
   * Why each kept layer stayed float32: its quantized weights cannot be stored ('unrepresentable',
   * e.g. float16 overflow), or quantizing it alone lost `loss` on the validation rows
   * ('sensitive'; an accuracy fraction, or a relative RMSE increase for regression).
   */
  keptReasons?: { layer: string; reason: 'unrepresentable' | 'sensitive'; loss: number | null }[];
  /** The guard's limit on that loss, in the same unit, when layers were kept. */
  lossLimit?: number;
  /** The parent's `bytes`, to state the ratio. */
  parentBytes: number;
  /**
   * Where the weights were quantized: 'webgpu' (our WGSL kernels on tf.js's WebGPU device, for
   * float16 and int8) or 'cpu' (the TypeScript reference, the same codes). int8 predicts on the
   * integer kernel of whichever the active backend offers at predict time.
   */
  kernels: 'webgpu' | 'cpu';
  /** int8 only: each quantized layer's calibrated input range (kept layers have none). */
  activations?: ActivationRange[];
}

/**
 * A dense layer's input as int8 (ONNX QuantizeLinear): x_q = saturate(round_half_even(x /
 * scale) + zeroPoint) in [-128, 127]; `scale` is a float32 value and zero is a code.
 */
export interface ActivationRange {
  layer: string;
  scale: number;
  zeroPoint: number;
}

/** What a scheme that calibrates activations (int8) is given: the training rows. */
export interface CalibrationInput {
  model: TrainedModel;
  table: Table;
  /** Rows of `table` in the training split. */
  rows: number[];
  method: QuantizationMethod;
  /** Our WebGPU kernels' runner when the active backend is webgpu; null for the CPU. */
  gpu: GpuRunner | null;
}

/** A calibrated scheme's weights (by name) and the quantization fields for chosen layers. */
export interface CalibratedWeights {
  weights: Map<string, WeightTensor>;
  /** Whether every weight came from the GPU kernels. */
  onGpu: boolean;
  /** Extra `quantization` fields when only `layers` are quantized (int8: their ranges). */
  info(layers: ReadonlySet<string>): Pick<QuantizationInfo, 'activations'>;
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
  /** The same tensor from our WebGPU kernels (src/lib/kernels), when the scheme has them. */
  quantizeWeightGpu?(
    runner: GpuRunner,
    weight: WeightTensor,
    options: WeightQuantizeOptions,
  ): Promise<WeightTensor>;
  /**
   * Schemes whose weights depend on activation ranges (int8: the bias scale is input scale x
   * weight scale) quantize the whole model at once, calibrated on the training rows.
   */
  calibrate?(input: CalibrationInput): Promise<CalibratedWeights>;
}
