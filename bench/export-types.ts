/** What the export benchmark (bench/export-bench.worker.ts) reports. Types only. */
import type { ExportFormat } from '../src/lib/export/export-model';
import type { QuantizationScheme, Task } from '../src/lib/index';

/** float32 is the trained model itself; the others are `quantizeModel`'s children. */
export type ExportScheme = 'float32' | QuantizationScheme;

/** One model in one scheme, exported in every format it has. */
export interface ExportResult {
  /** e.g. 'iris default' or 'seattle-weather 256-256'. */
  model: string;
  dataset: string;
  task: Task;
  parameters: number;
  scheme: ExportScheme;
  /** `model.bytes`: the weights as the workbench stores them. */
  weightBytes: number;
  /** Median `exportModel` time per format, in ms; null where the scheme has no such format. */
  ms: Record<ExportFormat, number | null>;
  /** model.onnx. */
  onnxBytes: number;
  /** model.json + group1-shard1of1.bin; null where the scheme has no TF.js form (int8). */
  tfjsBytes: number | null;
  /** model.zip. */
  bundleBytes: number;
  /** bundleBytes / the float32 bundle of the same model. */
  bundleRatio: number;
  /** The runtime of the check, e.g. 'onnxruntime-web 1.30.0'. */
  runtime: string;
  /** One `verifyOnnx` on the model's test rows in onnxruntime-web, session creation included. */
  verifyMs: number;
  verifyRows: number;
  /** Largest |onnxruntime-web - workbench| (probability, or value relative to max(1, |value|)). */
  largestDifference: number;
  /** Test rows whose label agrees (classification; every row for regression). */
  sameLabel: number;
  /** quantizeModel's guard refused the scheme (quantization_too_lossy): measured, not failed. */
  refused: string;
  /** Why this row could not be measured; '' when it was. */
  error: string;
  file?: never;
}

/** The export benchmark's worker, called through Comlink. */
export interface ExportBenchApi {
  run(onProgress: (line: string) => void): Promise<ExportResult[]>;
}
