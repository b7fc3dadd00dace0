/**
 * Quantizing a ~1M-parameter MLP to int8 with tf.js on webgpu (our kernels) and on cpu (the CPU
 * reference): the whole `quantizeModel` call, the weight codes alone, and the largest kernel's
 * codes step by step. Training runs first on wasm (else cpu): only the model matters, not the
 * fit.
 */
import {
  quantizeModel,
  runnerOnTfjsDevice,
  trainModel,
  type BackendName,
  type QuantizedModel,
  type TrainedModel,
} from '../src/lib/index';
import { int8PerChannelGpu, quantizeLinearGpu, symmetricScalesGpu } from '../src/lib/kernels/ops';
import { int8PerChannel } from '../src/lib/quantize/int8-codes';
import type { Float32Weight, WeightTensor } from '../src/lib/train/types';
import { LABEL, message, on, timed } from './kernels-common';
import type { KernelQuantizeResult, WeightCodesSplit } from './kernels-types';
import { median, parametersOf, pickTrainingBackend, type Log } from './sample-models';
import { syntheticTable, TARGET } from './synthetic-data';

/** 16 inputs, two hidden layers of 1000 and one output: 1,019,001 parameters. */
const QUANTIZE_HIDDEN = [1000, 1000];
const QUANTIZE_ROWS = 400;
const QUANTIZE_REPEATS = 3;

/** Deep equality in which typed arrays are compared byte for byte (NaN codes included). */
function same(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.every((byte, i) => byte === y[i]);
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) =>
      same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    );
  }
  return Object.is(a, b);
}

const isFloatKernel = (w: WeightTensor): w is Float32Weight =>
  (w.dtype ?? 'float32') === 'float32' && w.shape.length === 2;

/** Every kernel's int8 codes on the GPU and on the CPU: medians, and whether they agree. */
async function weightCodes(model: TrainedModel) {
  const kernels = model.weights.filter(isFloatKernel);
  const channels = (w: Float32Weight) => w.shape[1] ?? 1;
  const gpu = () =>
    on('webgpu', async () => {
      const runner = runnerOnTfjsDevice();
      if (!runner) throw new Error('no GPU runner on tf.js webgpu device');
      return timed(async () => {
        const codes = [];
        for (const w of kernels) codes.push(await int8PerChannelGpu(runner, w.values, channels(w)));
        return codes;
      });
    });
  const cpu = () => timed(() => Promise.resolve(kernels.map((w) => int8PerChannel(w))));
  let identical = true;
  const gpuMs: number[] = [];
  const cpuMs: number[] = [];
  // The first round warms up both paths (pipelines, JIT) and is not timed.
  for (let round = 0; round <= QUANTIZE_REPEATS; round++) {
    const fromGpu = await gpu();
    const fromCpu = await cpu();
    identical &&= fromGpu.value.every(
      (codes, i) =>
        same(codes.codes, fromCpu.value[i]?.values) && same(codes.scale, fromCpu.value[i]?.scale),
    );
    if (round === 0) continue;
    gpuMs.push(fromGpu.ms);
    cpuMs.push(fromCpu.ms);
  }
  return { gpuMs: median(gpuMs), cpuMs: median(cpuMs), identical };
}

/**
 * `int8PerChannelGpu`'s steps on the largest kernel, each with its own upload and read-back
 * (as it runs them), against `int8PerChannel` on the same tensor: medians after a warm-up.
 */
async function largestKernelSplit(model: TrainedModel): Promise<WeightCodesSplit> {
  const kernel = model.weights
    .filter(isFloatKernel)
    .sort((a, b) => b.values.length - a.values.length)[0];
  if (!kernel) throw new Error('the model has no float32 kernel');
  const channels = kernel.shape[1] ?? 1;
  const runner = await on('webgpu', () => Promise.resolve(runnerOnTfjsDevice()));
  if (!runner) throw new Error('no GPU runner on tf.js webgpu device');
  const runs: Omit<WeightCodesSplit, 'shape'>[] = [];
  for (let round = 0; round <= QUANTIZE_REPEATS; round++) {
    const scales = await timed(() => symmetricScalesGpu(runner, kernel.values, channels));
    const zeros = new Int32Array(channels);
    const codes = await timed(() =>
      quantizeLinearGpu(runner, kernel.values, scales.value, zeros, [-127, 127]),
    );
    const narrow = await timed(() => Promise.resolve(Int8Array.from(codes.value)));
    const cpu = await timed(() => Promise.resolve(int8PerChannel(kernel)));
    if (round === 0) continue;
    runs.push({ scalesMs: scales.ms, codesMs: codes.ms, narrowMs: narrow.ms, cpuMs: cpu.ms });
  }
  const step = (key: keyof Omit<WeightCodesSplit, 'shape'>) => median(runs.map((r) => r[key]));
  return {
    shape: [...kernel.shape],
    scalesMs: step('scalesMs'),
    codesMs: step('codesMs'),
    narrowMs: step('narrowMs'),
    cpuMs: step('cpuMs'),
  };
}

/** quantizeModel on webgpu and on cpu, alternating after one warm-up call of each. */
async function quantizeBoth(model: TrainedModel, calibration: ReturnType<typeof syntheticTable>) {
  const quantize = (backend: BackendName) =>
    on(backend, () => timed(() => quantizeModel(model, { scheme: 'int8', calibration })));
  let webgpu: QuantizedModel | null = null;
  let cpu: QuantizedModel | null = null;
  const webgpuMs: number[] = [];
  const cpuMs: number[] = [];
  for (let round = 0; round <= QUANTIZE_REPEATS; round++) {
    const g = await quantize('webgpu');
    const c = await quantize('cpu');
    webgpu = g.value;
    cpu = c.value;
    if (round === 0) continue;
    webgpuMs.push(g.ms);
    cpuMs.push(c.ms);
  }
  if (!webgpu || !cpu) throw new Error('no quantized model');
  return { webgpu, cpu, webgpuMs: median(webgpuMs), cpuMs: median(cpuMs) };
}

/** Trains the ~1M-parameter MLP (one epoch) and quantizes it both ways. */
export async function measureQuantize(log: Log): Promise<KernelQuantizeResult> {
  const base: KernelQuantizeResult = {
    part: 'quantize',
    backend: 'webgpu',
    hidden: QUANTIZE_HIDDEN,
    parameters: 0,
    repeats: QUANTIZE_REPEATS,
    webgpuMs: NaN,
    cpuMs: NaN,
    ratio: NaN,
    kernels: { webgpu: '', cpu: '' },
    weightsWebgpuMs: NaN,
    weightsCpuMs: NaN,
    weightsRatio: NaN,
    identicalCodes: false,
    largest: null,
    error: '',
  };
  try {
    const table = syntheticTable(QUANTIZE_ROWS, 7);
    await pickTrainingBackend(LABEL, log);
    const start = performance.now();
    const model = await trainModel(table, {
      target: TARGET,
      hidden: QUANTIZE_HIDDEN,
      epochs: 1,
      seed: 3,
    });
    const parameters = parametersOf(model);
    log(
      `${LABEL}: ${parameters.toLocaleString('en-US')}-parameter MLP trained in ` +
        `${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    const whole = await quantizeBoth(model, table);
    log(
      `${LABEL}: quantizeModel int8: webgpu ${whole.webgpuMs.toFixed(0)} ms, ` +
        `cpu ${whole.cpuMs.toFixed(0)} ms`,
    );
    const codes = await weightCodes(model);
    const largest = await largestKernelSplit(model);
    const identicalCodes = codes.identical && same(whole.webgpu.weights, whole.cpu.weights);
    return {
      ...base,
      parameters,
      webgpuMs: whole.webgpuMs,
      cpuMs: whole.cpuMs,
      ratio: whole.cpuMs / whole.webgpuMs,
      kernels: { webgpu: whole.webgpu.quantization.kernels, cpu: whole.cpu.quantization.kernels },
      weightsWebgpuMs: codes.gpuMs,
      weightsCpuMs: codes.cpuMs,
      weightsRatio: codes.cpuMs / codes.gpuMs,
      identicalCodes,
      largest,
      // The kernels promise the CPU's codes exactly: a difference fails the run.
      error: identicalCodes ? '' : "quantize: the webgpu and cpu models' weights differ",
    };
  } catch (error) {
    return { ...base, error: `quantize: ${message(error)}` };
  }
}
