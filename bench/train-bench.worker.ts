/// <reference lib="webworker" />
/**
 * Training throughput: the workbench's trainModel against plain model.fit, on every backend this
 * browser offers. Runs in a worker because that is where the app trains.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import '../src/workers/register-backends';
import {
  activateBackend,
  probeBackends,
  measureBackends,
  fastestBackend,
  trainModel,
  type BackendInfo,
  type BackendName,
  type Table,
} from '../src/lib/index';
import { HIDDEN, LEARNING_RATE, timePlainFit, type PlainData } from './plain-fit';
import { denseSlice, syntheticTable, TARGET } from './synthetic-data';
import type {
  TimedRun,
  TrainBenchApi,
  TrainingThroughputOptions,
  TrainingThroughputResult,
} from './types';

const BATCH_SIZE = 512;
const SEED = 1;
/** Rows for warm-up and calibration: four batches, enough to hit every kernel once. */
const CALIBRATION_ROWS = 2048;
/** Calibration keeps fitting until this much time has passed, so fast backends are not noise. */
const CALIBRATION_MS = 600;
/** Aim for this many epochs; rows absorb the rest of the budget within the limits below. */
const TARGET_EPOCHS = 4;
const MIN_ROWS = 4096;
/** Keeps the synthetic table small enough to build quickly; fast backends get more epochs. */
const MAX_ROWS = 131_072;
const MIN_EPOCHS = 2;
const MAX_EPOCHS = 40;

type Log = (line: string) => void;

/** The plan fields of a backend that failed before it was sized. */
const NO_PLAN = { rows: 0, trainRows: 0, validationRows: 0, epochs: 0 };

interface Plan {
  rows: number;
  trainRows: number;
  validationRows: number;
  epochs: number;
}

const api: TrainBenchApi = {
  async autoChoice(preset) {
    const started = performance.now();
    const micro = await measureBackends(await probeBackends(), { preset });
    return {
      picked: fastestBackend(micro)?.name ?? 'cpu',
      micro: micro.map((m) => ({ name: m.name, samplesPerSecond: m.samplesPerSecond })),
      ms: performance.now() - started,
    };
  },
  async trainingThroughput(options, onProgress) {
    const wanted = (name: BackendName) =>
      options.backends.length === 0 || options.backends.includes(name);
    const backends = (await probeBackends()).filter(
      (backend) => backend.available && wanted(backend.name),
    );
    onProgress(`backends available: ${backends.map((b) => `${b.name} (${b.adapter})`).join(', ')}`);
    const results: TrainingThroughputResult[] = [];
    for (const backend of backends)
      results.push(await measureBackend(backend, options, onProgress));
    return results;
  },
};

Comlink.expose(api);

async function measureBackend(
  backend: BackendInfo,
  options: TrainingThroughputOptions,
  log: Log,
): Promise<TrainingThroughputResult> {
  const empty = {
    backend: backend.name,
    adapter: backend.adapter,
    batchSize: BATCH_SIZE,
    repeats: options.repeats,
  };
  try {
    await activateBackend(backend.name);
    log(`${backend.name}: warming up`);
    const rate = await warmUpAndCalibrate();
    const plan = planWork(rate * options.secondsPerRun);
    log(
      `${backend.name}: calibration ${Math.round(rate)} samples/s, so ${plan.rows} rows ` +
        `(${plan.trainRows} train, ${plan.validationRows} validation) x ${plan.epochs} epochs`,
    );
    const table = syntheticTable(plan.rows, SEED);
    const plain = plainData(table, plan);
    const runs: TimedRun[] = [];
    // Alternate the paths so drift (heat, other processes, caches) hits both alike.
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      runs.push(await runBaseline(plain, plan));
      log(describeRun(backend.name, runs.at(-1)));
      runs.push(await runWorkbench(table, plan));
      log(describeRun(backend.name, runs.at(-1)));
    }
    return { ...empty, ...summarise(runs), ...plan, runs, error: '' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The stack goes to the log only: it says where, the table only needs what.
    log(`${backend.name}: failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return { ...empty, ...summarise([]), ...NO_PLAN, runs: [], error: message };
  }
}

/**
 * Fits both paths once on a small table (shader compilation, wasm start-up and kernel caches must
 * not land in a timed run), then times plain fits to size the real runs.
 */
async function warmUpAndCalibrate(): Promise<number> {
  const table = syntheticTable(CALIBRATION_ROWS, SEED);
  const plan = { rows: CALIBRATION_ROWS, ...splitSizes(CALIBRATION_ROWS), epochs: 1 };
  await trainModel(table, workbenchSpec(1));
  const data = plainData(table, plan);
  await timePlainFit(data, { epochs: 1, batchSize: BATCH_SIZE });
  let seconds = 0;
  let samples = 0;
  while (seconds * 1000 < CALIBRATION_MS) {
    seconds += await timePlainFit(data, { epochs: 1, batchSize: BATCH_SIZE });
    samples += plan.trainRows;
  }
  return samples / seconds;
}

/** Rows and epochs that make one run take about `samples / rate` seconds on this backend. */
function planWork(samples: number): Plan {
  const trainShare = splitSizes(MAX_ROWS).trainRows / MAX_ROWS;
  const wanted = samples / TARGET_EPOCHS / trainShare;
  const rows = Math.min(MAX_ROWS, Math.max(MIN_ROWS, Math.round(wanted / 1024) * 1024));
  const sizes = splitSizes(rows);
  const epochs = Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, Math.round(samples / sizes.trainRows)));
  return { rows, ...sizes, epochs };
}

/** trainModel's split sizes (src/lib/train/split.ts): 20% test, then 10% of the rest validation. */
function splitSizes(rows: number): { trainRows: number; validationRows: number } {
  const test = Math.round(rows * 0.2);
  const validationRows = Math.round((rows - test) * 0.1);
  return { trainRows: rows - test - validationRows, validationRows };
}

/** The baseline trains on the first trainRows rows and validates on as many rows as trainModel. */
function plainData(table: Table, plan: Pick<Plan, 'trainRows' | 'validationRows'>): PlainData {
  const train = denseSlice(table, 0, plan.trainRows);
  const validation = denseSlice(table, plan.trainRows, plan.trainRows + plan.validationRows);
  return { ...train, validationX: validation.x, validationY: validation.y };
}

function workbenchSpec(epochs: number) {
  return {
    target: TARGET,
    model: 'mlp' as const,
    hidden: HIDDEN,
    epochs,
    batchSize: BATCH_SIZE,
    learningRate: LEARNING_RATE,
    seed: SEED,
    // The same model as the baseline: plain model.fit has no weight penalty.
    l2: 0,
  };
}

async function runBaseline(data: PlainData, plan: Plan): Promise<TimedRun> {
  const before = tf.memory().numTensors;
  const seconds = await timePlainFit(data, { epochs: plan.epochs, batchSize: BATCH_SIZE });
  const rate = (plan.trainRows * plan.epochs) / seconds;
  const leakedTensors = tf.memory().numTensors - before;
  return {
    path: 'baseline',
    seconds,
    samplesPerSecond: rate,
    fitSamplesPerSecond: rate,
    leakedTensors,
  };
}

async function runWorkbench(table: Table, plan: Plan): Promise<TimedRun> {
  const before = tf.memory().numTensors;
  const started = performance.now();
  const model = await trainModel(table, workbenchSpec(plan.epochs));
  const seconds = (performance.now() - started) / 1000;
  const leakedTensors = tf.memory().numTensors - before;
  const trainRows =
    plan.rows - model.metrics.test.rowCount - (model.metrics.validation?.rowCount ?? 0);
  if (trainRows !== plan.trainRows) {
    throw new Error(
      `trainModel trained on ${trainRows} rows, the bench expected ${plan.trainRows}`,
    );
  }
  return {
    path: 'workbench',
    seconds,
    samplesPerSecond: (trainRows * model.history.length) / seconds,
    fitSamplesPerSecond: model.samplesPerSecond,
    leakedTensors,
  };
}

/** The fastest run of each path: interference from other processes only ever slows a run down. */
function summarise(runs: TimedRun[]) {
  const best = (path: TimedRun['path'], pick: (run: TimedRun) => number) =>
    Math.max(0, ...runs.filter((run) => run.path === path).map(pick));
  const baseline = best('baseline', (run) => run.samplesPerSecond);
  const workbench = best('workbench', (run) => run.samplesPerSecond);
  const workbenchFit = best('workbench', (run) => run.fitSamplesPerSecond);
  return {
    baselineSamplesPerSecond: baseline,
    workbenchSamplesPerSecond: workbench,
    workbenchFitSamplesPerSecond: workbenchFit,
    ratio: baseline > 0 ? workbench / baseline : 0,
    fitRatio: baseline > 0 ? workbenchFit / baseline : 0,
    baselineLeakedTensors: best('baseline', (run) => run.leakedTensors),
    leakedTensors: best('workbench', (run) => run.leakedTensors),
  };
}

function describeRun(backend: string, run: TimedRun | undefined): string {
  if (!run) return '';
  const fit = run.path === 'workbench' ? `, fit phase ${Math.round(run.fitSamplesPerSecond)}` : '';
  return (
    `${backend}: ${run.path} ${run.seconds.toFixed(2)} s, ${Math.round(run.samplesPerSecond)} samples/s` +
    `${fit}, leaked tensors ${run.leakedTensors}`
  );
}
