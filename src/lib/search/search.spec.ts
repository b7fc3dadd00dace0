import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv, searchHyperparameters, type SearchProgress, type Table } from '../index';
import type { SearchTrial } from './types';

const sample = async (name: string) =>
  readCsv(readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url)));

let iris: Table;
beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await sample('iris.csv');
});

describe('searchHyperparameters with hyperband on iris (cpu backend)', () => {
  it('starts from the baseline, halves by the brackets, ranks, keeps the best models', async () => {
    const before = tf.memory().numTensors;
    const updates: Array<[SearchTrial, SearchProgress]> = [];
    // R = 9: bracket s = 2 trains 9 configurations for 1 epoch, 3 for 3, 1 for 9.
    const result = await searchHyperparameters(
      iris,
      { target: 'species', epochs: 9 },
      { trials: 10, keep: 3, onTrial: (trial, progress) => updates.push([trial, progress]) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ strategy: 'hyperband', seed: 42, maxEpochs: 9, baselineId: 1 });
    expect(result.stoppedBy).toBe('trials');
    expect(result.trials).toHaveLength(10);

    const byId = [...result.trials].sort((a, b) => a.id - b.id);
    expect(byId[0]).toMatchObject({
      baseline: true,
      status: 'complete',
      epochs: 9,
      params: {
        model: 'mlp',
        learningRate: 0.01,
        batchSize: 32,
        l2: 0,
        hidden: [64],
        activation: 'relu',
        dropout: 0,
      },
    });
    expect(byId.filter((t) => t.baseline)).toHaveLength(1);
    const searched = byId.slice(1);
    expect(searched.every((t) => t.bracket === 2 && t.status !== 'failed')).toBe(true);
    const rungsOf = (n: number) => searched.filter((t) => t.rungs.length === n);
    expect(rungsOf(1).map((t) => t.status)).toEqual(Array(6).fill('stopped'));
    expect(rungsOf(2).map((t) => t.status)).toEqual(['stopped', 'stopped']);
    expect(rungsOf(3).map((t) => [t.status, t.rungs.map((r) => r.epochs)])).toEqual([
      ['complete', [1, 3, 9]],
    ]);

    // Best first; the best model is the first trial's, with the score its record shows.
    for (const [a, b] of result.trials.slice(1).map((t, i) => [result.trials[i], t] as const)) {
      expect(a!.score!).toBeGreaterThanOrEqual(b.score!);
    }
    const first = result.trials[0]!;
    expect(result.best?.metrics.validation?.accuracy).toBe(first.score);
    expect(result.best?.spec).toMatchObject({ ...first.params, epochs: first.epochs, seed: 42 });
    expect([...result.models.keys()]).toEqual(result.trials.slice(0, 3).map((t) => t.id));
    // Every trial trained on the same rows.
    const splits = new Set([...result.models.values()].map((m) => JSON.stringify(m.split)));
    expect(splits.size).toBe(1);

    // Reported after each of the 14 rungs, and when halving stopped one of the 8.
    expect(updates).toHaveLength(14 + 8);
    expect(updates.at(-1)?.[1]).toMatchObject({ done: 10, total: 10, rungs: 14 });
    expect(updates[0]?.[0]).toMatchObject({ id: 1, status: 'complete', baseline: true });
  });

  it('draws the same configurations for the same seed, others for another', async () => {
    const params = async (seed: number) =>
      (
        await searchHyperparameters(iris, { target: 'species', epochs: 3 }, { trials: 5, seed })
      ).trials
        .sort((a, b) => a.id - b.id)
        .map((t) => t.params);
    const once = await params(5);
    expect(await params(5)).toEqual(once);
    expect(await params(6)).not.toEqual(once);
  });
});

describe('searchHyperparameters budgets and outcomes', () => {
  it('resolves on cancel with the finished trials, the one cut short marked cancelled', async () => {
    const controller = new AbortController();
    const result = await searchHyperparameters(
      iris,
      { target: 'species', epochs: 40, patience: 40 },
      {
        strategy: 'random',
        trials: 50,
        signal: controller.signal,
        onTrial: (_, progress) => {
          // Lands inside the next training: it yields to the event loop every 30 ms.
          if (progress.done === 3) setTimeout(() => controller.abort(), 15);
        },
      },
    );
    expect(result.stoppedBy).toBe('cancelled');
    expect(result.trials.map((t) => t.status)).toEqual([
      'complete',
      'complete',
      'complete',
      'cancelled',
    ]);
    expect(result.models.has(4)).toBe(false);

    const early = await searchHyperparameters(
      iris,
      { target: 'species' },
      { signal: AbortSignal.abort() },
    );
    expect(early).toMatchObject({ trials: [], best: null, stoppedBy: 'cancelled' });
  });

  it('stops at the minutes budget', async () => {
    const totals = new Set<number | null>();
    const result = await searchHyperparameters(
      iris,
      { target: 'species', epochs: 40, patience: 40 },
      { strategy: 'random', minutes: 0.01, onTrial: (_, p) => totals.add(p.total) },
    );
    expect(result.stoppedBy).toBe('minutes');
    expect(totals).toEqual(new Set([null]));
    // Generous: other test files share the cores, and a starved timer fires late.
    expect(result.elapsedMs).toBeLessThan(600 + 1400);
    expect(result.trials.length).toBeGreaterThanOrEqual(2);
    expect(result.trials.filter((t) => t.status === 'cancelled').length).toBeLessThanOrEqual(1);
    expect(result.trials.filter((t) => t.status === 'complete').length).toBeGreaterThanOrEqual(1);
  });

  it('records failed trials and goes on; regression scores are minus the RMSE', async () => {
    const cars = await sample('cars.csv');
    // A learning rate of 10,000 blows the regression up: every searched trial diverges.
    const result = await searchHyperparameters(
      cars,
      { target: 'Miles_per_Gallon', epochs: 3, space: { learningRate: [1e4, 1e4] } },
      { trials: 3, strategy: 'random' },
    );
    expect(result.trials.map((t) => [t.id, t.status, t.error?.code])).toEqual([
      [1, 'complete', undefined],
      [2, 'failed', 'training_diverged'],
      [3, 'failed', 'training_diverged'],
    ]);
    const baseline = result.trials[0]!;
    expect(baseline.metricName).toBe('neg_rmse');
    expect(baseline.score).toBe(-result.best!.metrics.validation!.rmse!);
    expect(baseline.testScore).toBe(-result.best!.metrics.test.rmse!);
    expect([...result.models.keys()]).toEqual([1]);
  });

  it.each([
    [{ trials: 0 }],
    [{ trials: 2.5 }],
    [{ trials: 1e6 }],
    [{ minutes: 0 }],
    [{ minutes: -1 }],
    [{ minutes: 1e9 }],
    [{ strategy: 'grid' as 'random' }],
    [{ keep: -1 }],
    [{ seed: 0.5 }],
  ])('refuses %o with invalid_search_options', async (options) => {
    await expect(searchHyperparameters(iris, { target: 'species' }, options)).rejects.toMatchObject(
      { code: 'invalid_search_options' },
    );
  });

  it('refuses a bad space, and a spec no trial could train, before training', async () => {
    await expect(
      searchHyperparameters(iris, { target: 'species', space: { layers: [0, 2] } }),
    ).rejects.toMatchObject({ code: 'invalid_search_options' });
    await expect(searchHyperparameters(iris, { target: 'colour' })).rejects.toMatchObject({
      code: 'unknown_column',
    });
  });
});
