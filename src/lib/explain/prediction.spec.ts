import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { quantizeModel } from '../quantize/quantize-model';
import { predictWithoutTfjs } from '../train/forward-pass';
import { createRng } from '../train/rng';
import { trainModel } from '../train/train-model';
import type { ModelKind, TrainedModel, TrainSpec } from '../train/types';
import { inputGroups } from './groups';
import { explainPrediction } from './prediction';

const text = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');

/** iris with two classes: virginica or not. */
function binaryIris(): string {
  const [header, ...rows] = text('iris.csv').trim().split(/\r?\n/);
  return [
    header,
    ...rows.map((line) =>
      line.replace(/,([^,]+)$/, (_, s: string) => `,${s === 'virginica' ? 'yes' : 'no'}`),
    ),
  ].join('\n');
}

/** 12 seeded numeric columns and a target that mixes them: more features than exact SHAP takes. */
function wideCsv(): string {
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const names = Array.from({ length: 12 }, (_, i) => `x${i}`);
  const lines = [[...names, 'y'].join(',')];
  for (let r = 0; r < 200; r++) {
    const xs = names.map(() => random() * 10);
    const y = xs.reduce((sum, x, i) => sum + x * (i % 3) - (i === 4 ? x * x : 0), 0);
    lines.push([...xs.map((x) => x.toFixed(3)), y.toFixed(3)].join(','));
  }
  return lines.join('\n');
}

const DATASETS = {
  regression: { csv: () => text('cars.csv'), target: 'Miles_per_Gallon' },
  binary: { csv: binaryIris, target: 'species' },
  multiclass: { csv: () => text('iris.csv'), target: 'species' },
  wide: { csv: wideCsv, target: 'y' },
} as const;

const cache = new Map<string, Promise<{ table: Table; model: TrainedModel }>>();
function trained(dataset: keyof typeof DATASETS, kind: ModelKind, spec: Partial<TrainSpec> = {}) {
  const key = `${dataset}/${kind}/${JSON.stringify(spec)}`;
  let found = cache.get(key);
  if (!found) {
    found = (async () => {
      await tf.setBackend('cpu');
      const table = await readCsv(DATASETS[dataset].csv());
      const model = await trainModel(table, {
        target: DATASETS[dataset].target,
        model: kind,
        seed: 2,
        epochs: 25,
        ...spec,
      });
      return { table, model };
    })();
    cache.set(key, found);
  }
  return found;
}

/** |a - b| within 1e-6 of the larger magnitude (and of 1). */
function expectAddsUp(result: {
  baseline: number;
  prediction: number;
  attributions: { value: number }[];
}) {
  const sum = result.baseline + result.attributions.reduce((s, a) => s + a.value, 0);
  expect(Math.abs(sum - result.prediction)).toBeLessThanOrEqual(
    1e-6 * Math.max(1, Math.abs(result.prediction)),
  );
}

describe('explainPrediction adds up', () => {
  const cases = [
    ['regression', 'linear'],
    ['regression', 'mlp'],
    ['binary', 'linear'],
    ['binary', 'mlp'],
    ['multiclass', 'linear'],
    ['multiclass', 'mlp'],
  ] as const;
  it.each(cases)(
    '%s %s: baseline + attributions = prediction on random rows',
    async (dataset, kind) => {
      const { table, model } = await trained(dataset, kind);
      const predictions = await predictWithoutTfjs(model, table);
      // Five seeded random rows of the table.
      const random = createRng(11);
      const rows = Array.from({ length: 5 }, () => Math.floor(random() * table.rowCount));
      for (const row of rows) {
        const result = await explainPrediction(model, table, { row, backgroundRows: 40 });
        expectAddsUp(result);
        expect(result.method).toBe('exact');
        expect(result.backgroundRows).toBe(40);
        // The explained number is the model's own prediction (float32, as predict gives it).
        const p = predictions[row];
        if (p && 'value' in p) {
          expect(result.output).toBe('value');
          expect(result.prediction).toBeCloseTo(p.value, 3);
        } else if (p) {
          expect(result.class).toBe(p.label);
          expect(result.prediction).toBeCloseTo(
            p.probabilities[model.classes.indexOf(p.label)] ?? NaN,
            6,
          );
        }
      }
    },
  );

  it('adds up when sampled (over 10 features) and for an int8 model', async () => {
    const { table, model } = await trained('wide', 'mlp');
    const sampled = await explainPrediction(model, table, {
      row: 3,
      groupBy: 'input',
      backgroundRows: 20,
      permutations: 4,
    });
    expect(sampled.method).toBe('sampled');
    expect(sampled.attributions.length).toBe(model.preprocessing.width);
    expectAddsUp(sampled);
    const iris = await trained('multiclass', 'mlp');
    const int8 = await quantizeModel(iris.model, { scheme: 'int8', calibration: iris.table });
    const quantized = await explainPrediction(int8, iris.table, { row: 3, backgroundRows: 20 });
    const predicted = (await predictWithoutTfjs(int8, iris.table))[3];
    expectAddsUp(quantized);
    if (predicted && 'label' in predicted) expect(quantized.class).toBe(predicted.label);
  });
});

/** The background's mean of each model input. */
function meanInputs(model: TrainedModel, table: Table, rows: number[]): Float64Array {
  const encoded = transformRows(model.preprocessing, table, rows);
  const width = model.preprocessing.width;
  const means = new Float64Array(width);
  for (let r = 0; r < rows.length; r++)
    for (let i = 0; i < width; i++)
      means[i] = (means[i] ?? 0) + (encoded[r * width + i] ?? 0) / rows.length;
  return means;
}

describe('exact SHAP of a linear model equals the closed form', () => {
  // With independent features, a linear f(z) = w·z + b has phi_i = w_i (z_i − E[z_i]) (Lundberg
  // and Lee 2017, Corollary 1), summed over the inputs of a column.
  it('regression: in the target units (times the target scale)', async () => {
    const { table, model } = await trained('regression', 'linear');
    const exact = await explainPrediction(model, table, { row: 11, backgroundRows: 1000 });
    const all = Array.from({ length: table.rowCount }, (_, i) => i);
    expect(exact.backgroundRows).toBe(Math.min(1000, table.rowCount));
    const means = meanInputs(model, table, all);
    const x = transformRows(model.preprocessing, table, [11]);
    const kernel = model.weights[0]?.values as Float32Array;
    for (const group of inputGroups(model.preprocessing)) {
      let phi = 0;
      for (let i = group.start; i < group.start + group.width; i++)
        phi += (kernel[i] ?? 0) * ((x[i] ?? 0) - (means[i] ?? 0));
      phi *= model.targetScale.std;
      const found = exact.attributions.find((a) => a.name === group.name);
      expect(Math.abs((found?.value ?? NaN) - phi)).toBeLessThanOrEqual(
        1e-4 * Math.max(1, Math.abs(phi)),
      );
    }
  });

  it('classes: in logit space, per class', async () => {
    const { table, model } = await trained('multiclass', 'linear');
    const all = Array.from({ length: table.rowCount }, (_, i) => i);
    const means = meanInputs(model, table, all);
    const x = transformRows(model.preprocessing, table, [90]);
    const kernel = model.weights[0]?.values as Float32Array;
    const units = model.architecture.outputUnits;
    for (const [c, name] of model.classes.entries()) {
      const exact = await explainPrediction(model, table, {
        row: 90,
        output: 'logit',
        class: name,
        backgroundRows: 1000,
      });
      expect(exact.output).toBe('logit');
      for (const group of inputGroups(model.preprocessing)) {
        let phi = 0;
        for (let i = group.start; i < group.start + group.width; i++)
          phi += (kernel[i * units + c] ?? 0) * ((x[i] ?? 0) - (means[i] ?? 0));
        const found = exact.attributions.find((a) => a.name === group.name);
        expect(Math.abs((found?.value ?? NaN) - phi)).toBeLessThanOrEqual(
          1e-5 * Math.max(1, Math.abs(phi)),
        );
      }
    }
  });
});

describe('explainPrediction options', () => {
  it('explains rows given as objects against a background, naming each value', async () => {
    const { table, model } = await trained('multiclass', 'mlp');
    const row = {
      sepal_length_cm: 6.1,
      sepal_width_cm: 2.8,
      petal_length_cm: 4.7,
      petal_width_cm: 1.2,
    };
    const columns = model.preprocessing.steps.map((s) => s.column);
    const record = Object.fromEntries(columns.map((c, i) => [c, Object.values(row)[i] ?? null]));
    const result = await explainPrediction(model, [record], { baseline: table });
    expectAddsUp(result);
    expect(result.attributions.map((a) => a.shown).sort()).toEqual(['1.2', '2.8', '4.7', '6.1']);
    expect(Math.abs(result.attributions[0]?.value ?? 0)).toBeGreaterThanOrEqual(
      Math.abs(result.attributions.at(-1)?.value ?? 0),
    );
  });

  it('refuses a row out of range, an unknown class and bad settings', async () => {
    const { table, model } = await trained('multiclass', 'linear');
    for (const options of [
      { row: -1 },
      { row: table.rowCount },
      { class: 'rose' },
      { output: 'odds' as 'logit' },
      { backgroundRows: 0 },
      { groupBy: 'row' as 'input' },
    ]) {
      await expect(explainPrediction(model, table, options)).rejects.toMatchObject({
        code: 'invalid_explain_options',
      });
    }
    const controller = new AbortController();
    controller.abort();
    await expect(
      explainPrediction(model, table, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });
});
