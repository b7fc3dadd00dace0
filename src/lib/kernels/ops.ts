/**
 * Typed-array entry points to the kernels: upload, dispatch, read back, and free the buffers.
 * Each gives exactly what its CPU reference gives (named on each), which the kernel suite in
 * Chromium checks against the references computed in Node.
 */
import type { GpuRunner } from './gpu-runner';
import { dequantizeLinearKernel } from './defs/dequantize-linear';
import { float16Kernel } from './defs/float16';
import { int8MatMulInvocations, int8MatMulKernel, MATMUL_ACTIVATIONS } from './defs/int8-matmul';
import { MIN_MAX_PARTIALS, minMaxKernel } from './defs/min-max';
import { packInt8Kernel } from './defs/pack-int8';
import { quantizeLinearKernel } from './defs/quantize-linear';
import {
  RANK_HISTOGRAM_INVOCATIONS,
  RANKS_PER_PASS,
  rankHistogramKernel,
} from './defs/rank-histogram';
import { symmetricScalesKernel } from './defs/symmetric-scales';

/** f32 bits of the values, as a view (no copy when already float32). */
function bitsOf(values: Float32Array | number[]): Uint32Array {
  const floats = values instanceof Float32Array ? values : Float32Array.from(values);
  return new Uint32Array(floats.buffer, floats.byteOffset, floats.length);
}

function params(...values: number[]): Uint32Array {
  const words = new Uint32Array(Math.max(4, Math.ceil(values.length / 4) * 4));
  const view = new DataView(words.buffer);
  values.forEach((value, i) => view.setUint32(i * 4, value >>> 0, true));
  return words;
}

/** Runs one kernel and reads its first output back; every buffer is freed afterwards. */
async function run(
  runner: GpuRunner,
  kernel: Parameters<GpuRunner['dispatch']>[0],
  inputs: { data: ArrayBufferView; uniform?: boolean }[],
  outputBytes: number[],
  invocations: number,
): Promise<ArrayBuffer[]> {
  const buffers = inputs.map((input) => runner.upload(input.data, input.uniform));
  const outputs = outputBytes.map((bytes) => runner.output(bytes));
  try {
    runner.dispatch(kernel, [...buffers, ...outputs], invocations);
    return await Promise.all(outputs.map((buffer, i) => runner.read(buffer, outputBytes[i] ?? 0)));
  } finally {
    for (const buffer of [...buffers, ...outputs]) buffer.destroy();
  }
}

/**
 * QuantizeLinear codes of `values` (the last axis has `channels` entries; 1 for per tensor),
 * saturated to [low, high]: `quantizeLinear` / `int8PerChannel`'s codes exactly.
 */
export async function quantizeLinearGpu(
  runner: GpuRunner,
  values: Float32Array,
  scales: Float32Array,
  zeroPoints: Int32Array,
  [low, high]: readonly [number, number],
): Promise<Int32Array> {
  const channels = scales.length;
  const [codes] = await run(
    runner,
    quantizeLinearKernel,
    [
      { data: bitsOf(values) },
      { data: bitsOf(scales) },
      { data: zeroPoints },
      { data: params(values.length, channels, low, high), uniform: true },
    ],
    [values.length * 4],
    values.length,
  );
  return new Int32Array(codes as ArrayBuffer);
}

/** Each channel's symmetric scale f32(max|w| / levels), 1 for an all-zero channel. */
export async function symmetricScalesGpu(
  runner: GpuRunner,
  values: Float32Array,
  channels: number,
  levels = 127,
): Promise<Float32Array> {
  const rows = values.length / channels;
  const [scales] = await run(
    runner,
    symmetricScalesKernel,
    [{ data: bitsOf(values) }, { data: params(rows, channels, levels), uniform: true }],
    [channels * 4],
    channels,
  );
  return new Float32Array(scales as ArrayBuffer);
}

/** The int8 scheme's weight codes and scales (`int8PerChannel`), on the GPU. */
export async function int8PerChannelGpu(
  runner: GpuRunner,
  values: Float32Array,
  channels: number,
): Promise<{ codes: Int8Array; scale: Float32Array }> {
  const scale = await symmetricScalesGpu(runner, values, channels);
  const codes = await quantizeLinearGpu(
    runner,
    values,
    scale,
    new Int32Array(channels),
    [-127, 127],
  );
  return { codes: Int8Array.from(codes), scale };
}

/** [min, max] of the values, NaN skipped; [Infinity, -Infinity] when there are none. */
export async function minMaxGpu(
  runner: GpuRunner,
  values: Float32Array,
): Promise<[number, number]> {
  const partials = Math.min(MIN_MAX_PARTIALS, Math.max(1, values.length));
  const [out] = await run(
    runner,
    minMaxKernel,
    [{ data: bitsOf(values) }, { data: params(values.length, partials), uniform: true }],
    [partials * 8],
    partials,
  );
  const keys = new Uint32Array(out as ArrayBuffer);
  let low = 0xffffffff;
  let high = 0;
  for (let p = 0; p < partials; p++) {
    low = Math.min(low, keys[2 * p] ?? low);
    high = Math.max(high, keys[2 * p + 1] ?? high);
  }
  if (low === 0xffffffff && high === 0) return [Infinity, -Infinity];
  return [valueOfKey(low), valueOfKey(high)];
}

/** The float whose order-preserving key this is (min-max.ts's `key`, inverted). */
function valueOfKey(key: number): number {
  const bits = key >= 0x80000000 ? key - 0x80000000 : ~key >>> 0;
  return new Float32Array(Uint32Array.of(bits).buffer)[0] ?? NaN;
}

/** IEEE binary16 bits of the values (`float32ToFloat16Bits`). */
export async function float16Gpu(runner: GpuRunner, values: Float32Array): Promise<Uint16Array> {
  const [half] = await run(
    runner,
    float16Kernel,
    [{ data: bitsOf(values) }, { data: params(values.length), uniform: true }],
    [values.length * 4],
    values.length,
  );
  return Uint16Array.from(new Uint32Array(half as ArrayBuffer));
}

/** DequantizeLinear of codes, per tensor or per channel of the last axis (`dequantizeWeight`). */
export async function dequantizeLinearGpu(
  runner: GpuRunner,
  codes: Int8Array | Uint8Array | Int32Array,
  scales: Float32Array,
  zeroPoints: Int32Array,
): Promise<Float32Array> {
  const [real] = await run(
    runner,
    dequantizeLinearKernel,
    [
      { data: Int32Array.from(codes) },
      { data: scales },
      { data: zeroPoints },
      { data: params(codes.length, scales.length), uniform: true },
    ],
    [codes.length * 4],
    codes.length,
  );
  return new Float32Array(real as ArrayBuffer);
}

/** One int8 dense layer's operands, as `Int8Layer` holds them. */
export interface Int8MatMulInput {
  /** Input codes [rows, inputs], row-major. */
  x: Int32Array | Int8Array;
  rows: number;
  inputZeroPoint: number;
  /** Weight codes [inputs, units], row-major. */
  kernel: Int8Array;
  inputs: number;
  units: number;
  /** int32 bias codes, in units of `scales`. */
  bias: Int32Array;
  /** float32(s_x * s_w[c]) per unit. */
  scales: Float32Array;
  activation: keyof typeof MATMUL_ACTIVATIONS;
}

/** Packs [rows, width] codes four to a word along each row (pack-int8.ts). */
function packGpu(
  runner: GpuRunner,
  codes: Int32Array,
  rows: number,
  width: number,
  temporary: GPUBuffer[],
): { buffer: GPUBuffer; words: number } {
  const words = Math.ceil(width / 4);
  const input = runner.upload(codes);
  const uniform = runner.upload(params(rows, width, words), true);
  const buffer = runner.output(rows * words * 4);
  temporary.push(input, uniform, buffer);
  runner.dispatch(packInt8Kernel, [input, uniform, buffer], rows * words);
  return { buffer, words };
}

/** A layer's weights on the GPU, packed once and reused for every batch of rows. */
export interface PreparedInt8Layer {
  inputs: number;
  units: number;
  words: number;
  activation: Int8MatMulInput['activation'];
  buffers: { weights: GPUBuffer; bias: GPUBuffer; scales: GPUBuffer };
  release(): void;
}

/** Uploads a layer's codes by output channel, packed, with the zero point folded in the bias. */
export function prepareInt8Layer(
  runner: GpuRunner,
  layer: Omit<Int8MatMulInput, 'x' | 'rows'>,
): PreparedInt8Layer {
  const { inputs, units } = layer;
  const transposed = new Int32Array(units * inputs);
  const folded = Int32Array.from(layer.bias);
  for (let k = 0; k < inputs; k++) {
    for (let n = 0; n < units; n++) {
      const w = layer.kernel[k * units + n] ?? 0;
      transposed[n * inputs + k] = w;
      folded[n] = ((folded[n] ?? 0) - Math.imul(layer.inputZeroPoint, w)) | 0;
    }
  }
  const temporary: GPUBuffer[] = [];
  const packed = packGpu(runner, transposed, units, inputs, temporary);
  const bias = runner.upload(folded);
  const scales = runner.upload(layer.scales);
  return {
    inputs,
    units,
    words: packed.words,
    activation: layer.activation,
    buffers: { weights: packed.buffer, bias, scales },
    release() {
      for (const buffer of [...temporary, bias, scales]) buffer.destroy();
    },
  };
}

/**
 * Runs a prepared layer on `rows` rows of input codes [rows, inputs]; the int32 accumulators
 * are read back too unless `accumulators` is false (then `acc` is empty).
 */
export async function runInt8Layer(
  runner: GpuRunner,
  layer: PreparedInt8Layer,
  x: Int32Array | Int8Array,
  rows: number,
  accumulators = true,
): Promise<{ y: Float32Array; acc: Int32Array }> {
  const buffers: GPUBuffer[] = [];
  try {
    const packed = packGpu(runner, Int32Array.from(x), rows, layer.inputs, buffers);
    const uniform = runner.upload(
      params(rows, layer.units, layer.words, MATMUL_ACTIVATIONS[layer.activation]),
      true,
    );
    const bytes = rows * layer.units * 4;
    const y = runner.output(bytes);
    const acc = runner.output(bytes);
    buffers.push(uniform, y, acc);
    const { weights, bias, scales } = layer.buffers;
    runner.dispatch(
      int8MatMulKernel,
      [packed.buffer, weights, bias, scales, uniform, y, acc],
      int8MatMulInvocations(rows, layer.units),
    );
    const [yBytes, accBytes] = await Promise.all([
      runner.read(y, bytes),
      accumulators ? runner.read(acc, bytes) : new ArrayBuffer(0),
    ]);
    return { y: new Float32Array(yBytes), acc: new Int32Array(accBytes) };
  } finally {
    for (const buffer of buffers) buffer.destroy();
  }
}

/**
 * The layer's outputs (after its activation) and int32 accumulators for every row: the
 * accumulators and linear or relu outputs equal `runInt8Dense`'s exactly.
 */
export async function int8MatMulGpu(
  runner: GpuRunner,
  input: Int8MatMulInput,
): Promise<{ y: Float32Array; acc: Int32Array }> {
  const layer = prepareInt8Layer(runner, input);
  try {
    return await runInt8Layer(runner, layer, input.x, input.rows);
  } finally {
    layer.release();
  }
}

/**
 * The values at `ranks` (0-based) of the ascending sort of `values` (as `Float32Array.sort`
 * orders them: -0 before +0), found by an exact radix select over 8-bit histograms on the GPU:
 * four passes per group of four ranks, and no sort.
 */
export async function orderStatisticsGpu(
  runner: GpuRunner,
  values: Float32Array,
  ranks: readonly number[],
): Promise<number[]> {
  const found: number[] = [];
  if (values.length === 0) return ranks.map(() => NaN);
  const input = runner.upload(bitsOf(values));
  try {
    for (let first = 0; first < ranks.length; first += RANKS_PER_PASS) {
      const wanted = ranks.slice(first, first + RANKS_PER_PASS);
      const prefix = [0, 0, 0, 0];
      const mask = [0, 0, 0, 0];
      const remaining = wanted.map((rank) => Math.min(values.length - 1, Math.max(0, rank)));
      for (const shift of [24, 16, 8, 0]) {
        const uniform = runner.upload(
          params(values.length, shift, RANK_HISTOGRAM_INVOCATIONS, 0, ...prefix, ...mask),
          true,
        );
        const counts = runner.output(1024 * 4);
        try {
          runner.dispatch(
            rankHistogramKernel,
            [input, uniform, counts],
            RANK_HISTOGRAM_INVOCATIONS,
          );
          const histogram = new Uint32Array(await runner.read(counts, 1024 * 4));
          for (let r = 0; r < wanted.length; r++) {
            let below = 0;
            let bin = 0;
            for (; bin < 255; bin++) {
              const inBin = histogram[r * 256 + bin] ?? 0;
              if (below + inBin > (remaining[r] ?? 0)) break;
              below += inBin;
            }
            remaining[r] = (remaining[r] ?? 0) - below;
            prefix[r] = ((prefix[r] ?? 0) | (bin << shift)) >>> 0;
            mask[r] = ((mask[r] ?? 0) | (0xff << shift)) >>> 0;
          }
        } finally {
          uniform.destroy();
          counts.destroy();
        }
      }
      found.push(...prefix.slice(0, wanted.length).map(valueOfKey));
    }
  } finally {
    input.destroy();
  }
  return found;
}
