/**
 * The bench page: runs each benchmark in its worker, logs progress into #log and leaves the
 * report on window.__benchResult (or the failure on window.__benchError) for bench/run.mjs.
 */
import * as Comlink from 'comlink';
// choice.ts is free of tf.js: the page stays small and loads no backend of its own.
import { isBackendName } from '../src/lib/backends/choice';
import { runCsvLarge, runCsvThroughput } from './csv-page';
import { runDrift } from './drift-page';
import { runBackupImport } from './backup-page';
import { runExport } from './export-page';
import { runKernels } from './kernels-page';
import { runQuantization } from './quantize-page';
import { runRegistryList, runRegistryThroughput } from './registry-page';
import { runEncryptionBench } from './encryption-page';
import { runScoring } from './scoring-page';
import type {
  AdapterInfo,
  BackendChoiceResult,
  BenchEntry,
  BenchName,
  PageReport,
  TrainBenchApi,
  TrainingThroughputOptions,
  TrainingThroughputResult,
} from './types';
import { withWorker } from './worker-call';

const logElement = document.querySelector<HTMLPreElement>('#log');

/**
 * Rows of the big CSV file, as the issue asks; ?csvRows= makes it smaller while iterating and
 * ?csvFile=mixed|numeric swaps the 20-column file for another one (e.g. to profile it).
 */
const LARGE_CSV_ROWS = 1_000_000;

function log(line: string): void {
  const stamped = `[${(performance.now() / 1000).toFixed(1)} s] ${line}`;
  if (logElement) logElement.textContent += `\n${stamped}`;
  console.log(stamped);
}

const params = new URLSearchParams(location.search);

function positive(name: string, fallback: number): number {
  const value = Number(params.get(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Options from the query string (?seconds=2&repeats=1&backends=wasm,cpu), else the defaults. */
function trainingOptions(): TrainingThroughputOptions {
  const backends = (params.get('backends') ?? '').split(',').filter(isBackendName);
  return {
    secondsPerRun: positive('seconds', 8),
    repeats: Math.round(positive('repeats', 2)),
    backends,
  };
}

/**
 * ?only=csv,training picks benchmarks by name or name prefix ('csv' is both CSV entries);
 * without it every benchmark runs.
 */
function wanted(name: BenchName): boolean {
  const only = (params.get('only') ?? '').split(',').filter(Boolean);
  return only.length === 0 || only.some((o) => name === o || name.startsWith(`${o}-`));
}

async function webgpuAdapter(): Promise<AdapterInfo | null> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  const { vendor, architecture, device, description } = adapter.info;
  return { vendor, architecture, device, description };
}

function runTrainingThroughput(
  options: TrainingThroughputOptions,
): Promise<TrainingThroughputResult[]> {
  const worker = new Worker(new URL('./train-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<TrainBenchApi, TrainingThroughputResult[]>(worker, (bench) =>
    bench.trainingThroughput(options, Comlink.proxy(log)),
  );
}

/** The app's backend measurement in a fresh worker, as on a first open. */
function runAutoChoice(preset: 'quick' | 'full'): ReturnType<TrainBenchApi['autoChoice']> {
  const worker = new Worker(new URL('./train-bench.worker.ts', import.meta.url), {
    type: 'module',
  });
  return withWorker<TrainBenchApi, Awaited<ReturnType<TrainBenchApi['autoChoice']>>>(
    worker,
    (bench) => bench.autoChoice(preset),
  );
}

/** Compares the app's pick with the training throughput measured for every backend. */
async function backendChoice(results: TrainingThroughputResult[]): Promise<BackendChoiceResult> {
  const { picked, micro, ms: quickMs } = await runAutoChoice('quick');
  const full = await runAutoChoice('full');
  const measured = results.filter((r) => !r.error);
  const fastest = [...measured].sort(
    (a, b) => b.workbenchSamplesPerSecond - a.workbenchSamplesPerSecond,
  )[0];
  const pickedRate = measured.find((r) => r.backend === picked)?.workbenchSamplesPerSecond ?? 0;
  const fastestRate = fastest?.workbenchSamplesPerSecond ?? 0;
  const ratio = fastestRate > 0 ? pickedRate / fastestRate : 0;
  return {
    picked,
    micro,
    quickMs,
    fullMs: full.ms,
    fullPicked: full.picked,
    pickedSamplesPerSecond: pickedRate,
    fastest: fastest?.backend ?? '',
    fastestSamplesPerSecond: fastestRate,
    ratio,
    goalMet: ratio >= 0.9,
    error: '',
  };
}

async function runEntries(): Promise<BenchEntry[]> {
  const entries: BenchEntry[] = [];
  if (wanted('training-throughput')) {
    const options = trainingOptions();
    log(
      `training throughput: about ${options.secondsPerRun} s per run, ${options.repeats} runs per path`,
    );
    const results = await runTrainingThroughput(options);
    entries.push({ name: 'training-throughput', results });
    log('backend choice: the app picks by its micro-benchmark; is it within 10% of the fastest?');
    entries.push({ name: 'backend-choice', results: [await backendChoice(results)] });
  }
  if (wanted('csv-ingest-throughput')) {
    log('csv ingest throughput: workbench readCsv, uDSV and PapaParse in one worker');
    entries.push({ name: 'csv-ingest-throughput', results: await runCsvThroughput(log) });
  }
  if (wanted('csv-ingest-large')) {
    const rows = Math.round(positive('csvRows', LARGE_CSV_ROWS));
    const file = params.get('csvFile');
    const kind = file === 'numeric' || file === 'mixed' ? file : 'wide';
    entries.push({ name: 'csv-ingest-large', results: [await runCsvLarge(rows, kind, log)] });
  }
  if (wanted('registry-throughput')) {
    log('registry: save and load of a 1,000,000-parameter version vs raw IndexedDB');
    entries.push({
      name: 'registry-throughput',
      results: [await runRegistryThroughput(log)],
    });
  }
  if (wanted('registry-encryption')) {
    log('registry: save and load with encryption at rest against without it; time to unlock');
    entries.push({ name: 'registry-encryption', results: [await runEncryptionBench(log)] });
  }
  if (wanted('registry-list')) {
    entries.push({ name: 'registry-list', results: [await runRegistryList(log)] });
  }
  if (wanted('backup-import')) {
    entries.push({ name: 'backup-import', results: [await runBackupImport(log)] });
  }
  if (wanted('quantization')) {
    log('quantization: every registered scheme on the shared samples and a 256-256 MLP');
    entries.push({ name: 'quantization', results: await runQuantization(log) });
  }
  if (wanted('export')) {
    log('export: TF.js, ONNX and bundle per scheme, and the onnxruntime-web check');
    entries.push({ name: 'export', results: await runExport(log) });
  }
  if (wanted('kernels')) {
    log('kernels: our WebGPU int8 matmul, quantization and int8 predict against tf.js on webgpu');
    entries.push({ name: 'kernels', results: await runKernels(log) });
  }
  if (wanted('scoring')) {
    log('scoring: scoreTable (and the scored CSV) against raw tf.js predict on the same backend');
    const { backends } = trainingOptions();
    entries.push({ name: 'scoring', results: await runScoring({ backends }, log) });
  }
  if (wanted('drift')) {
    log('drift: detectDrift and monitorDrift on 1,000,000 rows x 20 features in a worker');
    entries.push({ name: 'drift', results: await runDrift(log) });
  }
  return entries;
}

async function main(): Promise<void> {
  const report: PageReport = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    webgpuAdapter: await webgpuAdapter(),
    entries: await runEntries(),
  };
  log('done');
  window.__benchResult = report;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`failed: ${message}`);
  window.__benchError = message;
});
