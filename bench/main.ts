/**
 * The bench page: runs each benchmark in its worker, logs progress into #log and leaves the
 * report on window.__benchResult (or the failure on window.__benchError) for bench/run.mjs.
 */
import * as Comlink from 'comlink';
// choice.ts is free of tf.js: the page stays small and loads no backend of its own.
import { isBackendName } from '../src/lib/backends/choice';
import type { AdapterInfo, PageReport, TrainBenchApi, TrainingThroughputOptions } from './types';

declare global {
  interface Window {
    __benchResult?: PageReport;
    __benchError?: string;
  }
}

const logElement = document.querySelector<HTMLPreElement>('#log');

function log(line: string): void {
  const stamped = `[${(performance.now() / 1000).toFixed(1)} s] ${line}`;
  if (logElement) logElement.textContent += `\n${stamped}`;
  console.log(stamped);
}

/** Options from the query string (?seconds=2&repeats=1&backends=wasm,cpu), else the defaults. */
function trainingOptions(): TrainingThroughputOptions {
  const params = new URLSearchParams(location.search);
  const positive = (name: string, fallback: number) => {
    const value = Number(params.get(name));
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const backends = (params.get('backends') ?? '').split(',').filter(isBackendName);
  return {
    secondsPerRun: positive('seconds', 8),
    repeats: Math.round(positive('repeats', 2)),
    backends,
  };
}

async function webgpuAdapter(): Promise<AdapterInfo | null> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  const { vendor, architecture, device, description } = adapter.info;
  return { vendor, architecture, device, description };
}

async function runTrainingThroughput(options: TrainingThroughputOptions) {
  const worker = new Worker(new URL('./train-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  // A worker that fails to load never answers a Comlink call: turn that into a failure.
  const loadFailed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (event) =>
      reject(new Error(`worker failed: ${event.message}`)),
    ),
  );
  const bench = Comlink.wrap<TrainBenchApi>(worker);
  try {
    return await Promise.race([bench.trainingThroughput(options, Comlink.proxy(log)), loadFailed]);
  } finally {
    bench[Comlink.releaseProxy]();
    worker.terminate();
  }
}

async function main(): Promise<void> {
  const options = trainingOptions();
  log(
    `training throughput: about ${options.secondsPerRun} s per run, ${options.repeats} runs per path`,
  );
  const report: PageReport = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    webgpuAdapter: await webgpuAdapter(),
    entries: [{ name: 'training-throughput', results: await runTrainingThroughput(options) }],
  };
  log('done');
  window.__benchResult = report;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`failed: ${message}`);
  window.__benchError = message;
});
