import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PauseController, readCsv, trainModel, type Table } from '../index';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 400 rows, 10% positives; x is higher for positives but overlaps: imbalanced and noisy. */
function imbalanced(): Table {
  const x = Float64Array.from(
    { length: 400 },
    (_, i) => (i % 10 === 0 ? 0.5 : 0) + ((i * 37) % 101) / 100,
  );
  const y = Int32Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 1 : 0));
  return {
    rowCount: 400,
    issues: [],
    columns: [
      { name: 'x', kind: 'numeric', storage: 'number', values: x, missing: 0 },
      {
        name: 'y',
        kind: 'categorical',
        storage: 'dictionary',
        codes: y,
        categories: ['no', 'yes'],
        missing: 0,
      },
    ],
  };
}

describe('trainModel options', () => {
  it('is reproducible: the same seed gives the same weights on the CPU backend', async () => {
    const table = await readCsv(sample('iris.csv'));
    const spec = { target: 'species', seed: 7, epochs: 8, dropout: 0.2 };
    const [a, b] = [await trainModel(table, spec), await trainModel(table, spec)];
    expect(a.weights.map((w) => Array.from(w.values))).toEqual(
      b.weights.map((w) => Array.from(w.values)),
    );
    const c = await trainModel(table, { ...spec, seed: 8 });
    expect(c.weights[0]?.values).not.toEqual(a.weights[0]?.values);
  });

  it('trains a linear (softmax) model and a binary logistic model', async () => {
    const iris = await readCsv(sample('iris.csv'));
    const linear = await trainModel(iris, { target: 'species', model: 'linear', seed: 1 });
    expect(linear.architecture.hidden).toEqual([]);
    expect(linear.weights.map((w) => w.shape)).toEqual([[4, 3], [3]]);
    expect(linear.metrics.test.accuracy).toBeGreaterThanOrEqual(0.9);
    const binary = await trainModel(imbalanced(), { target: 'y', model: 'linear', seed: 1 });
    expect(binary.task).toBe('binary');
    expect(binary.metrics.test.rocAuc).toBeGreaterThan(0.6);
  });

  it('weighs rare classes up with balanced class weights', async () => {
    const plain = await trainModel(imbalanced(), {
      target: 'y',
      seed: 3,
      epochs: 30,
      model: 'linear',
    });
    const weighted = await trainModel(imbalanced(), {
      target: 'y',
      seed: 3,
      epochs: 30,
      model: 'linear',
      classWeights: 'balanced',
    });
    expect(weighted.spec.classWeights).toBe('balanced');
    // Weighting trades some precision for finding more of the rare class.
    const recall = (m: typeof plain) => m.metrics.test.perClass?.[1]?.recall ?? 0;
    expect(recall(weighted)).toBeGreaterThan(recall(plain));
    expect(recall(weighted)).toBeGreaterThanOrEqual(0.75);
  });

  it('runs k-fold cross-validation and reports each fold', async () => {
    const table = await readCsv(sample('iris.csv'));
    const folds: number[] = [];
    const model = await trainModel(
      table,
      { target: 'species', folds: 3, seed: 2, epochs: 40 },
      { onFold: (fold) => folds.push(fold) },
    );
    expect(folds).toEqual([1, 2, 3]);
    const cv = model.metrics.crossValidation;
    expect(cv?.scores).toHaveLength(3);
    expect(cv?.mean).toBeGreaterThan(0.8);
    expect(cv?.std).toBeGreaterThanOrEqual(0);
  });

  it('pauses between batches and resumes where it left off', async () => {
    const table = await readCsv(sample('iris.csv'));
    const pause = new PauseController();
    const seen: number[] = [];
    const run = trainModel(
      table,
      { target: 'species', epochs: 6, patience: 100 },
      {
        pause,
        onEpoch: (e) => {
          seen.push(e.epoch);
          if (e.epoch === 2) pause.pause();
        },
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([1, 2]);
    pause.resume();
    const model = await run;
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(model.history).toHaveLength(6);
  });

  it('refuses settings out of range before training', async () => {
    const table = await readCsv(sample('iris.csv'));
    await expect(trainModel(table, { target: 'species', dropout: 1.5 })).rejects.toMatchObject({
      code: 'invalid_spec',
      details: { setting: 'dropout' },
    });
    await expect(trainModel(table, { target: 'species', features: [] })).rejects.toMatchObject({
      code: 'no_features',
    });
    const empty = await readCsv(
      'x,y,t\n1,,a\n2,,b\n3,,a\n4,,b\n5,,a\n6,,b\n7,,a\n8,,b\n9,,a\n10,,b\n',
    );
    await expect(trainModel(empty, { target: 't', features: ['x', 'y'] })).rejects.toMatchObject({
      code: 'feature_all_missing',
      details: { column: 'y' },
    });
  });

  it('stops a diverging run and explains what to try', async () => {
    const table = await readCsv(sample('cars.csv'));
    const error = await trainModel(table, {
      target: 'Miles_per_Gallon',
      learningRate: 1000,
      hidden: [64, 64, 64],
      l2: 0,
      seed: 1,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'training_diverged' });
    expect((error as { hint: string }).hint).toMatch(/learning rate/);
  });
});
