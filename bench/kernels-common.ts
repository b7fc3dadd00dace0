/** Helpers shared by the kernels benchmark's parts. */
import { activateBackend, type BackendName } from '../src/lib/index';

export const LABEL = 'kernels';

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The value of `work` and its wall time in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** Runs `work` with tf.js on `backend`; the switch itself is not part of any timing. */
export async function on<T>(backend: BackendName, work: () => Promise<T>): Promise<T> {
  await activateBackend(backend);
  return work();
}
