/**
 * A pruned model goes through the registry like any model (saved and loaded with its `pruning`
 * record, predicting as before), and prunes from a version's reference data when the training
 * file is gone: the iris sample holds every row (150 < 10,000), so the rows are the parent's.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { quantizeModel } from '../quantize/quantize-model';
import { trainedOn } from '../quantize/test-models';
import { freshRegistries } from '../registry/test-registries';
import { predict } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { pruneModel } from './prune-model';
import type { PrunedModel } from './types';

const registries = freshRegistries('prune');
let iris: { table: Table; model: TrainedModel };

beforeAll(async () => {
  iris = await trainedOn('iris', { hidden: [16] });
});

describe('pruned models in the registry', () => {
  it('saves, loads and backs up a pruned model with its pruning record', async () => {
    const pruned = await pruneModel(iris.model, { sparsity: 0.5, data: iris.table, epochs: 6 });
    const registry = await registries();
    const saved = await registry.saveVersion(pruned);
    const loaded = await registry.loadVersion<PrunedModel>(saved.id);
    expect(loaded.pruning).toEqual(pruned.pruning);
    expect(loaded.weights).toEqual(pruned.weights);
    expect(await predict(loaded, iris.table)).toEqual(await predict(pruned, iris.table));
    // A backup carries it too (its JSON turns NaN scores into null, which the schema takes).
    const target = await registries();
    await target.importBackup(await registry.exportBackup());
    const [restored] = await target.listVersions();
    const back = await target.loadVersion<PrunedModel>(restored?.id ?? '');
    expect(back.pruning).toEqual(pruned.pruning);
  });

  it('saves a pruned model quantized afterwards, with both records', async () => {
    const pruned = await pruneModel(iris.model, { sparsity: 0.5, data: iris.table, epochs: 6 });
    const quantized = await quantizeModel(pruned, { scheme: 'uint8', calibration: iris.table });
    const registry = await registries();
    const saved = await registry.saveVersion(quantized);
    const loaded = await registry.loadVersion<typeof quantized & PrunedModel>(saved.id);
    expect(loaded.pruning).toEqual(pruned.pruning);
    expect(loaded.quantization).toEqual(quantized.quantization);
  });

  it('refuses a pruning record that does not fit the model', async () => {
    const pruned = await pruneModel(iris.model, { sparsity: 0.5, data: iris.table, epochs: 2 });
    const edited = structuredClone(pruned);
    edited.pruning.layers[0] = { ...edited.pruning.layers[0], layer: 'dense_7' } as never;
    const registry = await registries();
    await expect(registry.saveVersion(edited)).rejects.toMatchObject({ code: 'invalid_model' });
  });

  it("prunes from a version's reference data, on the parent's rows", async () => {
    const registry = await registries();
    const saved = await registry.saveVersion(iris.model, { reference: iris.table });
    const reference = await registry.loadReference(saved.id);
    const pruned = await pruneModel(iris.model, { sparsity: 0.5, data: reference, epochs: 6 });
    expect(pruned.pruning.evaluatedOn).toBe('reference');
    const { parentMetrics } = pruned.pruning;
    expect(parentMetrics.test.rowCount).toBe(iris.model.metrics.test.rowCount);
    expect(parentMetrics.test.accuracy).toBe(iris.model.metrics.test.accuracy);
    expect(parentMetrics.validation?.accuracy).toBe(iris.model.metrics.validation?.accuracy);
    expect(pruned.metrics.test.rowCount).toBe(iris.model.metrics.test.rowCount);
    expect(pruned.pruning.achievedSparsity).toBeCloseTo(0.5, 2);
  });
});
