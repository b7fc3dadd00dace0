import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predict, readCsv, trainModel, WorkbenchError } from '../index';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainModel on iris (cpu backend)', () => {
  it('reaches at least 0.9 test accuracy and predicts with the saved weights', async () => {
    const table = await readCsv(sample('iris.csv'));
    const epochs: number[] = [];
    const model = await trainModel(
      table,
      { target: 'species', seed: 1 },
      { onEpoch: (e) => epochs.push(e.epoch) },
    );
    expect(model.task).toBe('multiclass');
    expect(model.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(model.metrics.test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(model.metrics.test.rowCount).toBe(30);
    // Every epoch reported, in order; early stopping ends before the cap and keeps the best.
    expect(epochs).toEqual(Array.from({ length: model.history.length }, (_, i) => i + 1));
    expect(model.history.length).toBeLessThan(model.spec.epochs);
    expect(model.bestEpoch).toBe(model.history.length - model.spec.patience);
    const best = model.history[model.bestEpoch - 1]?.valLoss ?? NaN;
    expect(Math.min(...model.history.map((h) => h.valLoss ?? Infinity))).toBeCloseTo(best, 6);
    expect(model.bytes).toBe(model.weights.reduce((sum, w) => sum + w.values.length * 4, 0));
    const predictions = await predict(model, table);
    expect(predictions).toHaveLength(150);
    const first = predictions[0];
    expect(first && 'label' in first ? first.label : null).toBe('setosa');
    if (first && 'probabilities' in first) {
      expect(first.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    // Plain objects work too, and agree with the table's predictions.
    const fromRecords = await predict(model, [
      {
        'sepal_length_(cm)': 5.1,
        'sepal_width_(cm)': 3.5,
        'petal_length_(cm)': 1.4,
        'petal_width_(cm)': 0.2,
      },
      {
        'sepal_length_(cm)': '6.7',
        'sepal_width_(cm)': 3,
        'petal_length_(cm)': 5.2,
        'petal_width_(cm)': null,
      },
    ]);
    expect(fromRecords[0]).toEqual(first);
    expect(fromRecords).toHaveLength(2);
    await expect(predict(model, [{ 'sepal_length_(cm)': 'tall' }])).rejects.toMatchObject({
      code: 'non_finite_input',
    });
  });

  it('refuses a target with one class before training', async () => {
    const table = await readCsv('a,b\n1,x\n2,x\n3,x\n');
    await expect(trainModel(table, { target: 'b' })).rejects.toMatchObject({
      code: 'target_one_class',
    });
  });

  it('stops when the signal aborts', async () => {
    const table = await readCsv(sample('iris.csv'));
    const controller = new AbortController();
    const run = trainModel(
      table,
      { target: 'species', epochs: 500 },
      { signal: controller.signal, onEpoch: (e) => e.epoch === 2 && controller.abort() },
    );
    const error: unknown = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('aborted');
  });
});

describe('trainModel on cars (regression, cpu backend)', () => {
  it('beats predicting the mean and predicts in miles per gallon', async () => {
    const table = await readCsv(sample('cars.csv'));
    const model = await trainModel(table, { target: 'Miles_per_Gallon', seed: 2 });
    expect(model.task).toBe('regression');
    expect(model.spec.features).not.toContain('Name');
    expect(model.metrics.test.r2).toBeGreaterThan(0.6);
    const predictions = await predict(model, table);
    const values = predictions.map((p) => ('value' in p ? p.value : NaN));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(15);
    expect(mean).toBeLessThan(32);
  });
});

describe('trainModel memory', () => {
  it('leaves no tensors behind, whether it finishes or is cancelled', async () => {
    const table = await readCsv(sample('iris.csv'));
    await trainModel(table, { target: 'species', epochs: 2 });
    const before = tf.memory().numTensors;
    await trainModel(table, { target: 'species', epochs: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const controller = new AbortController();
    await trainModel(
      table,
      { target: 'species', epochs: 50 },
      { signal: controller.signal, onEpoch: () => controller.abort() },
    ).catch(() => undefined);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the training matrix kept on the device', () => {
  it('trains the same weights as batches built on the CPU, with class weights and regression', async () => {
    const cases = [
      {
        table: await readCsv(sample('iris.csv')),
        spec: { target: 'species', seed: 4, epochs: 6, classWeights: 'balanced' as const },
      },
      {
        table: await readCsv(sample('cars.csv')),
        spec: { target: 'Miles_per_Gallon', seed: 2, epochs: 5, batchSize: 50 },
      },
    ];
    for (const { table, spec } of cases) {
      const resident = await trainModel(table, spec);
      const streamed = await trainModel(table, spec, { residentBytes: 0 });
      expect(resident.weights.map((w) => [...w.values])).toEqual(
        streamed.weights.map((w) => [...w.values]),
      );
      expect(resident.history.map((h) => h.loss)).toEqual(streamed.history.map((h) => h.loss));
    }
    // And nothing is left behind on either path.
    const before = tf.memory().numTensors;
    await trainModel(cases[0]!.table, cases[0]!.spec);
    await trainModel(cases[0]!.table, cases[0]!.spec, { residentBytes: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
