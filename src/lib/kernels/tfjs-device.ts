/**
 * The GPU runner on tf.js's WebGPU device: our kernels share the device (and its queue) with
 * tf.js whenever tf.js's active backend is webgpu. Registered as the provider of
 * `activeGpuRunner` by src/lib/index.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { featuresOf, GpuRunner } from './gpu-runner';

const runners = new WeakMap<GPUDevice, GpuRunner>();

export function runnerOnTfjsDevice(): GpuRunner | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!device || !gpu) return null;
  let runner = runners.get(device);
  if (!runner) {
    runner = new GpuRunner(device, featuresOf(gpu));
    runners.set(device, runner);
  }
  return runner;
}
