/** The page side of the kernels benchmark: it runs wholly in its own worker. */
import * as Comlink from 'comlink';
import type { KernelsBenchApi, KernelsResult } from './kernels-types';
import { withWorker } from './worker-call';

export function runKernels(log: (line: string) => void): Promise<KernelsResult[]> {
  const worker = new Worker(new URL('./kernels-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<KernelsBenchApi, KernelsResult[]>(worker, (bench) =>
    bench.run(Comlink.proxy(log)),
  );
}
