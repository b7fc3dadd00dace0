/** What the quantization benchmark (bench/quantize-bench.worker.ts) reports. Types only. */
import type { QuantizationScheme, Task } from '../src/lib/index';

/** A score on one split: float32 parent, quantized child and the change. */
export interface ScoreDelta {
  /** Accuracy (classification) or RMSE (regression). */
  float: number;
  quantized: number;
  /**
   * Classification: accuracy points lost (positive is worse); regression: relative RMSE increase
   * (0.01 is 1% worse).
   */
  drop: number;
}

/** One model quantized with one scheme. */
export interface QuantizationResult {
  /** e.g. 'iris default' or 'seattle-weather 256-256'. */
  model: string;
  dataset: string;
  task: Task;
  hidden: number[];
  parameters: number;
  scheme: QuantizationScheme;
  parentBytes: number;
  bytes: number;
  /** bytes / parentBytes. */
  ratio: number;
  /** The size goal for this scheme and model size, as a largest ratio. */
  sizeGoal: number;
  /** The largest drop the accuracy goal allows (points or relative RMSE). */
  accuracyGoal: number;
  metricName: 'accuracy' | 'rmse';
  validation: ScoreDelta;
  test: ScoreDelta;
  keptLayers: string[];
  /** Median wall time of `quantizeModel`, guard included. */
  quantizeMs: number;
  /** Median `predictWithoutTfjs` time on 1,000 rows: parent, then child. */
  floatPredictMs: number;
  predictMs: number;
  /** predictMs / floatPredictMs. */
  latencyRatio: number;
  /** The guard's refusal (quantization_too_lossy): a measured outcome, not a failure. */
  refused: string;
  /** Why this row could not be measured; '' when it was. */
  error: string;
  file?: never;
}

/** The quantization benchmark's worker, called through Comlink. */
export interface QuantizeBenchApi {
  run(onProgress: (line: string) => void): Promise<QuantizationResult[]>;
}
