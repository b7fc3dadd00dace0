/** What the kernels benchmark (bench/kernels-bench.worker.ts) reports. Types only. */

/** Every figure is taken with tf.js's webgpu backend active (our kernels run on its device). */
interface KernelsRow {
  backend: 'webgpu';
  /** Why this row could not be measured; '' when it was. */
  error: string;
  file?: never;
}

/** One square shape M = K = N: tf.js float32 matMul against our prepared int8 layer. */
export interface KernelMatMulResult extends KernelsRow {
  part: 'matmul';
  size: number;
  /** Timed runs of each path. */
  repeats: number;
  /** Whether one untimed run of each path came first (not at 2048, where a run takes seconds). */
  warmUp: boolean;
  /** Median of `tf.matMul(a, b)` + `await data()`, inputs already on the GPU. */
  tfjsMs: number;
  /** Median of `runInt8Layer` (x upload, pack, fused kernel, y read back), weights packed before. */
  oursMs: number;
  /** 2 M N K / time. */
  tfjsGops: number;
  oursGops: number;
  /** tfjsMs / oursMs: >= 1 means ours is faster. */
  ratio: number;
  /** `dot4I8Packed` available (the `packed_4x8_integer_dot_product` WGSL language feature). */
  packedDot: boolean;
}

/** Where our int8 layer's time goes on one shape, each stage awaited on its own (medians). */
export interface KernelSplitResult extends KernelsRow {
  part: 'split';
  size: number;
  repeats: number;
  /** `Int32Array.from(x)`: the int8 codes widened to one i32 each, as `runInt8Layer` does. */
  widenMs: number;
  /** The widened codes and the uniform written into new buffers (mappedAtCreation). */
  uploadMs: number;
  /** The pack-int8 dispatch, until 16 bytes of its output can be mapped. */
  packMs: number;
  /** The fused int8 matmul dispatch, until 16 bytes of y can be mapped. */
  kernelMs: number;
  /** y (M x N float32) copied to a staging buffer and mapped. */
  readbackMs: number;
  /** The same matmul kernel with the portable dot (extractBits), for comparison. */
  portableKernelMs: number;
  /** `runInt8Layer` in the same runs, end to end: the stages' sum should come close. */
  endToEndMs: number;
  /** tf.js's median from the matmul row of the same shape. */
  tfjsMs: number;
}

/** Quantizing a ~1M-parameter MLP to int8 with tf.js on webgpu (our kernels) and on cpu. */
export interface KernelQuantizeResult extends KernelsRow {
  part: 'quantize';
  hidden: number[];
  parameters: number;
  repeats: number;
  /** `quantizeModel(model, { scheme: 'int8', calibration })`, medians. */
  webgpuMs: number;
  cpuMs: number;
  /** cpuMs / webgpuMs: the goal is >= 3 on a real GPU. */
  ratio: number;
  /** What each model records as `quantization.kernels`. */
  kernels: { webgpu: string; cpu: string };
  /** The weight codes alone: `int8PerChannelGpu` vs `int8PerChannel` over every kernel. */
  weightsWebgpuMs: number;
  weightsCpuMs: number;
  weightsRatio: number;
  /** Every weight (codes, scales, zero points) of the two models equal, and the lone codes. */
  identicalCodes: boolean;
  /** Where the GPU's weight-code time goes, on the largest kernel; null if not measured. */
  largest: WeightCodesSplit | null;
}

/** `int8PerChannelGpu` on one kernel step by step (each its own upload and read-back), medians. */
export interface WeightCodesSplit {
  shape: number[];
  /** symmetric-scales: one invocation per output channel, reading its column. */
  scalesMs: number;
  /** quantize-linear: one invocation per value, codes read back as one i32 each. */
  codesMs: number;
  /** `Int8Array.from` of the i32 codes, on the CPU. */
  narrowMs: number;
  /** `int8PerChannel` on the same kernel. */
  cpuMs: number;
}

/** int8 `predict` on our kernels against float32 `predict` on tf.js, both on webgpu. */
export interface KernelInferenceResult extends KernelsRow {
  part: 'inference';
  model: string;
  parameters: number;
  /** Layers quantizeModel kept in float32 (its accuracy guard). */
  keptLayers: string[];
  rows: number;
  repeats: number;
  int8Ms: number;
  float32Ms: number;
  /** `predictWithoutTfjs(int8Model)`: the CPU reference, for context. */
  cpuInt8Ms: number;
  /** float32Ms / int8Ms: >= 1 means int8 on our kernels is faster. */
  ratio: number;
  /** Rows where int8 on webgpu and the CPU reference give the same label (or value). */
  sameAsCpu: number;
}

export type KernelsResult =
  KernelMatMulResult | KernelSplitResult | KernelQuantizeResult | KernelInferenceResult;

/** The kernels benchmark's worker, called through Comlink. */
export interface KernelsBenchApi {
  run(onProgress: (line: string) => void): Promise<KernelsResult[]>;
}
