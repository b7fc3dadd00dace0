import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { refusal } from '../test-refusal';
import { predictWithoutTfjs } from '../train/forward-pass';
import { trainModel } from '../train/train-model';
import type { TrainedModel } from '../train/types';
import { compareModels } from './compare';
import { compareModelsWith } from './compare-models';
import { mcnemarTest } from './statistics/index';

const csv = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');
const cars = readFileSync(new URL('../../../public/samples/cars.csv', import.meta.url), 'utf8');

describe('comparing a challenger with the champion', () => {
  let iris: Table;
  let weak: TrainedModel;
  let strong: TrainedModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    iris = await readCsv(csv);
    weak = await trainModel(iris, {
      target: 'species',
      seed: 1,
      epochs: 1,
      features: ['sepal_width_(cm)'],
    });
    strong = await trainModel(iris, { target: 'species', seed: 1, epochs: 60 });
  }, 60_000);

  it("offers a clearly better challenger, with McNemar's test on the rows each got right", async () => {
    const result = await compareModels(weak, strong, iris, { slices: ['species'] });
    expect(result.rows).toBe(150);
    expect(result.champion.metric).toBe('accuracy');
    expect(result.challenger.value).toBeGreaterThan(result.champion.value + 0.2);
    const [a, b] = [await predictWithoutTfjs(weak, iris), await predictWithoutTfjs(strong, iris)];
    const labels = iris.columns.find((c) => c.name === 'species');
    const truth = (i: number) =>
      labels?.storage === 'dictionary' ? labels.categories[labels.codes[i]!] : '';
    const right = (p: typeof a) => p.map((x, i) => 'label' in x && x.label === truth(i));
    expect(result.test).toMatchObject({ kind: 'mcnemar', ...mcnemarTest(right(a), right(b)) });
    expect(result.pValue).toBeLessThan(1e-6);
    expect(result.challengerWins).toBe(true);
    expect(result.slices.map((s) => [s.value, s.rows])).toEqual([
      ['setosa', 50],
      ['versicolor', 50],
      ['virginica', 50],
    ]);
  });

  it('does not offer a challenger that is no better, nor one below the gain asked for', async () => {
    const same = await compareModelsWith(strong, strong, iris, { predictor: predictWithoutTfjs });
    expect(same).toMatchObject({ gain: 0, pValue: 1, challengerWins: false });
    const worse = await compareModelsWith(strong, weak, iris, { predictor: predictWithoutTfjs });
    expect(worse.challengerWins).toBe(false);
    const better = await compareModelsWith(weak, strong, iris, {
      predictor: predictWithoutTfjs,
      minGain: 0.9,
    });
    expect(better.challengerWins).toBe(false);
  });

  it('uses a paired bootstrap of the RMSE for a regression', async () => {
    const table = await readCsv(cars);
    const champion = await trainModel(table, { target: 'Miles_per_Gallon', seed: 2, epochs: 2 });
    const challenger = await trainModel(table, { target: 'Miles_per_Gallon', seed: 2, epochs: 60 });
    const result = await compareModelsWith(champion, challenger, table, {
      predictor: predictWithoutTfjs,
      seed: 5,
    });
    expect(result.test.kind).toBe('bootstrap');
    expect(result.champion).toMatchObject({ metric: 'rmse' });
    expect(result.gain).toBeCloseTo(result.champion.value - result.challenger.value, 12);
    if (result.test.kind === 'bootstrap') {
      expect(result.test.difference).toBeCloseTo(-result.gain, 12);
      expect(result.test.interval[0]).toBeLessThanOrEqual(result.test.interval[1]);
    }
    expect(result.challengerWins).toBe(result.gain > 0 && result.pValue < 0.05);
  }, 60_000);

  it('refuses rows without the target and models of different targets', async () => {
    const unlabelled = { ...iris, columns: iris.columns.filter((c) => c.name !== 'species') };
    expect((await refusal(compareModels(weak, strong, unlabelled))).code).toBe('unknown_column');
    const table = await readCsv(cars);
    const other = await trainModel(table, { target: 'Miles_per_Gallon', seed: 2, epochs: 1 });
    expect((await refusal(compareModels(weak, other, iris))).code).toBe('dataset_mismatch');
  }, 30_000);
});
