import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { trainedOn } from '../quantize/test-models';
import type { TrainedModel } from '../train/types';
import { explainModel } from './importance';

interface ModelCase {
  dataset: string;
  model: TrainedModel;
}
interface SklearnCase {
  dataset: string;
  features: string[];
  rows: number;
  repeats: number;
  importances_mean: number[];
  importances_std: number[];
}

/** Models and scikit-learn's results on them: fixtures/make-models.ts, then make-fixtures.py. */
const models = JSON.parse(
  readFileSync(new URL('./fixtures/models.json', import.meta.url), 'utf8'),
) as ModelCase[];
const sklearn = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn.json', import.meta.url), 'utf8'),
) as SklearnCase[];

/** The typed arrays JSON turned into plain arrays, back as the model holds them. */
function revive(model: TrainedModel): TrainedModel {
  return {
    ...model,
    weights: model.weights.map((w) => ({
      ...w,
      values: Float32Array.from(w.values as unknown as number[]),
    })) as TrainedModel['weights'],
  };
}

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');

describe('explainModel against scikit-learn permutation_importance', () => {
  it.each(sklearn.map((c) => [c.dataset, c] as const))(
    '%s: the same importances within their spread, and the same order where features clearly differ',
    async (dataset, reference) => {
      const found = models.find((m) => m.dataset === dataset);
      if (!found) throw new Error(`no fixture model for ${dataset}`);
      const model = revive(found.model);
      const table = await readCsv(sample(dataset));
      const ours = await explainModel(model, table, {
        rows: 'all',
        repeats: reference.repeats,
        seed: 5,
      });
      expect(ours.rows).toBe(reference.rows);
      expect(ours.source).toBe('all');
      const byName = new Map(ours.features.map((f) => [f.name, f]));
      const n = reference.repeats;
      reference.features.forEach((name, i) => {
        const mine = byName.get(name);
        const mean = reference.importances_mean[i] ?? NaN;
        const std = reference.importances_std[i] ?? NaN;
        // Two means of n shuffles each: their difference has a standard error of
        // sqrt((s1² + s2²) / n); four of them (or a point of accuracy on these rows) is the bar.
        const error = Math.sqrt(((mine?.std ?? 0) ** 2 + std ** 2) / n);
        expect(Math.abs((mine?.importance ?? NaN) - mean)).toBeLessThanOrEqual(
          Math.max(4 * error, 1 / reference.rows),
        );
      });
      // Where scikit-learn's importances are apart by more than four spreads, ours agree on the order.
      for (let a = 0; a < reference.features.length; a++) {
        for (let b = 0; b < reference.features.length; b++) {
          const gap = (reference.importances_mean[a] ?? 0) - (reference.importances_mean[b] ?? 0);
          const spread = (reference.importances_std[a] ?? 0) + (reference.importances_std[b] ?? 0);
          if (gap > 4 * spread) {
            const mine = (name: string | undefined) => byName.get(name ?? '')?.importance ?? NaN;
            expect(mine(reference.features[a])).toBeGreaterThan(mine(reference.features[b]));
          }
        }
      }
    },
  );
});

describe('explainModel', () => {
  it('uses the validation rows of the training table, best first, with a spread per feature', async () => {
    const { table, model } = await trainedOn('iris');
    let last = 0;
    const result = await explainModel(model, table, { onProgress: (done) => (last = done) });
    expect(result.source).toBe('validation');
    expect(result.rows).toBe(model.split?.counts.validation);
    expect(result.metric).toBe('accuracy');
    expect(result.repeats).toBe(10);
    expect(result.features.map((f) => f.importance)).toEqual(
      [...result.features.map((f) => f.importance)].sort((a, b) => b - a),
    );
    expect(result.features.every((f) => f.falls.length === 10 && f.std >= 0)).toBe(true);
    expect(last).toBe(4);
    // The same seed, the same shuffles.
    expect(await explainModel(model, table)).toEqual(result);
  });

  it('counts a one-hot column as one feature, or each of its inputs apart', async () => {
    const { table, model } = await trainedOn('cars', { epochs: 20 });
    const byColumn = await explainModel(model, table, { repeats: 2 });
    expect(byColumn.features.map((f) => f.name).sort()).toEqual(
      model.preprocessing.steps.map((s) => s.column).sort(),
    );
    const byInput = await explainModel(model, table, { repeats: 2, groupBy: 'input' });
    expect(byInput.features.map((f) => f.name).sort()).toEqual(
      [...model.preprocessing.inputs].sort(),
    );
    expect(byInput.metric).toBe('r2');
  });

  it('refuses bad settings, a table without the target, and a cancel', async () => {
    const { table, model } = await trainedOn('iris');
    for (const options of [
      { repeats: 0 },
      { repeats: 1.5 },
      { groupBy: 'row' as 'input' },
      { rows: 'some' as 'all' },
    ]) {
      await expect(explainModel(model, table, options)).rejects.toMatchObject({
        code: 'invalid_explain_options',
      });
    }
    const unlabelled = { ...table, columns: table.columns.filter((c) => c.name !== 'species') };
    await expect(explainModel(model, unlabelled)).rejects.toMatchObject({
      code: 'no_explain_rows',
    });
    const controller = new AbortController();
    controller.abort();
    await expect(explainModel(model, table, { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});
