/**
 * The models the quantization and export benchmarks train (the shared samples' default models
 * and a larger 256-256 MLP), and the timing helpers both use. Runs in a bench worker.
 */
import {
  activateBackend,
  readCsv,
  trainModel,
  type Table,
  type TrainedModel,
  type TrainSpec,
} from '../src/lib/index';

export type Log = (line: string) => void;

const SEED = 3;

export interface BenchCase {
  model: string;
  dataset: string;
  spec: TrainSpec;
}

export const SAMPLE_CASES: BenchCase[] = [
  { model: 'iris default', dataset: 'iris', spec: { target: 'species', seed: SEED } },
  {
    model: 'seattle-weather default',
    dataset: 'seattle-weather',
    spec: { target: 'weather', seed: SEED },
  },
  { model: 'cars default', dataset: 'cars', spec: { target: 'Miles_per_Gallon', seed: SEED } },
  {
    model: 'seattle-weather 256-256',
    dataset: 'seattle-weather',
    // A modest number of epochs: the figures are about the trained model, not about this fit.
    spec: { target: 'weather', seed: SEED, hidden: [256, 256], epochs: 40 },
  },
];

export interface Trained {
  name: string;
  dataset: string;
  table: Table;
  model: TrainedModel;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Median wall time of `repeats` calls of `work`, in ms. */
export async function timedMedian(repeats: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

export const parametersOf = (model: TrainedModel): number =>
  model.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);

async function loadTable(dataset: string): Promise<Table> {
  const response = await fetch(`/samples/${dataset}.csv`);
  if (!response.ok) throw new Error(`/samples/${dataset}.csv: HTTP ${response.status}`);
  return readCsv(await response.text());
}

/** Loads the case's sample and trains it; `label` prefixes the progress line. */
export async function trainCase(c: BenchCase, label: string, log: Log): Promise<Trained> {
  const table = await loadTable(c.dataset);
  const start = performance.now();
  const model = await trainModel(table, c.spec);
  log(
    `${label}: ${c.model} trained in ${((performance.now() - start) / 1000).toFixed(1)} s ` +
      `(${parametersOf(model).toLocaleString('en-US')} parameters, ${model.history.length} epochs)`,
  );
  return { name: c.model, dataset: c.dataset, table, model };
}

/** Tries wasm (what most browsers without WebGPU train on), else the plain cpu backend. */
export async function pickTrainingBackend(label: string, log: Log): Promise<void> {
  try {
    await activateBackend('wasm');
    log(`${label}: training on wasm`);
  } catch {
    await activateBackend('cpu');
    log(`${label}: wasm unavailable, training on cpu`);
  }
}
