/**
 * predictWithoutTfjs against predict on tf.js's CPU backend, on models trained here. Tolerance:
 * 1e-5 relative to max(1, |expected|) (so 1e-5 absolute for probabilities), the agreement
 * promised on any backend: tf.js computes every layer in float32, and a backend that sums or
 * rounds in another order (WebGL, WebGPU) differs by a few float32 steps (2^-24, about 6e-8,
 * each) per layer, far below 1e-5. On the CPU backend the forward pass takes tf.js's steps in
 * its order (sums per block of 48 inputs) and the outputs are equal bit for bit; the test of
 * that is separate, as it ties this file to tfjs-backend-cpu's kernels.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { readCsv } from '../data/read-csv';
import { WorkbenchError } from '../errors';
import { convertModel } from '../model/test-weights';
import { fakeModel } from '../registry/fake-model';
import { predictWithoutTfjs } from './forward-pass';
import { predict } from './predict';
import type { RecordRow } from './records';
import { trainModel } from './train-model';
import type { Activation, Prediction, TrainedModel, TrainSpec } from './types';

const TOLERANCE = 1e-5;

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');

/** Iris with a two-class target: virginica or not. */
function binaryIris(): string {
  const [header = '', ...lines] = sample('iris.csv').trim().split('\n');
  const rows = lines.map((line) => {
    const cells = line.split(',');
    const species = cells.pop() ?? '';
    return [...cells, species.trim() === 'virginica' ? 'yes' : 'no'].join(',');
  });
  return [header.replace(/species\s*$/, 'virginica'), ...rows].join('\n');
}

/** Every number a prediction holds, in order: probabilities, or the value. */
const numbers = (predictions: Prediction[]) =>
  predictions.flatMap((p) => ('probabilities' in p ? p.probabilities : [p.value]));
const labels = (predictions: Prediction[]) =>
  predictions.map((p) => ('label' in p ? p.label : null));

/** Largest difference from predict, relative to max(1, |predict's value|). */
function deviation(got: Prediction[], want: Prediction[]): number {
  const a = numbers(got);
  const b = numbers(want);
  expect(a).toHaveLength(b.length);
  return Math.max(
    0,
    ...a.map((v, i) => Math.abs(v - (b[i] ?? NaN)) / Math.max(1, Math.abs(b[i] ?? NaN))),
  );
}

let worst = 0;
async function expectSameAsPredict(model: TrainedModel, rows: Table | RecordRow[]) {
  const want = await predict(model, rows);
  const got = await predictWithoutTfjs(model, rows);
  expect(got).toHaveLength(want.length);
  expect(labels(got)).toEqual(labels(want));
  expect(got.map((p) => Object.keys(p))).toEqual(want.map((p) => Object.keys(p)));
  const off = deviation(got, want);
  worst = Math.max(worst, off);
  expect(off).toBeLessThanOrEqual(TOLERANCE);
  return off;
}

async function code(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    return error instanceof WorkbenchError ? error.code : `not a WorkbenchError: ${String(error)}`;
  }
  return 'no error';
}

const tables: Record<string, Table> = {};
const targets = { multiclass: 'species', binary: 'virginica', regression: 'Miles_per_Gallon' };
const models = new Map<string, TrainedModel>();

/** Trains once per case (a few epochs: agreement, not accuracy, is what is tested). */
async function trained(task: keyof typeof targets, spec: Partial<TrainSpec>) {
  const key = `${task} ${JSON.stringify(spec)}`;
  let model = models.get(key);
  if (!model) {
    const table = tables[task] as Table;
    model = await trainModel(table, { target: targets[task], seed: 5, epochs: 12, ...spec });
    models.set(key, model);
  }
  return model;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  tables.multiclass = await readCsv(sample('iris.csv'));
  tables.binary = await readCsv(binaryIris());
  // Cars: one-hot (Origin, Name), a datetime (Year) and missing values (Horsepower).
  tables.regression = await readCsv(sample('cars.csv'));
});

const kinds: [string, Partial<TrainSpec>][] = [
  ['linear', { model: 'linear' }],
  ...(['relu', 'tanh', 'elu'] as Activation[]).map((activation): [string, Partial<TrainSpec>] => [
    `mlp ${activation}`,
    { model: 'mlp', hidden: [16, 8], activation },
  ]),
  [
    'mlp relu with dropout (identity when predicting)',
    { model: 'mlp', hidden: [12], dropout: 0.3 },
  ],
];

describe('predictWithoutTfjs matches predict (cpu backend, float32 weights)', () => {
  for (const task of ['multiclass', 'binary', 'regression'] as const) {
    it.each(kinds)(`${task}: %s`, async (_, spec) => {
      const model = await trained(task, spec);
      expect(model.task).toBe(task);
      await expectSameAsPredict(model, tables[task] as Table);
    });
  }

  it('classes come in the order of model.classes, probabilities sum to 1', async () => {
    const model = await trained('multiclass', { model: 'mlp', hidden: [16, 8] });
    const got = await predictWithoutTfjs(model, tables.multiclass as Table);
    for (const p of got) {
      if (!('probabilities' in p)) throw new Error('expected class probabilities');
      expect(p.probabilities).toHaveLength(3);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const best = p.probabilities.indexOf(Math.max(...p.probabilities));
      expect(p.label).toBe(model.classes[best]);
    }
  });

  it('reads row objects as predict does', async () => {
    const model = await trained('regression', { model: 'mlp', hidden: [16, 8] });
    await expectSameAsPredict(model, [
      { Origin: 'USA', Cylinders: 8, Displacement: '307', Horsepower: null, Year: '1970-01-01' },
      { Origin: 'Mars', Name: 'unknown car', Weight_in_lbs: 2000, Year: '1982-01-01' },
      {},
    ]);
  });

  it('a wide input (130: three blocks of tf.js sums, mostly one-hot zeros), many rows', async () => {
    const model = fakeModel({}, 2000, 3, 130);
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      x: (i % 97) / 10 - 4,
      colour: i % 7 ? `c${i % 131}` : 'red',
    }));
    await expectSameAsPredict(model, rows.slice(0, 2500));
  });

  it("gives the CPU backend's outputs bit for bit (tf.js's order of float32 steps)", async () => {
    const wide = fakeModel({}, 2000, 3, 130);
    const rows = Array.from({ length: 300 }, (_, i) => ({ x: i / 30 - 5, colour: `c${i % 131}` }));
    expect(await predictWithoutTfjs(wide, rows)).toEqual(await predict(wide, rows));
    for (const task of ['multiclass', 'binary', 'regression'] as const) {
      const model = await trained(task, { model: 'mlp', hidden: [16, 8], activation: 'elu' });
      const table = tables[task] as Table;
      expect(await predictWithoutTfjs(model, table)).toEqual(await predict(model, table));
    }
  });

  it('lets other tasks run while it predicts 200,000 rows (no stall of 200 ms)', async () => {
    const model = fakeModel({}, 1000);
    const n = 200_000;
    const table: Table = {
      rowCount: n,
      issues: [],
      columns: [
        { name: 'x', kind: 'numeric', storage: 'number', values: new Float64Array(n), missing: 0 },
        {
          name: 'colour',
          kind: 'categorical',
          storage: 'dictionary',
          codes: new Int32Array(n),
          categories: ['red'],
          missing: 0,
        },
      ],
    };
    let last = performance.now();
    let longest = 0;
    let running = true;
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (running) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const predictions = await predictWithoutTfjs(model, table);
    running = false;
    expect(predictions).toHaveLength(n);
    expect(longest).toBeLessThan(200);
  });

  it('an empty table gives no predictions', async () => {
    const model = await trained('multiclass', { model: 'linear' });
    const empty = { ...(tables.multiclass as Table), rowCount: 0 };
    expect(await predictWithoutTfjs(model, empty)).toEqual([]);
  });
});

describe('predictWithoutTfjs matches predict with float16, uint8 and int8 weights', () => {
  for (const task of ['multiclass', 'binary', 'regression'] as const) {
    it.each(['float16', 'uint8', 'int8'] as const)(`${task}: %s`, async (dtype) => {
      const model = await trained(task, { model: 'mlp', hidden: [16, 8], activation: 'tanh' });
      await expectSameAsPredict(convertModel(model, dtype), tables[task] as Table);
    });
  }
});

describe('predictWithoutTfjs refuses what predict refuses, with the same codes', () => {
  const cases: [string, string, (model: TrainedModel) => [TrainedModel, unknown]][] = [
    [
      'a model with a weight missing',
      'invalid_model',
      (m) => [{ ...m, weights: m.weights.slice(1) }, []],
    ],
    ['not a model', 'invalid_model', () => [{ format: 'nope' } as unknown as TrainedModel, []]],
    ['neither a table nor rows', 'invalid_rows', (m) => [m, { rows: 1 }]],
    ['a table without a row count', 'invalid_rows', (m) => [m, { columns: [] }]],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole in the rows', 'invalid_rows', (m) => [m, [{}, , {}]]],
    [
      'a value that is not a number',
      'non_finite_input',
      (m) => [m, [{ 'sepal_length_(cm)': 'tall' }]],
    ],
    [
      'an input that overflows float32',
      'non_finite_input',
      (m) => [m, [{ 'sepal_length_(cm)': 1e300 }]],
    ],
  ];

  it.each(cases)('%s: %s', async (_, expected, make) => {
    const [model, rows] = make(await trained('multiclass', { model: 'linear' }));
    expect(await code(() => predict(model, rows as RecordRow[]))).toBe(expected);
    expect(await code(() => predictWithoutTfjs(model, rows as RecordRow[]))).toBe(expected);
  });

  it('an output that is not finite (an overflow in the network, a huge target scale)', async () => {
    const model = fakeModel();
    (model.weights[0]?.values as Float32Array).fill(2);
    const rows = [
      { x: 1, colour: 'red' },
      { x: 3e38, colour: 'red' },
    ];
    const error = await predictWithoutTfjs(model, rows).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'prediction_not_finite', details: { row: 2 } });
    expect(await code(() => predict(model, rows))).toBe('prediction_not_finite');
    const regression = fakeModel({ task: 'regression', targetScale: { mean: 0, std: 1e300 } });
    expect(await code(() => predictWithoutTfjs(regression, rows))).toBe('prediction_not_finite');
    expect(await code(() => predict(regression, rows))).toBe('prediction_not_finite');
  });
});

describe('deviation from predict', () => {
  it(`stays within ${TOLERANCE} over every case above`, () => {
    // Printed for the record: the largest relative difference measured in this file.
    console.info(`predictWithoutTfjs: largest deviation from predict ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });
});
