/**
 * The int8 scheme: symmetric per-channel weights, int32 biases, calibrated activations, sizes
 * and accuracy on the shared datasets, the guard with kept layers, and strict validation.
 */
import { describe, expect, it } from 'vitest';
import { validateModel } from '../model/formats';
import { withStoredInt8Scales } from '../model/test-weights';
import { dequantizeWeight, dequantizeWeightIn, int32BiasScales } from '../model/weight-dtypes';
import type { Float32Weight, TrainedModel } from '../train/types';
import { predictWithoutTfjs } from '../train/forward-pass';
import { predict } from '../train/predict';
import { percentileOf } from './int8-calibrate';
import { activationRange, int32Bias, int8PerChannel } from './int8-codes';
import { quantizeModel } from './quantize-model';
import { editWeight, trainedOn, type Dataset } from './test-models';
import type { QuantizedModel } from './types';

const kernel = (values: number[], shape: number[]): Float32Weight => ({
  name: 'dense_0/kernel',
  shape,
  values: Float32Array.from(values),
});

describe('int8 codes', () => {
  it('quantizes weights symmetrically per output channel (axis 1)', () => {
    const q = int8PerChannel(kernel([1, -0.5, -2, 0.25], [2, 2]));
    expect(q.axis).toBe(1);
    expect([...(q.scale as Float32Array)]).toEqual([Math.fround(2 / 127), Math.fround(0.5 / 127)]);
    expect([...q.values]).toEqual([64, -127, -127, 64]);
    // One shared zero point, stored as a number: no int8 array of zeros per channel.
    expect(q.zeroPoint).toBe(0);
  });

  it('gives an all-zero channel scale 1 and codes 0, without NaN', () => {
    const q = int8PerChannel(kernel([0, 3, 0, -3], [2, 2]));
    expect([...(q.scale as Float32Array)]).toEqual([1, Math.fround(3 / 127)]);
    expect([...q.values]).toEqual([0, 127, 0, -127]);
    const bias = int32Bias(
      { name: 'dense_0/bias', shape: [2], values: Float32Array.from([0, 1]) },
      0.5,
      q.scale as Float32Array,
    );
    expect([...bias.values]).toEqual([0, Math.round(1 / Math.fround(0.5 * (3 / 127)))]);
    // The scale is derived from the layer, not stored.
    expect(bias.scale).toBeUndefined();
    expect(bias.scaleFrom).toEqual({ input: 'dense_0', kernel: 'dense_0/kernel' });
    const context = {
      weights: [q, bias],
      quantization: { activations: [{ layer: 'dense_0', scale: 0.5 }] },
    };
    expect(int32BiasScales(context, bias)).toEqual(
      Float32Array.from([0.5, 0.5 * Math.fround(3 / 127)]),
    );
    expect(dequantizeWeightIn(context, bias)).toEqual(
      Float32Array.from([0, Math.fround(bias.values[1] ?? 0) * Math.fround(0.5 * (3 / 127))]),
    );
    expect(() => dequantizeWeight(bias)).toThrow(/dequantizeWeightIn/);
    expect(() => dequantizeWeightIn({ weights: [q, bias] }, bias)).toThrow(/lacks/);
  });

  it('refuses NaN weights', () => {
    expect(() => int8PerChannel(kernel([NaN, 1], [1, 2]))).toThrow(/not a finite number/);
  });

  it('keeps zero exactly representable in activation ranges', () => {
    const relu = activationRange('dense_1', 0, 10);
    expect(relu.zeroPoint).toBe(-128);
    expect(relu.scale).toBe(Math.fround(10 / 255));
    const wide = activationRange('dense_0', -3, 1);
    expect(wide.zeroPoint).toBe(Math.round(-128 + 3 / wide.scale));
    expect(wide.zeroPoint).toBeGreaterThanOrEqual(-128);
    // A range without zero is widened to reach it; a constant zero input gets scale 1.
    expect(activationRange('dense_0', 2, 5).zeroPoint).toBe(-128);
    expect(activationRange('dense_0', 0, 0)).toEqual({ layer: 'dense_0', scale: 1, zeroPoint: 0 });
  });

  it('takes percentiles as numpy does (linear interpolation)', () => {
    const sorted = Float32Array.from({ length: 101 }, (_, i) => i);
    expect(percentileOf(sorted, 50)).toBe(50);
    expect(percentileOf(sorted, 99.99)).toBeCloseTo(99.99, 5);
    expect(percentileOf(sorted, 0.01)).toBeCloseTo(0.01, 5);
  });
});

const ratio = (model: QuantizedModel) => model.bytes / model.quantization.parentBytes;

function accuracyDrop(parent: TrainedModel, child: TrainedModel): number {
  if (parent.task === 'regression') {
    return (
      ((child.metrics.test.rmse ?? NaN) - (parent.metrics.test.rmse ?? NaN)) /
      (parent.metrics.test.rmse ?? NaN)
    );
  }
  return (parent.metrics.test.accuracy ?? NaN) - (child.metrics.test.accuracy ?? NaN);
}

/**
 * Measured ratios against the goals (0.30x default, 0.27x for 10k+ parameters): every
 * output channel stores a float32 weight scale and every bias is int32 (4 bytes, as float32);
 * zero points (one shared 0) and bias scales (derived) store nothing. On the 515-parameter
 * iris model that overhead alone rules out 0.30x.
 */
describe('int8 on the shared datasets', () => {
  it.each<[Dataset, number[] | undefined, number]>([
    // Measured 0.478 and 0.349: above the 0.30x goal (see above).
    ['iris', undefined, 0.48],
    ['cars', undefined, 0.35],
    // Measured 0.2633 and 0.2628: the goal for 10,000 parameters or more.
    ['iris', [256, 256], 0.27],
    ['cars', [256, 256], 0.27],
  ])(
    '%s %j: within the guard and its size goal',
    async (dataset, hidden, maxRatio) => {
      const { table, model } = await trainedOn(dataset, hidden ? { hidden } : {});
      for (const method of ['minmax', 'percentile'] as const) {
        const q = await quantizeModel(model, { scheme: 'int8', calibration: table, method });
        validateModel(q);
        console.info(
          `int8 ${dataset} ${hidden ? hidden.join('-') : 'default'} ${method}: ratio ${ratio(q).toFixed(4)} (${q.bytes}/${q.quantization.parentBytes}), test delta ${accuracyDrop(model, q).toFixed(4)}, validation ${JSON.stringify(model.metrics.validation?.accuracy ?? model.metrics.validation?.rmse)} -> ${JSON.stringify(q.metrics.validation?.accuracy ?? q.metrics.validation?.rmse)}, kept ${q.quantization.keptLayers.join(',') || 'none'}`,
        );
        expect(ratio(q)).toBeLessThanOrEqual(maxRatio);
      }
    },
    120_000,
  );
});

describe('the guard with int8', () => {
  it('keeps a layer whose input range an outlier stretches in float32', async () => {
    const { table, model } = await trainedOn('iris', { hidden: [16] });
    // Hidden unit 0 always outputs about 1e4 but reaches no output: dense_1's input range
    // becomes [0, 1e4] and every other hidden activation rounds to zero at int8.
    let edited = editWeight(model, 'dense_0/bias', (values) => {
      values[0] = 1e4;
    });
    edited = editWeight(edited, 'dense_1/kernel', (values) => {
      values.fill(0, 0, model.architecture.outputUnits);
    });
    const q = await quantizeModel(edited, { scheme: 'int8', calibration: table });
    expect(q.quantization.keptLayers).toEqual(['dense_1']);
    expect(q.quantization.activations?.map((a) => a.layer)).toEqual(['dense_0']);
    expect(q.weights[0]?.dtype).toBe('int8');
    expect(q.weights[1]?.dtype).toBe('int32');
    expect(q.weights[2]?.dtype).toBeUndefined();
    expect(await predict(q, table)).toEqual(await predictWithoutTfjs(q, table));
    expect(
      (edited.metrics.validation?.accuracy ?? 0) - (q.metrics.validation?.accuracy ?? 0),
    ).toBeLessThanOrEqual(Math.max(0.005, 1 / (q.metrics.validation?.rowCount ?? 1)) + 1e-12);
  }, 60_000);
});

describe('validation of int8 models', () => {
  it('refuses records and weights that disagree', async () => {
    const { table, model } = await trainedOn('iris', { hidden: [8] });
    const q = await quantizeModel(model, { scheme: 'int8', calibration: table });
    const refuse = (edit: (copy: QuantizedModel) => void) => {
      const copy = structuredClone(q);
      edit(copy);
      return () => validateModel(copy);
    };
    expect(refuse(() => {})).not.toThrow();
    expect(refuse((c) => delete c.quantization.activations)).toThrow(/activation ranges/);
    expect(refuse((c) => c.quantization.activations?.pop())).toThrow(/exactly when/);
    expect(
      refuse((c) => {
        const range = c.quantization.activations?.[0];
        if (range) range.scale = 0.1;
      }),
    ).toThrow(/float32 value/);
    expect(
      refuse((c) => {
        const bias = c.weights[1];
        if (bias?.dtype === 'int32' && bias.scaleFrom) {
          bias.scaleFrom = { input: 'dense_1', kernel: 'dense_1/kernel' };
        }
      }),
    ).toThrow(/its own layer/);
    expect(
      refuse((c) => {
        const bias = c.weights[1];
        if (bias?.dtype === 'int32') (bias as { scale?: number }).scale = 0.5;
      }),
    ).toThrow(/either stored or derived/);
    expect(
      refuse((c) => {
        // Stored bias scales (models saved before) must still equal s_x * s_w[c].
        Object.assign(c, withStoredInt8Scales(c));
        const range = c.quantization.activations?.[0];
        if (range) range.scale = Math.fround(range.scale * 2);
      }),
    ).toThrow(/bias scale/);
    expect(
      refuse((c) => {
        const range = c.quantization.activations?.[0];
        if (range) range.zeroPoint = 128;
      }),
    ).toThrow();
    expect(
      refuse((c) => {
        const bias = c.weights[1];
        if (bias?.dtype === 'int32') bias.values[0] = 2 ** 31 - 1;
      }),
    ).toThrow(/overflow/);
    expect(
      refuse((c) => {
        const kernel = c.weights[0];
        if (kernel?.dtype === 'int8') kernel.zeroPoint = 1;
      }),
    ).toThrow(/symmetric/);
    expect(
      refuse((c) => {
        Object.assign(c, withStoredInt8Scales(c));
        const kernel = c.weights[0];
        if (kernel?.dtype === 'int8' && typeof kernel.zeroPoint !== 'number') {
          kernel.zeroPoint[0] = 1;
        }
      }),
    ).toThrow(/symmetric/);
    // Only an int8 model has the activation ranges a derived bias scale comes from.
    expect(
      refuse((c) => {
        delete (c as Partial<QuantizedModel>).quantization;
      }),
    ).toThrow(/derives its bias scale/);
    expect(
      refuse((c) => {
        c.quantization.scheme = 'uint8';
      }),
    ).toThrow(/no activation ranges/);
    expect(
      refuse((c) => {
        const bias = c.weights[1];
        if (bias?.dtype === 'int32') (bias as { zeroPoint: number }).zeroPoint = 1;
      }),
    ).toThrow();
  }, 60_000);

  it('still reads the stored form saved before (zero point and bias scale arrays)', async () => {
    const { table, model } = await trainedOn('iris', { hidden: [8] });
    const q = await quantizeModel(model, { scheme: 'int8', calibration: table });
    const before = withStoredInt8Scales(q);
    expect(() => validateModel(before)).not.toThrow();
    const kernels = q.weights.filter((w) => w.dtype === 'int8');
    const biases = q.weights.filter((w) => w.dtype === 'int32');
    // What the slim form no longer stores: one int8 zero point and one float32 scale a channel.
    const channels = biases.reduce((sum, bias) => sum + bias.values.length, 0);
    expect(kernels.every((k) => k.zeroPoint === 0)).toBe(true);
    expect(before.bytes - q.bytes).toBe(5 * channels);
    expect(await predictWithoutTfjs(before, table)).toEqual(await predictWithoutTfjs(q, table));
    expect(await predict(before, table)).toEqual(await predict(q, table));
  }, 60_000);
});
