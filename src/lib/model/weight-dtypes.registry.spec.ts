/**
 * float16 and 8-bit weights go through the registry's codec like float32 ones: saved, loaded
 * and carried by a backup with their typed arrays' classes, bytes and parameters unchanged.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeModel } from '../registry/fake-model';
import { predict } from '../train/predict';
import type { TrainedModel, WeightTensor } from '../train/types';
import { convertModel } from './test-weights';
import { modelPrecision } from './weight-dtypes';
import { freshRegistries } from '../registry/test-registries';

const freshRegistry = freshRegistries('weight-dtypes');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const bytes = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);

/** Same dtype, array classes, bytes and per-tensor parameters, tensor by tensor. */
function expectSameWeights(loaded: WeightTensor[], saved: WeightTensor[]): void {
  expect(loaded).toHaveLength(saved.length);
  saved.forEach((want, i) => {
    const got = loaded[i] as WeightTensor & Record<string, unknown>;
    expect(got.name).toBe(want.name);
    expect(got.shape).toEqual(want.shape);
    expect(got.dtype).toBe(want.dtype);
    expect(got.values.constructor).toBe(want.values.constructor);
    expect(bytes(got.values).equals(bytes(want.values))).toBe(true);
    if (want.dtype === 'uint8' || want.dtype === 'int8') {
      for (const key of ['scale', 'zeroPoint'] as const) {
        const value = want[key];
        if (typeof value === 'number') expect(got[key]).toBe(value);
        else {
          expect((got[key] as object).constructor).toBe(value.constructor);
          expect(bytes(got[key] as ArrayBufferView).equals(bytes(value))).toBe(true);
        }
      }
      expect(got.axis).toBe(want.axis);
    }
  });
}

const rows = Array.from({ length: 20 }, (_, i) => ({ x: i / 4 - 2, colour: i % 2 ? 'red' : 'c1' }));

describe('registry round trip of float16 and int8 models', () => {
  it.each(['float16', 'int8'] as const)(
    'saves and loads a %s model unchanged, and it predicts the same',
    async (dtype) => {
      const model = convertModel(fakeModel({}, 200, 5), dtype);
      expect(modelPrecision(model)).toBe(dtype);
      if (dtype === 'int8') {
        expect(model.weights[0]).toMatchObject({ axis: 1 });
        expect(model.weights[0]?.dtype === 'int8' && model.weights[0].scale).toBeInstanceOf(
          Float32Array,
        );
      }
      const registry = await freshRegistry();
      const saved = await registry.saveVersion(model);
      const loaded = await registry.loadVersion<TrainedModel>(saved.id);
      expectSameWeights(loaded.weights, model.weights);
      expect(loaded.bytes).toBe(model.bytes);
      expect(await predict(loaded, rows)).toEqual(await predict(model, rows));

      // And through a backup file into another registry.
      const target = await freshRegistry();
      await target.importBackup(await registry.exportBackup());
      const restored = await target.loadVersion<TrainedModel>(saved.id);
      expectSameWeights(restored.weights, model.weights);
    },
  );

  it('keeps per-tensor uint8 parameters and a mixed model', async () => {
    const uint8 = convertModel(fakeModel({}, 60, 9), 'uint8');
    const float16 = convertModel(fakeModel({}, 60, 9), 'float16');
    const weights = [uint8.weights[0]!, float16.weights[1]!, uint8.weights[2]!, uint8.weights[3]!];
    const bytes = weights.reduce((sum, w) => sum + w.values.byteLength, 0);
    const mixed: TrainedModel = { ...uint8, weights, bytes };
    expect(modelPrecision(mixed)).toBe('mixed');
    const registry = await freshRegistry();
    const saved = await registry.saveVersion(mixed);
    const loaded = await registry.loadVersion<TrainedModel>(saved.id);
    expectSameWeights(loaded.weights, mixed.weights);
  });
});
