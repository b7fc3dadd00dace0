import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../data/read-csv';
import { trainModel } from '../train-model';
import {
  getModelKind,
  modelKinds,
  registerModelKind,
  unregisterModelKind,
  type ModelKindConfig,
} from './registry';

const sample = (name: string) =>
  readFileSync(new URL(`../../../../public/samples/${name}`, import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model kinds', () => {
  it('lists the built-in kinds as the Train screen does', () => {
    expect(modelKinds().map(({ kind, label }) => ({ kind, label }))).toEqual([
      { kind: 'mlp', label: 'neural network (MLP)' },
      { kind: 'linear', label: 'linear / logistic regression' },
    ]);
    expect(getModelKind('mlp')?.layers({})).toEqual({ hidden: [64], dropout: 0 });
    expect(getModelKind('linear')?.layers({ hidden: [8], dropout: 0.5 })).toEqual({
      hidden: [],
      dropout: 0,
    });
  });

  it('refuses a kind nobody registered, naming the ones there are', async () => {
    const table = await readCsv(sample('iris.csv'));
    const error = await trainModel(table, { target: 'species', model: 'tree' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'invalid_spec',
      details: { setting: 'model', known: ['mlp', 'linear'] },
    });
    expect((error as Error).message).toMatch(/one of mlp, linear, not "tree"/);
  });

  it('trains a kind registered by one file and one line, on the CPU backend', async () => {
    // Two fixed hidden layers: a kind with its own shape, reading no hidden or dropout setting.
    const funnel: ModelKindConfig = {
      kind: 'funnel-test',
      label: 'funnel (test)',
      settings: ['activation'],
      layers: () => ({ hidden: [6, 3], dropout: 0 }),
    };
    registerModelKind(funnel);
    const table = await readCsv(sample('iris.csv'));
    try {
      const model = await trainModel(table, {
        target: 'species',
        model: 'funnel-test',
        hidden: [99],
        epochs: 3,
        seed: 1,
      });
      expect(model.kind).toBe('funnel-test');
      expect(model.spec.model).toBe('funnel-test');
      expect(model.spec.hidden).toEqual([6, 3]);
      expect(model.architecture.hidden).toEqual([6, 3]);
      expect(model.weights.map((w) => w.shape)).toEqual([[4, 6], [6], [6, 3], [3], [3, 3], [3]]);
      expect(model.metrics.test.accuracy).toBeGreaterThanOrEqual(0);
      expect(() => registerModelKind(funnel)).toThrow(/registered twice/);
    } finally {
      unregisterModelKind('funnel-test');
    }
    await expect(
      trainModel(table, { target: 'species', model: 'funnel-test' }),
    ).rejects.toMatchObject({ code: 'invalid_spec' });
  });
});
