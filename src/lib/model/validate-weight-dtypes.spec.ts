import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../errors';
import { fakeModel } from '../registry/fake-model';
import type { Int8Weight, SplitDescriptor, TrainedModel, WeightTensor } from '../train/types';
import { validateModel } from './formats';
import { convertModel } from './test-weights';
import { dequantizeWeight, modelWeightBytes, weightBytes } from './weight-dtypes';

/** fakeModel's layers: kernel [3, 2], bias [2], kernel [2, 1], bias [1]. */
const base = fakeModel();

function withWeight(model: TrainedModel, index: number, weight: unknown): TrainedModel {
  const weights = [...model.weights];
  weights[index] = weight as WeightTensor;
  return { ...model, weights, bytes: modelWeightBytes(weights) };
}

function refusal(value: unknown): WorkbenchError {
  try {
    validateModel(value);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('invalid_model');
    return error as WorkbenchError;
  }
  throw new Error('the model was accepted');
}

describe('validateModel on every weight dtype', () => {
  it('accepts float32 weights stored without a dtype (older records) or with one', () => {
    expect(base.weights.every((w) => !('dtype' in w))).toBe(true);
    expect(() => validateModel(base)).not.toThrow();
    const tagged = base.weights.map((w) => ({ ...w, dtype: 'float32' as const }));
    expect(() => validateModel({ ...base, weights: tagged })).not.toThrow();
  });

  it.each(['float16', 'uint8', 'int8'] as const)('accepts a %s model', (dtype) => {
    const model = convertModel(base, dtype);
    expect(model.weights.every((w) => w.dtype === dtype)).toBe(true);
    expect(() => validateModel(model)).not.toThrow();
  });

  it('accepts per-channel int8 scales with one shared zero point, stored smaller', () => {
    const i8 = convertModel(base, 'int8');
    const kernel = i8.weights[0] as Int8Weight;
    const shared: Int8Weight = { ...kernel, zeroPoint: 0 };
    const model = withWeight(i8, 0, shared);
    expect(() => validateModel(model)).not.toThrow();
    expect(dequantizeWeight(shared)).toEqual(dequantizeWeight(kernel));
    expect(weightBytes(kernel) - weightBytes(shared)).toBe((kernel.scale as Float32Array).length);
    // A shared zero point other than 0 applies to every channel.
    const shifted: Int8Weight = { ...kernel, zeroPoint: 1 };
    const scales = kernel.scale as Float32Array;
    expect(dequantizeWeight(shifted)).toEqual(
      Float32Array.from(kernel.values, (code, i) => (scales[i % scales.length] ?? 0) * (code - 1)),
    );
  });

  it('accepts a model whose tensors have different dtypes', () => {
    const int8 = convertModel(base, 'int8');
    const model = withWeight(convertModel(base, 'float16'), 2, int8.weights[2]);
    expect(() => validateModel(model)).not.toThrow();
  });

  it('refuses a model whose bytes are not what its dtypes store', () => {
    const model = convertModel(base, 'float16');
    const error = refusal({ ...model, bytes: base.bytes });
    expect(error.details.path).toBe('bytes');
  });
});

describe('validateModel refuses malformed dtypes', () => {
  const f16 = convertModel(base, 'float16');
  const u8 = convertModel(base, 'uint8');
  const i8 = convertModel(base, 'int8');
  const f16Kernel = f16.weights[0]!;
  const u8Kernel = u8.weights[0]!;
  const i8Kernel = i8.weights[0]!;
  const i32Bias = {
    name: 'dense_0/bias',
    shape: [2],
    dtype: 'int32',
    values: new Int32Array(2),
    zeroPoint: 0,
  };
  const scaleFrom = { input: 'dense_0', kernel: 'dense_0/kernel' };

  const cases: [string, TrainedModel, string][] = [
    [
      'an unknown dtype',
      withWeight(base, 0, { ...base.weights[0], dtype: 'bfloat16' }),
      'weights.0.dtype',
    ],
    [
      'float16 held in a Float32Array',
      withWeight(base, 0, { ...base.weights[0], dtype: 'float16' }),
      'weights.0.values',
    ],
    [
      'an infinite float16',
      withWeight(f16, 0, { ...f16Kernel, values: Uint16Array.from([0x3c00, 0x7c00, 0, 0, 0, 0]) }),
      'weights[0]',
    ],
    [
      'a NaN float16',
      withWeight(f16, 1, { ...f16.weights[1], values: Uint16Array.from([0x7e00, 0]) }),
      'weights[1]',
    ],
    ['float16 with a scale', withWeight(f16, 0, { ...f16Kernel, scale: 1 }), 'weights.0.scale'],
    [
      'uint8 codes held in an Int8Array',
      withWeight(u8, 0, { ...u8Kernel, values: new Int8Array(6) }),
      'weights.0.values',
    ],
    [
      'int8 codes held in a Uint8Array',
      withWeight(i8, 0, { ...i8Kernel, values: new Uint8Array(6) }),
      'weights.0.values',
    ],
    [
      'too few codes for the shape',
      withWeight(u8, 0, { ...u8Kernel, values: new Uint8Array(5) }),
      'weights[0]',
    ],
    ['a zero scale', withWeight(u8, 0, { ...u8Kernel, scale: 0 }), 'weights.0.scale'],
    ['a negative scale', withWeight(u8, 0, { ...u8Kernel, scale: -0.1 }), 'weights.0.scale'],
    ['a NaN scale', withWeight(u8, 0, { ...u8Kernel, scale: NaN }), 'weights.0.scale'],
    ['an infinite scale', withWeight(u8, 0, { ...u8Kernel, scale: Infinity }), 'weights.0.scale'],
    [
      'a scale that overflows float32',
      withWeight(u8, 0, { ...u8Kernel, scale: 1e37 }),
      'weights[0].scale',
    ],
    [
      'a uint8 zero point of 256',
      withWeight(u8, 0, { ...u8Kernel, zeroPoint: 256 }),
      'weights.0.zeroPoint',
    ],
    [
      'a uint8 zero point of -1',
      withWeight(u8, 0, { ...u8Kernel, zeroPoint: -1 }),
      'weights.0.zeroPoint',
    ],
    [
      'a fractional zero point',
      withWeight(u8, 0, { ...u8Kernel, zeroPoint: 1.5 }),
      'weights.0.zeroPoint',
    ],
    ['a per-tensor scale with an axis', withWeight(u8, 0, { ...u8Kernel, axis: 1 }), 'weights[0]'],
    [
      'a shared int8 zero point of 128',
      withWeight(i8, 0, { ...i8Kernel, zeroPoint: 128 }),
      'weights.0.zeroPoint',
    ],
    [
      'a fractional shared zero point',
      withWeight(i8, 0, { ...i8Kernel, zeroPoint: 0.5 }),
      'weights.0.zeroPoint',
    ],
    [
      'a per-tensor scale with per-channel zero points',
      withWeight(u8, 0, { ...u8Kernel, zeroPoint: new Uint8Array(2) }),
      'weights[0]',
    ],
    [
      'a derived int32 bias scale outside an int8 model',
      withWeight(base, 1, { ...i32Bias, scaleFrom }),
      'weights[1].scaleFrom',
    ],
    [
      'an int32 bias scale both stored and derived',
      withWeight(base, 1, { ...i32Bias, scale: 0.5, scaleFrom }),
      'weights[1]',
    ],
    [
      'a derived int32 bias scale with an axis',
      withWeight(base, 1, { ...i32Bias, axis: 0, scaleFrom }),
      'weights[1]',
    ],
    ['an int32 bias without a scale', withWeight(base, 1, i32Bias), 'weights[1]'],
    [
      'a derived int32 bias scale naming something else',
      withWeight(base, 1, { ...i32Bias, scaleFrom: { ...scaleFrom, other: 1 } }),
      'weights.1.scaleFrom.other',
    ],
    [
      'per-channel parameters without an axis',
      withWeight(i8, 0, { ...i8Kernel, axis: undefined }),
      'weights[0].axis',
    ],
    [
      'per-channel parameters along the inputs',
      withWeight(i8, 0, { ...i8Kernel, axis: 0 }),
      'weights[0].axis',
    ],
    [
      'one scale too many',
      withWeight(i8, 0, { ...i8Kernel, scale: new Float32Array(3).fill(1) }),
      'weights[0]',
    ],
    [
      'zero points of the wrong type',
      withWeight(i8, 0, { ...i8Kernel, zeroPoint: new Uint8Array(2) }),
      'weights.0.zeroPoint',
    ],
    [
      'scales as a Float64Array',
      withWeight(i8, 0, { ...i8Kernel, scale: new Float64Array(2).fill(1) }),
      'weights.0.scale',
    ],
    [
      'a zero channel scale',
      withWeight(i8, 0, { ...i8Kernel, scale: Float32Array.from([1, 0]) }),
      'weights[0].scale[1]',
    ],
    [
      'a NaN channel scale',
      withWeight(i8, 0, { ...i8Kernel, scale: Float32Array.from([NaN, 1]) }),
      'weights[0].scale[0]',
    ],
  ];

  it.each(cases)('refuses %s', (_, model, path) => {
    const error = refusal(model);
    expect(error.details.path).toBe(path);
  });
});

describe('validateModel on split descriptors', () => {
  const split: SplitDescriptor = {
    method: 'stratified',
    seed: 1,
    fractions: { validation: 0.1, test: 0.2 },
    rowCount: 100,
    counts: { train: 72, validation: 8, test: 20 },
    fingerprint: 'a'.repeat(64),
  };

  it('accepts a model with or without one', () => {
    expect(() => validateModel({ ...base, split })).not.toThrow();
    expect(() => validateModel(base)).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['a random split of classes', { ...split, method: 'random' }, 'split.method'],
    ['more rows than the table', { ...split, rowCount: 99 }, 'split.counts'],
    [
      'a fingerprint that is not SHA-256 hex',
      { ...split, fingerprint: 'abc' },
      'split.fingerprint',
    ],
    [
      'a test fraction of 1',
      { ...split, fractions: { validation: 0.1, test: 1 } },
      'split.fractions.test',
    ],
    ['an unknown field', { ...split, shuffle: true }, 'split.shuffle'],
  ])('refuses %s', (_, value, path) => {
    expect(refusal({ ...base, split: value }).details.path).toBe(path);
  });
});
