/** An int8 model goes through the registry (fake-indexeddb) and predicts identically. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { withStoredInt8Scales } from '../model/test-weights';
import { openRegistry, type Registry } from '../registry/registry';
import { predictWithoutTfjs } from '../train/forward-pass';
import { predict } from '../train/predict';
import { quantizeModel } from './quantize-model';
import { trainedOn } from './test-models';
import type { QuantizedModel } from './types';

const open: Registry[] = [];
afterEach(() => {
  for (const registry of open.splice(0)) registry.close();
});

describe('registry round trip of int8 models', () => {
  it.each(['minmax', 'percentile'] as const)(
    'saves, loads and predicts a %s int8 model identically',
    async (method) => {
      const { table, model: parent } = await trainedOn('cars', { hidden: [16, 8] });
      const model = await quantizeModel(parent, { scheme: 'int8', calibration: table, method });
      const registry = await openRegistry({ name: `int8-${method}` });
      open.push(registry);
      const saved = await registry.saveVersion(model);
      expect(saved.precision).toBe('int8');
      const loaded = await registry.loadVersion<QuantizedModel>(saved.id);
      expect(loaded.quantization).toEqual(model.quantization);
      expect(loaded.weights[1]?.values).toBeInstanceOf(Int32Array);
      // The slim stored form: a shared zero point 0, and bias scales derived, not stored.
      expect(loaded.weights[0]).toMatchObject({ dtype: 'int8', zeroPoint: 0, axis: 1 });
      expect(loaded.weights[1]).toMatchObject({
        dtype: 'int32',
        scaleFrom: { input: 'dense_0', kernel: 'dense_0/kernel' },
      });
      expect(loaded.weights[1]).not.toHaveProperty('scale');
      expect(loaded.weights).toEqual(model.weights);
      expect(loaded.bytes).toBe(model.bytes);
      const predictions = await predictWithoutTfjs(model, table);
      expect(await predictWithoutTfjs(loaded, table)).toEqual(predictions);
      expect(await predict(loaded, table)).toEqual(predictions);
    },
    60_000,
  );

  it('loads and predicts an int8 model saved in the earlier form identically', async () => {
    const { table, model: parent } = await trainedOn('cars', { hidden: [16, 8] });
    const slim = await quantizeModel(parent, { scheme: 'int8', calibration: table });
    const before = withStoredInt8Scales(slim);
    const registry = await openRegistry({ name: 'int8-before' });
    open.push(registry);
    const saved = await registry.saveVersion(before);
    const loaded = await registry.loadVersion<QuantizedModel>(saved.id);
    expect(loaded.weights).toEqual(before.weights);
    expect(loaded.bytes).toBe(before.bytes);
    const predictions = await predictWithoutTfjs(slim, table);
    expect(await predictWithoutTfjs(loaded, table)).toEqual(predictions);
    expect(await predict(loaded, table)).toEqual(predictions);
  }, 60_000);
});
