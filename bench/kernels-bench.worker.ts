/// <reference lib="webworker" />
/**
 * Our WebGPU kernels (src/lib/kernels) against tf.js on the same webgpu device: the int8 matmul
 * against float32 `matMul`, quantizing a ~1M-parameter model on webgpu against the CPU
 * reference, and int8 `predict` against float32 `predict`. Every part reports its own failure.
 */
import * as Comlink from 'comlink';
import '../src/workers/register-backends';
import { activateBackend, runnerOnTfjsDevice } from '../src/lib/index';
import { LABEL } from './kernels-common';
import { failedShape, measureMatMul, MATMUL_SHAPES } from './kernels-matmul';
import { measureInference } from './kernels-inference';
import { measureQuantize } from './kernels-quantize';
import type { KernelsBenchApi, KernelsResult } from './kernels-types';
import { SAMPLE_CASES, type Log } from './sample-models';

/**
 * The shared sample's default MLP and the larger 256-256 one, with timed calls per path: one
 * for 256-256, where a float32 call on 10,000 rows takes seconds on SwiftShader.
 */
const INFERENCE_CASES = [
  { c: SAMPLE_CASES[1], repeats: 3 },
  { c: SAMPLE_CASES[3], repeats: 1 },
];

async function matMulPart(log: Log): Promise<KernelsResult[]> {
  try {
    await activateBackend('webgpu');
    const runner = runnerOnTfjsDevice();
    if (!runner) throw new Error('no GPU runner on tf.js webgpu device');
    log(`${LABEL}: dot4I8Packed ${runner.features.packedDot ? 'available' : 'unavailable'}`);
    return await measureMatMul(runner, log);
  } catch (error) {
    return MATMUL_SHAPES.map(({ size }) => failedShape(size, error));
  }
}

const api: KernelsBenchApi = {
  async run(onProgress) {
    const results = await matMulPart(onProgress);
    results.push(await measureQuantize(onProgress));
    for (const { c, repeats } of INFERENCE_CASES) {
      if (c) results.push(await measureInference(c, repeats, onProgress));
    }
    return results;
  },
};

Comlink.expose(api);
