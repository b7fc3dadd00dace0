/**
 * The page side of the scoring benchmark: it runs wholly in its own worker, while the page
 * watches its own main thread for long tasks when the worker asks (around its logging runs).
 */
import * as Comlink from 'comlink';
import type {
  LongTaskFigures,
  LongTaskWatch,
  ScoringBenchApi,
  ScoringOptions,
  ScoringResult,
} from './scoring-types';
import { withWorker } from './worker-call';

/** The page's deliberate block, to prove that the observer reports long tasks here. */
export const PROBE_MS = 150;

const longTasksSupported = (): boolean =>
  PerformanceObserver.supportedEntryTypes.includes('longtask');

/** Blocks the main thread for PROBE_MS and resolves to the long task the observer reported. */
export async function probeObserver(): Promise<number | null> {
  if (!longTasksSupported()) return null;
  let longest: number | null = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest ?? 0, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  // A task of its own, so that the observer is live before it starts.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const start = performance.now();
  while (performance.now() - start < PROBE_MS) {
    // Busy on purpose.
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const entry of observer.takeRecords()) longest = Math.max(longest ?? 0, entry.duration);
  observer.disconnect();
  return longest;
}

/** Long tasks between start() and stop(); each stop() gives its own window's figures. */
export function longTaskWatch(probeMs: number | null): LongTaskWatch {
  const supported = longTasksSupported();
  let count = 0;
  let longestMs = 0;
  let watchedMs = 0;
  let since = 0;
  const record = (entries: PerformanceEntryList) => {
    for (const entry of entries) {
      count++;
      longestMs = Math.max(longestMs, entry.duration);
    }
  };
  const observer = supported ? new PerformanceObserver((list) => record(list.getEntries())) : null;
  return {
    start() {
      since = performance.now();
      observer?.observe({ type: 'longtask', buffered: false });
      return Promise.resolve();
    },
    stop() {
      if (observer) {
        record(observer.takeRecords());
        observer.disconnect();
      }
      watchedMs += performance.now() - since;
      const figures: LongTaskFigures = { supported, count, longestMs, watchedMs, probeMs };
      count = 0;
      longestMs = 0;
      watchedMs = 0;
      return Promise.resolve(figures);
    },
  };
}

export async function runScoring(
  options: ScoringOptions,
  log: (line: string) => void,
): Promise<ScoringResult[]> {
  const probeMs = await probeObserver();
  log(`scoring: the long-task observer saw a ${PROBE_MS} ms block as ${probeMs ?? 'nothing'} ms`);
  const worker = new Worker(new URL('./scoring-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<ScoringBenchApi, ScoringResult[]>(worker, (bench) =>
    bench.run(options, Comlink.proxy(log), Comlink.proxy(longTaskWatch(probeMs))),
  );
}
