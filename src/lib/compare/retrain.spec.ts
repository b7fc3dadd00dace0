import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { trainModel } from '../train/train-model';
import type { TrainedModel } from '../train/types';
import { retrainModel, retrainTables } from './retrain';

const freshRegistry = freshRegistries('retrain-test');
const csv = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');

describe('retraining a challenger', () => {
  let champion: TrainedModel;
  let training: Table;
  let fresh: Table;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    training = await readCsv(csv);
    champion = await trainModel(training, { target: 'species', seed: 3, epochs: 20 });
    // New rows: the first 100 iris rows again, their columns in another order.
    const [header = '', ...rows] = csv.trim().split(/\r?\n/);
    fresh = await readCsv(
      [
        header.split(',').reverse().join(','),
        ...rows.slice(0, 100).map((l) => l.split(',').reverse().join(',')),
      ].join('\n'),
    );
  }, 60_000);

  it('trains on the reference rows the champion trained on plus most new rows, and holds out the rest', async () => {
    const tables = retrainTables(champion, fresh, { reference: training });
    expect(tables.counts).toEqual({
      referenceTraining: champion.split!.counts.train + champion.split!.counts.validation,
      referenceTest: champion.split!.counts.test,
      newTraining: 80,
      newHoldout: 20,
    });
    expect(tables.training.rowCount).toBe(tables.counts.referenceTraining + 80);
    expect(tables.holdout.rowCount).toBe(tables.counts.referenceTest + 20);
    expect(tables.training.columns.map((c) => c.name).sort()).toEqual(
      [...champion.spec.features, 'species'].sort(),
    );
    // The same seed draws the same hold-out.
    expect(retrainTables(champion, fresh, { reference: training }).holdout).toEqual(tables.holdout);

    const challenger = await retrainModel(champion, fresh, { reference: training });
    expect(challenger.spec).toMatchObject({ ...champion.spec, seed: champion.spec.seed });
    expect(challenger.metrics.test.accuracy).toBeGreaterThan(0.8);
  });

  it("uses a version's reference snapshot and its splits after a reload", async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(champion, {
      reference: training,
      referenceRows: 120,
    });
    const reference = await registry.loadReference(version.id);
    const tables = retrainTables(champion, fresh, { reference, seed: 9 });
    expect(tables.counts.referenceTest).toBe(reference.splits.filter((s) => s === 'test').length);
    expect(tables.counts.referenceTraining + tables.counts.referenceTest).toBe(120);
  });

  it('refuses new rows without labels, and a hold-out share out of range', async () => {
    const unlabelled = { ...fresh, columns: fresh.columns.filter((c) => c.name !== 'species') };
    expect((await refusal(retrainModel(champion, unlabelled, { reference: training }))).code).toBe(
      'unknown_column',
    );
    expect(() => retrainTables(champion, fresh, { reference: training, holdout: 1 })).toThrow(
      /hold-out share/,
    );
  });
});
