/** The page side of the scoring benchmark: it runs wholly in its own worker. */
import * as Comlink from 'comlink';
import type { ScoringBenchApi, ScoringOptions, ScoringResult } from './scoring-types';
import { withWorker } from './worker-call';

export function runScoring(
  options: ScoringOptions,
  log: (line: string) => void,
): Promise<ScoringResult[]> {
  const worker = new Worker(new URL('./scoring-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<ScoringBenchApi, ScoringResult[]>(worker, (bench) =>
    bench.run(options, Comlink.proxy(log)),
  );
}
