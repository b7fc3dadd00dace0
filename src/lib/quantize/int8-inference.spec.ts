/**
 * The int8 kernel against the ONNX operator definitions (docs/Operators.md: QuantizeLinear
 * "rounds to the nearest even" and saturates int8 to [-128, 127]; DequantizeLinear of int32
 * has zero point 0) and against a plain integer implementation written here with BigInt.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { predictWithoutTfjs } from '../train/forward-pass';
import { predict } from '../train/predict';
import type { Int32Weight, Int8Weight, TrainedModel } from '../train/types';
import { int8Layers, quantizeLinear, runInt8Dense } from './int8-inference';
import { quantizeModel } from './quantize-model';
import { trainedOn } from './test-models';
import type { QuantizedModel } from './types';

/** Round half to even written differently from the kernel's: via the nearest even integer. */
function referenceRound(value: number): number {
  const floor = Math.floor(value);
  if (value - floor !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** QuantizeLinear(x, s, zp) to int8, straight from the formula, as a BigInt. */
function referenceQuantize(x: number, scale: number, zeroPoint: number): bigint {
  const q = referenceRound(Math.fround(Math.fround(x) / scale)) + zeroPoint;
  return BigInt(Math.max(-128, Math.min(127, q)));
}

/** One layer in plain nested loops over BigInt: acc = sum (x_q - zp) w_q + b; y = f32(acc) s_b. */
function referenceLayer(
  kernel: Int8Weight,
  bias: Int32Weight,
  range: { scale: number; zeroPoint: number },
  x: Float32Array,
): Float32Array {
  const [inputs = 0, units = 0] = kernel.shape;
  const y = new Float32Array(units);
  for (let c = 0; c < units; c++) {
    let acc = BigInt(bias.values[c] ?? 0);
    for (let i = 0; i < inputs; i++) {
      const xq = referenceQuantize(x[i] ?? 0, range.scale, range.zeroPoint);
      acc += (xq - BigInt(range.zeroPoint)) * BigInt(kernel.values[i * units + c] ?? 0);
    }
    expect(acc).toBeLessThan(2n ** 31n);
    // The bias scale is derived (not stored): float32(s_x * s_w[c]), computed here directly.
    expect(bias.scaleFrom).toBeDefined();
    const scale = Math.fround(range.scale * ((kernel.scale as Float32Array)[c] ?? NaN));
    y[c] = Math.fround(Number(acc)) * scale;
  }
  return y;
}

describe('quantizeLinear (ONNX QuantizeLinear to int8)', () => {
  it.each([
    [2.5, 2],
    [3.5, 4],
    [-2.5, -2],
    [-3.5, -4],
    [0.5, 0],
    [1.5, 2],
    [-0.5, 0],
    [2.4999998, 2],
    [126.5, 126],
  ])('rounds %d half to even: %d', (x, want) => {
    expect(quantizeLinear(x, 1, 0)).toBe(want);
  });

  it('rounds the float32 quotient, not the double one', () => {
    // 0.3 / 0.1 is 2.9999999999999996 in double; in float32 it is exactly 3.
    expect(quantizeLinear(0.3, Math.fround(0.1), 0)).toBe(3);
  });

  it.each([
    [1000, 0, 127],
    [-1000, 0, -128],
    [1, 127, 127],
    [-1, -128, -128],
    [127.5, 0, 127],
    [-128.5, 0, -128],
    [Infinity, 0, 127],
    [-Infinity, 5, -128],
  ])('saturates %d with zero point %d to %d', (x, zeroPoint, want) => {
    expect(quantizeLinear(x, 1, zeroPoint)).toBe(want);
  });

  it('adds the zero point after rounding', () => {
    expect(quantizeLinear(2.5, 1, 3)).toBe(5);
    expect(quantizeLinear(0, 0.25, -128)).toBe(-128);
  });

  it('keeps NaN as NaN', () => {
    expect(quantizeLinear(NaN, 1, 0)).toBeNaN();
  });
});

describe('int8 integer inference', () => {
  let iris: { table: Table; model: TrainedModel };
  let model: QuantizedModel;

  beforeAll(async () => {
    iris = await trainedOn('iris', { hidden: [16, 8] });
    model = await quantizeModel(iris.model, { scheme: 'int8', calibration: iris.table });
  });

  it('quantizes every layer of iris and routes it to the integer kernel', () => {
    expect(model.quantization.keptLayers).toEqual([]);
    expect(model.quantization.kernels).toBe('cpu');
    expect(int8Layers(model)?.every((layer) => layer !== null)).toBe(true);
  });

  it('equals a plain BigInt implementation layer by layer, bit for bit', () => {
    const layers = int8Layers(model) ?? [];
    const rows = Array.from({ length: iris.table.rowCount }, (_, i) => i);
    let input = transformRows(model.preprocessing, iris.table, rows);
    // Far outside the calibrated range too: saturation is part of the arithmetic.
    input = Float32Array.from(input, (x, i) => (i % 37 === 0 ? x * 1e3 : x));
    for (const [index, layer] of layers.entries()) {
      if (!layer) throw new Error('a kept layer');
      const output = new Float32Array(rows.length * layer.units);
      runInt8Dense(layer, input, rows.length, output);
      const kernel = model.weights[2 * index] as Int8Weight;
      const bias = model.weights[2 * index + 1] as Int32Weight;
      const range = model.quantization.activations?.[index];
      if (!range) throw new Error('no range');
      for (let row = 0; row < rows.length; row++) {
        const x = input.subarray(row * layer.inputs, (row + 1) * layer.inputs);
        const want = referenceLayer(kernel, bias, range, x);
        expect(output.subarray(row * layer.units, (row + 1) * layer.units)).toEqual(want);
      }
      // relu, as the hidden layers apply it.
      input = output.map((v) => (v < 0 ? 0 : v));
    }
  });

  it('predicts the same with predict and predictWithoutTfjs, unlike the float parent', async () => {
    const withoutTfjs = await predictWithoutTfjs(model, iris.table);
    expect(await predict(model, iris.table)).toEqual(withoutTfjs);
    const parent = await predictWithoutTfjs(iris.model, iris.table);
    expect(withoutTfjs).not.toEqual(parent);
    const agree = withoutTfjs.filter(
      (p, i) => 'label' in p && 'label' in parent[i]! && p.label === parent[i].label,
    );
    expect(agree.length).toBeGreaterThanOrEqual(iris.table.rowCount - 3);
  });
});
