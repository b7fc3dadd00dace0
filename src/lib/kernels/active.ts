/**
 * Which GPU runner (if any) quantization and int8 inference use now. The library core has no
 * tf.js, so it asks a provider: src/lib/index.ts registers one that answers with a runner on
 * tf.js's own WebGPU device whenever the active tf.js backend is webgpu, and null otherwise
 * (then the CPU reference runs). A runner whose device was lost is never handed out again.
 */
import type { GpuRunner } from './gpu-runner';

type Provider = () => GpuRunner | null;

let provider: Provider = () => null;

export function setGpuRunnerProvider(next: Provider): void {
  provider = next;
}

/** The runner to use now, or null for the CPU reference. */
export function activeGpuRunner(): GpuRunner | null {
  const runner = provider();
  return runner && !runner.lost ? runner : null;
}
