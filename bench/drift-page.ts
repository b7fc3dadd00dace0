/**
 * The page side of the drift benchmark: detectDrift and monitorDrift run wholly in their
 * worker; around each timed run the page watches its own main thread for long tasks (as the
 * scoring bench does, after the same 150 ms self-check) and asks the Node runner to sample the
 * worker's heap (and its CPU profile with BENCH_PROFILE=1).
 */
import * as Comlink from 'comlink';
import type { DriftBenchApi, DriftCaseResult, DriftWatch } from './drift-types';
import { longTaskWatch, PROBE_MS, probeObserver } from './scoring-page';
import type { ProbeReport, ProbeRequest } from './types';
import { withWorker } from './worker-call';

/** The runner finds the worker's CDP target by this part of its script URL. */
const WORKER_URL_PART = 'drift-bench.worker';

/** Asks the Node runner (window.__benchProbe) to sample the worker; null without it. */
async function probe(request: ProbeRequest): Promise<ProbeReport | null> {
  const ask = window.__benchProbe;
  return ask ? ask(request) : null;
}

function driftWatch(probeMs: number | null): DriftWatch {
  const longTasks = longTaskWatch(probeMs);
  return {
    async start() {
      await probe({ command: 'start', workerUrlPart: WORKER_URL_PART });
      await longTasks.start();
    },
    async stop() {
      const mainThread = await longTasks.stop();
      return { mainThread, probe: await probe({ command: 'stop' }) };
    },
  };
}

export async function runDrift(log: (line: string) => void): Promise<DriftCaseResult[]> {
  const probeMs = await probeObserver();
  log(`drift: the long-task observer saw a ${PROBE_MS} ms block as ${probeMs ?? 'nothing'} ms`);
  const worker = new Worker(new URL('./drift-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<DriftBenchApi, DriftCaseResult[]>(worker, (bench) =>
    bench.run(Comlink.proxy(log), Comlink.proxy(driftWatch(probeMs))),
  );
}
