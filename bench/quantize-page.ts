/** The page side of the quantization benchmark: it runs wholly in its own worker. */
import * as Comlink from 'comlink';
import type { QuantizationResult, QuantizeBenchApi } from './quantize-types';
import { withWorker } from './worker-call';

export function runQuantization(log: (line: string) => void): Promise<QuantizationResult[]> {
  const worker = new Worker(new URL('./quantize-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<QuantizeBenchApi, QuantizationResult[]>(worker, (bench) =>
    bench.run(Comlink.proxy(log)),
  );
}
