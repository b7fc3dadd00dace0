/**
 * int8 `predict` on our kernels against float32 `predict` on tf.js, both with tf.js on webgpu,
 * and the CPU reference for context. Training runs first on wasm (else cpu).
 */
import { predict, predictWithoutTfjs, quantizeModel, type Prediction } from '../src/lib/index';
import { takeRows } from '../src/lib/reference/sample';
import { LABEL, message, on, timed } from './kernels-common';
import type { KernelInferenceResult } from './kernels-types';
import {
  median,
  parametersOf,
  pickTrainingBackend,
  trainCase,
  type BenchCase,
  type Log,
} from './sample-models';

const INFERENCE_ROWS = 10_000;

/** Rows whose predictions agree: the same label, or values within 1e-5 relative. */
function agreeing(a: Prediction[], b: Prediction[]): number {
  return a.filter((p, i) => {
    const q = b[i];
    if (!q) return false;
    if ('label' in p) return 'label' in q && p.label === q.label;
    return 'value' in q && Math.abs(p.value - q.value) <= 1e-5 * Math.max(1, Math.abs(q.value));
  }).length;
}

/** Median ms of each call, taking turns after one warm-up call of each; the last results. */
async function alternate(calls: (() => Promise<Prediction[]>)[], repeats: number) {
  const times = calls.map((): number[] => []);
  const last: Prediction[][] = [];
  for (let round = 0; round <= repeats; round++) {
    for (const [index, call] of calls.entries()) {
      const { value, ms } = await timed(call);
      last[index] = value;
      if (round > 0) times[index]?.push(ms);
    }
  }
  return { ms: times.map(median), last };
}

/**
 * Trains the case, quantizes it to int8 on webgpu, and times predict on 10,000 rows: `repeats`
 * timed calls of each path, taking turns after one warm-up call of each.
 */
export async function measureInference(
  c: BenchCase,
  repeats: number,
  log: Log,
): Promise<KernelInferenceResult> {
  const base: KernelInferenceResult = {
    part: 'inference',
    backend: 'webgpu',
    model: c.model,
    parameters: 0,
    keptLayers: [],
    rows: INFERENCE_ROWS,
    repeats,
    int8Ms: NaN,
    float32Ms: NaN,
    cpuInt8Ms: NaN,
    ratio: NaN,
    sameAsCpu: 0,
    error: '',
  };
  try {
    await pickTrainingBackend(LABEL, log);
    const trained = await trainCase(c, LABEL, log);
    const { table, model } = trained;
    const rows = takeRows(
      table,
      Uint32Array.from({ length: INFERENCE_ROWS }, (_, i) => i % table.rowCount),
    );
    const int8 = await on('webgpu', () =>
      quantizeModel(model, { scheme: 'int8', calibration: table }),
    );
    if (int8.quantization.kernels !== 'webgpu') throw new Error('quantized on the CPU');
    const timedGpu = await alternate(
      [() => predict(int8, rows), () => predict(model, rows), () => predictWithoutTfjs(int8, rows)],
      repeats,
    );
    const [int8Ms = NaN, float32Ms = NaN, cpuInt8Ms = NaN] = timedGpu.ms;
    log(
      `${LABEL}: ${c.model}: int8 ${int8Ms.toFixed(0)} ms, float32 ${float32Ms.toFixed(0)} ms, ` +
        `CPU int8 ${cpuInt8Ms.toFixed(0)} ms for ${INFERENCE_ROWS} rows`,
    );
    return {
      ...base,
      parameters: parametersOf(model),
      keptLayers: int8.quantization.keptLayers,
      int8Ms,
      float32Ms,
      cpuInt8Ms,
      ratio: float32Ms / int8Ms,
      sameAsCpu: agreeing(timedGpu.last[0] ?? [], timedGpu.last[2] ?? []),
    };
  } catch (error) {
    return { ...base, error: `inference ${c.model}: ${message(error)}` };
  }
}
