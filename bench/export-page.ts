/** The page side of the export benchmark: it runs wholly in its own worker. */
import * as Comlink from 'comlink';
import type { ExportBenchApi, ExportResult } from './export-types';
import { withWorker } from './worker-call';

export function runExport(log: (line: string) => void): Promise<ExportResult[]> {
  const worker = new Worker(new URL('./export-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<ExportBenchApi, ExportResult[]>(worker, (bench) =>
    bench.run(Comlink.proxy(log)),
  );
}
