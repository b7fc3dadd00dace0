/**
 * The `quantization` record of a model is validated as strictly as the rest of it, and the
 * scheme registry hands quantizeModel whatever scheme is registered under a name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { validateModel } from '../model/formats';
import type { TrainedModel } from '../train/types';
import { quantizeModel } from './quantize-model';
import {
  getQuantizationScheme,
  quantizationSchemes,
  registerQuantizationScheme,
} from './scheme-registry';
import { trainedOn, withDeadOutlier } from './test-models';
import type { QuantizedModel } from './types';

let iris: { table: Table; model: TrainedModel };
let mixed: QuantizedModel;

beforeAll(async () => {
  iris = await trainedOn('iris', { hidden: [8], epochs: 20 });
  mixed = await quantizeModel(withDeadOutlier(iris.model, 1e4), {
    scheme: 'uint8',
    calibration: iris.table,
  });
});

const invalid = expect.objectContaining({ code: 'invalid_model' }) as unknown as Error;

describe('the quantization field', () => {
  it('accepts what quantizeModel writes', () => {
    expect(mixed.quantization.keptLayers).toEqual(['dense_0']);
    expect(() => validateModel(mixed)).not.toThrow();
  });

  it.each([
    ['an unknown field', { extra: 1 }],
    ['an unknown scheme', { scheme: 'int4' }],
    ['an unknown method', { method: 'mse' }],
    ['fractional parent bytes', { parentBytes: 1.5 }],
    ['unknown kernels', { kernels: 'wasm' }],
    ['a layer the model lacks', { keptLayers: ['dense_0', 'dense_7'] }],
    ['a layer named twice', { keptLayers: ['dense_0', 'dense_0'] }],
    ['a name that is not a layer', { keptLayers: ['dense_0/kernel'] }],
    ['a kept layer whose weights are quantized', { keptLayers: ['dense_0', 'dense_1'] }],
  ])('refuses %s', (_, change) => {
    const model = { ...mixed, quantization: { ...mixed.quantization, ...change } };
    expect(() => validateModel(model)).toThrow(invalid);
  });
});

describe('the scheme registry', () => {
  it('holds the built-in schemes', () => {
    expect(quantizationSchemes().map((s) => s.scheme)).toEqual(
      expect.arrayContaining(['float16', 'uint8']),
    );
  });

  it('gives quantizeModel the scheme registered under a name', async () => {
    const builtIn = getQuantizationScheme('float16');
    if (!builtIn) throw new Error('float16 is not registered');
    let calls = 0;
    registerQuantizationScheme({
      ...builtIn,
      quantizeWeight: (weight, options) => {
        calls++;
        return builtIn.quantizeWeight(weight, options);
      },
    });
    try {
      await quantizeModel(iris.model, { scheme: 'float16', calibration: iris.table });
      expect(calls).toBe(iris.model.weights.length);
    } finally {
      registerQuantizationScheme(builtIn);
    }
  });
});
