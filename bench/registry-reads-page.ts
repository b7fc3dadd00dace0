/**
 * Registry benchmarks added with reference data (issue 10), on the bench page's main thread:
 * - listing and comparing 1,000 versions reads no weights: every read request on the `models`
 *   store is counted while they run (goal: 0);
 * - a 10,000-row x 20-column reference snapshot: its stored size (goal <= 2 MiB, numbers kept
 *   exact) and what it adds to a save (median of save with reference minus save without,
 *   goal <= 100 ms). Its predictions come from the forward pass in plain TypeScript, on no tfjs
 *   backend; predict (tfjs) on each backend of the page is timed beside it for comparison.
 */
import type { Registry } from '../src/lib/registry/registry';
import { fakeModel } from '../src/lib/registry/fake-model';
import { predictWithoutTfjs } from '../src/lib/train/forward-pass';
import type { Table } from '../src/lib/data/table';
import type { TrainedModel, Prediction } from '../src/lib/train/types';
import type { ListReadsResult, PredictTiming, ReferenceSnapshotResult } from './registry-types';

const READ_METHODS = [
  'get',
  'getAll',
  'getAllKeys',
  'getKey',
  'openCursor',
  'openKeyCursor',
  'count',
];
const REFERENCE_ROWS = 10_000;
const REFERENCE_COLUMNS = 20;
const REFERENCE_REPEATS = 9;
export const REFERENCE_GOALS = { bytes: 2 * 1024 * 1024, addedMs: 100 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Counts read requests per store (and transactions over `models`) while `work` runs. */
async function countReads(work: () => Promise<unknown>) {
  const proto = IDBObjectStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const originals = READ_METHODS.map((method) => [method, proto[method]] as const);
  const reads = new Map<string, number>();
  let modelTransactions = 0;
  // Wrapped and put back below, always called with its database as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const transaction = IDBDatabase.prototype.transaction;
  for (const [method, original] of originals) {
    proto[method] = function (this: IDBObjectStore, ...args: unknown[]) {
      reads.set(this.name, (reads.get(this.name) ?? 0) + 1);
      return original?.apply(this, args);
    };
  }
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    if ([args[0]].flat().includes('models')) modelTransactions++;
    return transaction.apply(this, args);
  };
  try {
    await work();
  } finally {
    for (const [method, original] of originals) proto[method] = original as never;
    IDBDatabase.prototype.transaction = transaction;
  }
  return { reads, modelTransactions };
}

/** Lists and compares every version of a registry holding `versions` of them. */
export async function measureListReads(
  registry: Registry,
  versions: number,
): Promise<ListReadsResult> {
  let compared = 0;
  let compareMs = 0;
  const { reads, modelTransactions } = await countReads(async () => {
    const all = await registry.listVersions();
    await registry.listProjects();
    await registry.listAll();
    const start = performance.now();
    compared = (await registry.compareVersions(all.map((version) => version.id))).length;
    compareMs = performance.now() - start;
  });
  const total = [...reads.values()].reduce((sum, n) => sum + n, 0);
  return {
    versions,
    compared,
    compareMs,
    totalReads: total,
    modelsReads: reads.get('models') ?? 0,
    modelTransactions,
    goalMet: (reads.get('models') ?? 0) === 0 && modelTransactions === 0,
  };
}

/**
 * What fakeModel reads (x, colour) and predicts (y), and 17 more numeric columns: CSV-like
 * numbers with two decimals (not exact in float32, so stored as float64).
 */
function referenceTable(rows: number): Table {
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const decimals = () =>
    Float64Array.from({ length: rows }, () => Math.round(random() * 1e5) / 100);
  return {
    rowCount: rows,
    issues: [],
    columns: [
      { name: 'x', kind: 'numeric', storage: 'number', missing: 0, values: decimals() },
      {
        name: 'colour',
        kind: 'categorical',
        storage: 'dictionary',
        missing: 0,
        codes: Int32Array.from({ length: rows }, () => Math.floor(random() * 12)),
        categories: Array.from({ length: 12 }, (_, i) => (i === 0 ? 'red' : `colour ${i}`)),
      },
      {
        name: 'y',
        kind: 'categorical',
        storage: 'dictionary',
        missing: 0,
        codes: Int32Array.from({ length: rows }, () => (random() < 0.3 ? 1 : 0)),
        categories: ['no', 'yes'],
      },
      ...Array.from({ length: REFERENCE_COLUMNS - 3 }, (_, i) => ({
        name: `f${i}`,
        kind: 'numeric' as const,
        storage: 'number' as const,
        missing: 0,
        values: decimals(),
      })),
    ],
  };
}

/**
 * A model of the default mlp's size on this table: the 18 numeric columns and colour (red,
 * colour 1, other), 21 inputs, 64 hidden units, one output: 1,473 parameters.
 */
function defaultSizeModel(): TrainedModel {
  const numeric = ['x', ...Array.from({ length: REFERENCE_COLUMNS - 3 }, (_, i) => `f${i}`)];
  const categories = ['red', 'colour 1'];
  const inputs = [...numeric, ...categories.map((c) => `colour=${c}`), 'colour=(other)'];
  const model = fakeModel({}, 64 * (inputs.length + 2) + 1, 7, inputs.length);
  return {
    ...model,
    preprocessing: {
      steps: [
        ...numeric.map((column) => ({
          column,
          kind: 'numeric' as const,
          fill: 500,
          mean: 500,
          std: 290,
          indicator: false,
        })),
        { column: 'colour', kind: 'one-hot', categories, fill: 'red', indicator: false },
      ],
      width: inputs.length,
      inputs,
    },
  };
}

const numbers = (predictions: Prediction[]) =>
  predictions.flatMap((p) => ('probabilities' in p ? p.probabilities : [p.value]));

/**
 * Predictions alone on the 10,000 rows: the forward pass the save runs, and predict on each
 * tfjs backend the page has (webgl, cpu), which the save ran before, with the largest
 * difference of its numbers from the forward pass's.
 */
async function measurePredictions(model: TrainedModel, table: Table): Promise<PredictTiming[]> {
  const times: number[] = [];
  let plain: number[] = [];
  for (let round = 0; round <= REFERENCE_REPEATS; round++) {
    const start = performance.now();
    plain = numbers(await predictWithoutTfjs(model, table));
    if (round > 0) times.push(performance.now() - start);
  }
  const timings: PredictTiming[] = [{ path: 'forward pass', ms: median(times), difference: 0 }];
  const tf = await import('@tensorflow/tfjs');
  const { predict } = await import('../src/lib/train/predict');
  const backend = tf.getBackend();
  for (const name of ['webgl', 'cpu']) {
    try {
      if (!(await tf.setBackend(name))) throw new Error(`tfjs has no ${name} backend here`);
      const tfjsTimes: number[] = [];
      let difference = 0;
      for (let round = 0; round <= REFERENCE_REPEATS; round++) {
        const start = performance.now();
        const got = numbers(await predict(model, table));
        if (round > 0) tfjsTimes.push(performance.now() - start);
        else difference = Math.max(...got.map((v, i) => Math.abs(v - (plain[i] ?? NaN))));
      }
      timings.push({ path: `tfjs ${name}`, ms: median(tfjsTimes), difference });
    } catch (error) {
      timings.push({
        path: `tfjs ${name}`,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (backend) await tf.setBackend(backend);
  return timings;
}

/** The snapshot (one: it no longer depends on a tfjs backend), or why it failed. */
export async function measureReferenceSnapshots(
  registry: Registry,
  log: (line: string) => void,
): Promise<(ReferenceSnapshotResult | string)[]> {
  try {
    return [await measureReferenceSnapshot(registry, log)];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** Save with and without a reference, alternating; the first round warms up. */
async function measureReferenceSnapshot(
  registry: Registry,
  log: (line: string) => void,
): Promise<ReferenceSnapshotResult> {
  const table = referenceTable(REFERENCE_ROWS);
  const model = fakeModel({}, 64);
  const plain: number[] = [];
  const withReference: number[] = [];
  let bytes = 0;
  let exact = false;
  for (let round = 0; round <= REFERENCE_REPEATS; round++) {
    let start = performance.now();
    await registry.saveVersion(model);
    const plainMs = performance.now() - start;
    start = performance.now();
    const version = await registry.saveVersion(model, { reference: table });
    const referenceMs = performance.now() - start;
    bytes = version.referenceBytes ?? 0;
    if (round === 0) {
      const reference = await registry.loadReference(version.id);
      exact = reference.table.columns.every((column, c) => {
        const source = table.columns[c];
        if (column.storage === 'number' && source?.storage === 'number') {
          return column.values.every((value, i) => Object.is(value, source.values[i]));
        }
        return column.storage === 'dictionary' && source?.storage === 'dictionary';
      });
      continue;
    }
    plain.push(plainMs);
    withReference.push(referenceMs);
  }
  const addedMs = median(withReference.map((ms, i) => ms - (plain[i] ?? 0)));
  // The largest parts on their own: summaries of every row, and all before the transaction.
  const { summarizeTable } = await import('../src/lib/reference/summaries');
  const { prepareReference } = await import('../src/lib/registry/reference-store');
  const summariesMs: number[] = [];
  const prepareMs: number[] = [];
  for (let round = 0; round < REFERENCE_REPEATS; round++) {
    let start = performance.now();
    await prepareReference(model, table, {});
    prepareMs.push(performance.now() - start);
    start = performance.now();
    await summarizeTable(table);
    summariesMs.push(performance.now() - start);
  }
  const larger = defaultSizeModel();
  const result: ReferenceSnapshotResult = {
    rows: REFERENCE_ROWS,
    columns: REFERENCE_COLUMNS,
    bytes,
    exact,
    saveMs: median(plain),
    saveWithReferenceMs: median(withReference),
    addedMs,
    summariesMs: median(summariesMs),
    prepareMs: median(prepareMs),
    predictions: [
      {
        model: `fakeModel (${parameters(model)} parameters)`,
        timings: await measurePredictions(model, table),
      },
      {
        model: `default mlp size (${parameters(larger)} parameters)`,
        timings: await measurePredictions(larger, table),
      },
    ],
    repeats: REFERENCE_REPEATS,
    goalMet: bytes <= REFERENCE_GOALS.bytes && addedMs <= REFERENCE_GOALS.addedMs && exact,
  };
  log(
    `reference snapshot: ${(bytes / 1024 / 1024).toFixed(2)} MiB, adds ${addedMs.toFixed(1)} ms to a save`,
  );
  return result;
}

function parameters(model: TrainedModel): string {
  return model.weights.reduce((sum, w) => sum + w.values.length, 0).toLocaleString('en-US');
}
