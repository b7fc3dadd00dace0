/**
 * A quantized model goes through the registry like any model: saved, loaded with its
 * `quantization` record, and predicting exactly as before, with predict (tf.js CPU) and
 * predictWithoutTfjs, for every scheme.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { openRegistry, type Registry } from '../registry/registry';
import { predictWithoutTfjs } from '../train/forward-pass';
import { predict } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { quantizeModel } from './quantize-model';
import { trainedOn, withDeadOutlier } from './test-models';
import type { QuantizedModel } from './types';

let iris: { table: Table; model: TrainedModel };
let counter = 0;
const open: Registry[] = [];

beforeAll(async () => {
  iris = await trainedOn('iris', { hidden: [16] });
});

afterEach(() => {
  for (const registry of open.splice(0)) registry.close();
});

async function roundTrip(model: QuantizedModel): Promise<QuantizedModel> {
  const registry = await openRegistry({ name: `quantize-${++counter}` });
  open.push(registry);
  const saved = await registry.saveVersion(model);
  return registry.loadVersion<QuantizedModel>(saved.id);
}

describe('registry round trip of quantized models', () => {
  it.each(['float16', 'uint8'] as const)(
    'saves, loads and predicts a %s model identically',
    async (scheme) => {
      const model = await quantizeModel(iris.model, { scheme, calibration: iris.table });
      const loaded = await roundTrip(model);
      expect(loaded.quantization).toEqual(model.quantization);
      expect(loaded.bytes).toBe(model.bytes);
      expect(loaded.weights).toEqual(model.weights);
      expect(await predict(loaded, iris.table)).toEqual(await predict(model, iris.table));
      expect(await predictWithoutTfjs(loaded, iris.table)).toEqual(
        await predictWithoutTfjs(model, iris.table),
      );
    },
  );

  it('keeps a mixed-precision model and its kept layers', async () => {
    const parent = withDeadOutlier(iris.model, 1e4);
    const model = await quantizeModel(parent, { scheme: 'uint8', calibration: iris.table });
    expect(model.quantization.keptLayers).toEqual(['dense_0']);
    const loaded = await roundTrip(model);
    expect(loaded.quantization.keptLayers).toEqual(['dense_0']);
    expect(await predict(loaded, iris.table)).toEqual(await predict(model, iris.table));
  });
});
