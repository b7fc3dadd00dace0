import * as tf from '@tensorflow/tfjs';
import { createRng } from '../train/rng';
import { activateBackend } from './backends';
import type { BackendInfo, BackendMeasurement, BackendName } from './choice';

/**
 * Sizes of the micro-benchmark. 'quick' is what a first open runs in the background: measured in
 * headless Chromium on 2 cores it takes about 3 s for all four backends (most of it compiling
 * WebGPU and WebGL shaders) against about 9 s for 'full', and ranks the backends the same way
 * there. 'full' is what "Measure again" runs.
 */
export const MEASURE_PRESETS = {
  quick: { rows: 384, features: 16, batchSize: 128, budgetMs: 100 },
  full: { rows: 2048, features: 16, batchSize: 256, budgetMs: 400 },
} as const;

export interface MeasureOptions {
  /** Sizes to start from ('full' by default); the fields below override them. */
  preset?: keyof typeof MEASURE_PRESETS;
  /** Rows of synthetic data in the micro-benchmark. */
  rows?: number;
  features?: number;
  batchSize?: number;
  /** Time spent measuring each backend after its warm-up, in milliseconds. */
  budgetMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, name: BackendName) => void;
}

/**
 * Times a short training run on each backend. Names alone mislead: on a machine without a GPU,
 * WebGPU runs on SwiftShader and trains ~28x slower than wasm.
 */
export async function measureBackends(
  backends: BackendInfo[],
  options: MeasureOptions = {},
): Promise<BackendMeasurement[]> {
  const results: BackendMeasurement[] = [];
  const candidates = backends.filter((backend) => backend.available);
  for (const [index, backend] of candidates.entries()) {
    if (options.signal?.aborted) break;
    options.onProgress?.(index, candidates.length, backend.name);
    results.push(await measureOne(backend, options));
  }
  options.onProgress?.(candidates.length, candidates.length, candidates.at(-1)?.name ?? 'cpu');
  return results;
}

async function measureOne(
  backend: BackendInfo,
  options: MeasureOptions,
): Promise<BackendMeasurement> {
  const preset = MEASURE_PRESETS[options.preset ?? 'full'];
  const rows = options.rows ?? preset.rows;
  const features = options.features ?? preset.features;
  const batchSize = options.batchSize ?? preset.batchSize;
  const budgetMs = options.budgetMs ?? preset.budgetMs;
  const base = { name: backend.name, adapter: backend.adapter };
  let model: tf.Sequential | undefined;
  const optimizer = tf.train.adam(0.001);
  let x: tf.Tensor | undefined;
  let y: tf.Tensor | undefined;
  try {
    await activateBackend(backend.name);
    const random = createRng(7);
    const inputs = Float32Array.from({ length: rows * features }, () => random() * 2 - 1);
    const targets = Float32Array.from({ length: rows }, (_, row) => inputs[row * features] ?? 0);
    x = tf.tensor2d(inputs, [rows, features]);
    y = tf.tensor2d(targets, [rows, 1]);
    model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 64, activation: 'relu', inputShape: [features] }),
        tf.layers.dense({ units: 64, activation: 'relu' }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    // Warm-up: the first steps compile shaders / kernels and would dominate the timing.
    await model.fit(x, y, { epochs: 1, batchSize, shuffle: false });
    let samples = 0;
    const started = performance.now();
    while (performance.now() - started < budgetMs && !options.signal?.aborted) {
      await model.fit(x, y, { epochs: 1, batchSize, shuffle: false });
      samples += rows;
    }
    const seconds = (performance.now() - started) / 1000;
    return { ...base, samplesPerSecond: samples / seconds, error: '' };
  } catch (error) {
    return {
      ...base,
      samplesPerSecond: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    tf.dispose([x, y].filter((t): t is tf.Tensor => t !== undefined));
    model?.dispose();
    optimizer.dispose();
  }
}
