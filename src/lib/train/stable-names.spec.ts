import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { validateModel } from '../model/formats';
import { fakeModel } from '../registry/fake-model';
import { architectureFor, weightNames } from './build-model';
import { predict } from './predict';
import { trainModel } from './train-model';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weight names', () => {
  it('are dense_i/kernel and dense_i/bias, from the architecture alone', () => {
    const mlp = architectureFor({
      kind: 'mlp',
      task: 'multiclass',
      inputWidth: 4,
      classCount: 3,
      hidden: [8, 8],
    });
    expect(weightNames(mlp)).toEqual([
      'dense_0/kernel',
      'dense_0/bias',
      'dense_1/kernel',
      'dense_1/bias',
      'dense_2/kernel',
      'dense_2/bias',
    ]);
    const linear = architectureFor({
      kind: 'linear',
      task: 'binary',
      inputWidth: 2,
      classCount: 2,
    });
    expect(weightNames(linear)).toEqual(['dense_0/kernel', 'dense_0/bias']);
  });

  it('are the same for two models trained in one process, whatever tf.js built before', async () => {
    const table = await readCsv(sample('iris.csv'));
    const spec = { target: 'species', epochs: 2, hidden: [8], dropout: 0.1 };
    const first = await trainModel(table, spec);
    // Layers built meanwhile move tf.js's global name counter.
    tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] }).dispose();
    const second = await trainModel(table, spec);
    const names = ['dense_0/kernel', 'dense_0/bias', 'dense_1/kernel', 'dense_1/bias'];
    expect(first.weights.map((w) => w.name)).toEqual(names);
    expect(second.weights.map((w) => w.name)).toEqual(names);
  });

  it('of older stored models (tf.js counter names) are still read', async () => {
    const names = [
      'dense_Dense12/kernel',
      'dense_Dense12/bias',
      'dense_Dense13/kernel',
      'dense_Dense13/bias',
    ];
    const old = fakeModel();
    const model = { ...old, weights: old.weights.map((w, i) => ({ ...w, name: names[i] ?? '' })) };
    expect(() => validateModel(model)).not.toThrow();
    expect(await predict(model, [{ x: 1, colour: 'red' }])).toEqual(
      await predict(old, [{ x: 1, colour: 'red' }]),
    );
  });
});
