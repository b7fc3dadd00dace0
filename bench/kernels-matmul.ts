/**
 * Our int8 matmul (a prepared int8 layer: weights packed once, then x uploaded, packed, run
 * through the fused kernel and y read back) against tf.js's float32 `matMul` on the same
 * webgpu device, both timed end to end including the read-back. Then, on one shape, where our
 * time goes, each stage awaited on its own.
 */
import * as tf from '@tensorflow/tfjs';
import { GpuRunner } from '../src/lib/kernels/gpu-runner';
import {
  int8MatMulInvocations,
  int8MatMulKernel,
  MATMUL_ACTIVATIONS,
} from '../src/lib/kernels/defs/int8-matmul';
import { packInt8Kernel } from '../src/lib/kernels/defs/pack-int8';
import { prepareInt8Layer, runInt8Layer, type PreparedInt8Layer } from '../src/lib/kernels/ops';
import { createRng } from '../src/lib/train/rng';
import { LABEL, message, timed } from './kernels-common';
import type { KernelMatMulResult, KernelSplitResult } from './kernels-types';
import { median, type Log } from './sample-models';

/**
 * Timed runs per shape, after one warm-up run of each path: fewer where one run takes seconds.
 * 2048 (tens of seconds a run here) skips the warm-up: the smaller shapes built the pipelines.
 */
export const MATMUL_SHAPES: { size: number; repeats: number; warmUp: boolean }[] = [
  { size: 256, repeats: 7, warmUp: true },
  { size: 512, repeats: 5, warmUp: true },
  { size: 1024, repeats: 3, warmUp: true },
  { size: 2048, repeats: 1, warmUp: false },
];
export const SPLIT_SIZE = 1024;
const SPLIT_REPEATS = 3;

/** Both paths' operands for one square shape; the caller frees them with `release`. */
interface Operands {
  size: number;
  a: tf.Tensor2D;
  b: tf.Tensor2D;
  x: Int8Array;
  layer: PreparedInt8Layer;
  release(): void;
}

function randomCodes(count: number, random: () => number, low: number, high: number): Int8Array {
  return Int8Array.from({ length: count }, () => low + Math.floor(random() * (high - low + 1)));
}

function operands(runner: GpuRunner, size: number): Operands {
  const random = createRng(size);
  const count = size * size;
  const a = tf.tensor2d(
    Float32Array.from({ length: count }, () => random() * 2 - 1),
    [size, size],
  );
  const b = tf.tensor2d(
    Float32Array.from({ length: count }, () => random() * 2 - 1),
    [size, size],
  );
  const layer = prepareInt8Layer(runner, {
    inputs: size,
    units: size,
    inputZeroPoint: 0,
    kernel: randomCodes(count, random, -127, 127),
    bias: new Int32Array(size),
    scales: new Float32Array(size).fill(1e-4),
    activation: 'linear',
  });
  const x = randomCodes(count, random, -128, 127);
  return {
    size,
    a,
    b,
    x,
    layer,
    release() {
      a.dispose();
      b.dispose();
      layer.release();
    },
  };
}

/** Wall time of `work` in ms. */
const elapsed = async (work: () => Promise<unknown>): Promise<number> => (await timed(work)).ms;

async function tfjsMatMul(o: Operands): Promise<void> {
  const c = tf.matMul(o.a, o.b);
  try {
    await c.data();
  } finally {
    c.dispose();
  }
}

const oursMatMul = (runner: GpuRunner, o: Operands) =>
  runInt8Layer(runner, o.layer, o.x, o.size, false);

const gops = (size: number, ms: number) => (2 * size ** 3) / (ms * 1e6);

/** One warm-up of each path (unless told not to), then alternating timed runs; medians. */
async function measureShape(
  runner: GpuRunner,
  o: Operands,
  { repeats, warmUp }: { repeats: number; warmUp: boolean },
): Promise<KernelMatMulResult> {
  if (warmUp) {
    await tfjsMatMul(o);
    await oursMatMul(runner, o);
  }
  const tfjs: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < repeats; i++) {
    tfjs.push(await elapsed(() => tfjsMatMul(o)));
    ours.push(await elapsed(() => oursMatMul(runner, o)));
  }
  const tfjsMs = median(tfjs);
  const oursMs = median(ours);
  return {
    part: 'matmul',
    backend: 'webgpu',
    size: o.size,
    repeats,
    warmUp,
    tfjsMs,
    oursMs,
    tfjsGops: gops(o.size, tfjsMs),
    oursGops: gops(o.size, oursMs),
    ratio: tfjsMs / oursMs,
    packedDot: runner.features.packedDot,
    error: '',
  };
}

/** Uniform parameters as u32 words, padded to 16 bytes (as ops.ts writes them). */
function params(...values: number[]): Uint32Array {
  const words = new Uint32Array(Math.max(4, Math.ceil(values.length / 4) * 4));
  words.set(values.map((value) => value >>> 0));
  return words;
}

type Stages = Pick<
  KernelSplitResult,
  'widenMs' | 'uploadMs' | 'packMs' | 'kernelMs' | 'readbackMs' | 'portableKernelMs' | 'endToEndMs'
>;

/**
 * `runInt8Layer`'s steps one by one, each dispatch awaited by mapping 16 bytes of its output
 * (as a read-back waits for it), then the matmul again with the portable dot on the same
 * buffers, and `runInt8Layer` itself at the same moment.
 */
async function stagesOnce(runner: GpuRunner, portable: GpuRunner, o: Operands): Promise<Stages> {
  const { size, layer } = o;
  const buffers: GPUBuffer[] = [];
  try {
    let start = performance.now();
    const codes = Int32Array.from(o.x);
    const widenMs = performance.now() - start;
    start = performance.now();
    const input = runner.upload(codes);
    const packUniform = runner.upload(params(size, layer.inputs, layer.words), true);
    buffers.push(input, packUniform);
    const uploadMs = performance.now() - start;
    const packed = runner.output(size * layer.words * 4);
    buffers.push(packed);
    const packMs = await elapsed(async () => {
      runner.dispatch(packInt8Kernel, [input, packUniform, packed], size * layer.words);
      await runner.read(packed, 16);
    });
    const uniform = runner.upload(
      params(size, layer.units, layer.words, MATMUL_ACTIVATIONS.linear),
      true,
    );
    const bytes = size * layer.units * 4;
    const y = runner.output(bytes);
    const acc = runner.output(bytes);
    buffers.push(uniform, y, acc);
    const { weights, bias, scales } = layer.buffers;
    const bindings = [packed, weights, bias, scales, uniform, y, acc];
    const matmul = (on: GpuRunner) =>
      elapsed(async () => {
        on.dispatch(int8MatMulKernel, bindings, int8MatMulInvocations(size, layer.units));
        await runner.read(y, 16);
      });
    const kernelMs = await matmul(runner);
    const readbackMs = await elapsed(() => runner.read(y, bytes));
    const portableKernelMs = await matmul(portable);
    const endToEndMs = await elapsed(() => oursMatMul(runner, o));
    return { widenMs, uploadMs, packMs, kernelMs, readbackMs, portableKernelMs, endToEndMs };
  } finally {
    for (const buffer of buffers) buffer.destroy();
  }
}

async function measureSplit(
  runner: GpuRunner,
  o: Operands,
  tfjsMs: number,
): Promise<KernelSplitResult> {
  // The portable variant's pipeline is built by a warm-up on a small shape, not in a timed run.
  const portable = new GpuRunner(runner.device, { packedDot: false });
  const small = operands(runner, 64);
  try {
    await stagesOnce(runner, portable, small);
  } finally {
    small.release();
  }
  const runs: Stages[] = [];
  for (let i = 0; i < SPLIT_REPEATS; i++) runs.push(await stagesOnce(runner, portable, o));
  const stage = (key: keyof Stages) => median(runs.map((run) => run[key]));
  return {
    part: 'split',
    backend: 'webgpu',
    size: o.size,
    repeats: SPLIT_REPEATS,
    widenMs: stage('widenMs'),
    uploadMs: stage('uploadMs'),
    packMs: stage('packMs'),
    kernelMs: stage('kernelMs'),
    readbackMs: stage('readbackMs'),
    portableKernelMs: stage('portableKernelMs'),
    endToEndMs: stage('endToEndMs'),
    tfjsMs,
    error: '',
  };
}

export function failedShape(size: number, error: unknown): KernelMatMulResult {
  return {
    part: 'matmul',
    backend: 'webgpu',
    size,
    repeats: 0,
    warmUp: false,
    tfjsMs: NaN,
    oursMs: NaN,
    tfjsGops: NaN,
    oursGops: NaN,
    ratio: NaN,
    packedDot: false,
    error: `matmul ${size}: ${message(error)}`,
  };
}

/** Every shape, and the stage split on SPLIT_SIZE; needs the webgpu backend active. */
export async function measureMatMul(
  runner: GpuRunner,
  log: Log,
): Promise<(KernelMatMulResult | KernelSplitResult)[]> {
  const results: (KernelMatMulResult | KernelSplitResult)[] = [];
  for (const shape of MATMUL_SHAPES) {
    const { size } = shape;
    let o: Operands | null = null;
    try {
      o = operands(runner, size);
      const row = await measureShape(runner, o, shape);
      log(
        `${LABEL}: matmul ${size}: tf.js ${row.tfjsMs.toFixed(1)} ms, ours ` +
          `${row.oursMs.toFixed(1)} ms (ratio ${row.ratio.toFixed(2)})`,
      );
      results.push(row);
      if (size === SPLIT_SIZE) {
        const split = await measureSplit(runner, o, row.tfjsMs);
        log(`${LABEL}: split ${size}: kernel ${split.kernelMs.toFixed(1)} ms`);
        results.push(split);
      }
    } catch (error) {
      results.push(failedShape(size, error));
    } finally {
      o?.release();
    }
  }
  return results;
}
