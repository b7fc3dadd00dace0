import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Float32Weight, Int8Weight, Uint8Weight } from '../train/types';
import {
  dequantizeWeight,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  modelPrecision,
  modelWeightBytes,
  toFloat16Weight,
  weightBytes,
  weightPrecision,
} from './weight-dtypes';

/**
 * IEEE 754-2008 binary16 examples, as listed in Wikipedia's "Half-precision floating-point
 * format" (section "Half precision examples"); every one is exact in float32.
 */
const HALF_EXAMPLES: [number, number][] = [
  [0x0000, 0],
  [0x0001, 2 ** -24], // smallest positive subnormal, about 5.96e-8
  [0x03ff, 1023 * 2 ** -24], // largest subnormal, about 6.098e-5
  [0x0400, 2 ** -14], // smallest positive normal, about 6.104e-5
  [0x3555, 0.333251953125], // nearest to 1/3
  [0x3bff, 0.99951171875], // largest below one
  [0x3c00, 1],
  [0x3c01, 1.0009765625], // smallest above one
  [0x7bff, 65504], // largest normal
  [0x7c00, Infinity],
  [0x8000, -0],
  [0xc000, -2],
  [0xfc00, -Infinity],
];

describe('float16 bit patterns (IEEE 754 binary16)', () => {
  it.each(HALF_EXAMPLES)('0x%s decodes and encodes as the standard lists', (bits, value) => {
    expect(Object.is(float16BitsToFloat32(bits), value)).toBe(true);
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('decodes NaN patterns to NaN and keeps NaN a quiet NaN when encoding', () => {
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
    expect(float16BitsToFloat32(0x7c01)).toBeNaN();
    expect(float16BitsToFloat32(0xfe00)).toBeNaN();
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });

  it('rounds to nearest, ties to even (IEEE 754 roundTiesToEven)', () => {
    // Half ulp at 1 is 2^-10: 1 + 2^-11 lies halfway between 0x3C00 (even) and 0x3C01.
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // 65520 is halfway between 65504 (0x7BFF, odd) and 65536 (infinity): it rounds up.
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-1e6)).toBe(0xfc00);
    // Subnormals: 2^-25 is halfway between 0 and 2^-24 and goes to zero (even); 3 x 2^-25 to 2.
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000);
    expect(float32ToFloat16Bits(-(2 ** -25))).toBe(0x8000);
    expect(float32ToFloat16Bits(2 ** -25 + 2 ** -40)).toBe(0x0001);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    // The largest subnormal rounds up into the smallest normal.
    expect(float32ToFloat16Bits(1023.5 * 2 ** -24)).toBe(0x0400);
    // float32 subnormals and tiny normals are far below half's range.
    expect(float32ToFloat16Bits(1e-40)).toBe(0x0000);
    expect(float32ToFloat16Bits(-1e-30)).toBe(0x8000);
  });

  it('round-trips every finite half exactly (all 63,488 patterns)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      expect(float32ToFloat16Bits(float16BitsToFloat32(bits))).toBe(bits);
    }
  });

  /** An independent reference: the nearest multiple of the half ulp at |x|, ties to even. */
  function referenceHalf(x: number): number {
    const magnitude = Math.abs(x);
    if (magnitude >= 65520) return x < 0 ? -Infinity : Infinity;
    let exponent = -14;
    while (exponent < 15 && 2 ** (exponent + 1) <= magnitude) exponent++;
    const ulp = 2 ** (exponent - 10);
    const units = magnitude / ulp;
    let rounded = Math.floor(units);
    const rest = units - rounded;
    if (rest > 0.5 || (rest === 0.5 && rounded % 2 === 1)) rounded++;
    const value = rounded * ulp;
    return x < 0 || Object.is(x, -0) ? -value : value;
  }

  it('encodes any float32 to the nearest half (property, against a reference)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), (x) => {
        const got = float16BitsToFloat32(float32ToFloat16Bits(x));
        expect(Object.is(got, referenceHalf(x))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // Values near half's range, where the generator above rarely goes.
    fc.assert(
      fc.property(fc.float({ min: -70_000, max: 70_000, noNaN: true }), (x) => {
        expect(Object.is(float16BitsToFloat32(float32ToFloat16Bits(x)), referenceHalf(x))).toBe(
          true,
        );
      }),
      { numRuns: 20_000 },
    );
  });
});

const kernel = (values: number[], shape: number[]): Float32Weight => ({
  name: 'dense_0/kernel',
  shape,
  values: Float32Array.from(values),
});

describe('dequantizeWeight', () => {
  it('copies float32 values, with or without a dtype', () => {
    const weight = kernel([1.5, -2], [2]);
    const out = dequantizeWeight(weight);
    expect(Array.from(out)).toEqual([1.5, -2]);
    expect(out).not.toBe(weight.values);
    expect(Array.from(dequantizeWeight({ ...weight, dtype: 'float32' }))).toEqual([1.5, -2]);
  });

  it('decodes float16 bit patterns exactly', () => {
    const weight = toFloat16Weight(kernel([1, -2, 65504, 2 ** -24, 0.333251953125], [5]));
    expect(Array.from(weight.values)).toEqual([0x3c00, 0xc000, 0x7bff, 0x0001, 0x3555]);
    expect(Array.from(dequantizeWeight(weight))).toEqual([1, -2, 65504, 2 ** -24, 0.333251953125]);
  });

  it('reads uint8 codes per tensor as scale x (code - zeroPoint)', () => {
    const weight: Uint8Weight = {
      name: 'dense_0/kernel',
      shape: [3],
      dtype: 'uint8',
      values: Uint8Array.from([0, 128, 255]),
      scale: 0.5,
      zeroPoint: 128,
    };
    expect(Array.from(dequantizeWeight(weight))).toEqual([-64, 0, 63.5]);
  });

  it('reads int8 codes per output channel (the last axis)', () => {
    const weight: Int8Weight = {
      name: 'dense_0/kernel',
      shape: [2, 3],
      dtype: 'int8',
      values: Int8Array.from([1, 2, 3, -128, 127, 0]),
      scale: Float32Array.from([1, 0.5, 0.25]),
      zeroPoint: Int8Array.from([0, -1, 2]),
      axis: 1,
    };
    // Row 0: 1 x 1, 0.5 x 3, 0.25 x 1; row 1: 1 x -128, 0.5 x 128, 0.25 x -2.
    expect(Array.from(dequantizeWeight(weight))).toEqual([1, 1.5, 0.25, -128, 64, -0.5]);
    // Codes 6, scales 3 x 4, zero points 3.
    expect(weightBytes(weight)).toBe(6 + 12 + 3);
  });
});

describe('precision and bytes', () => {
  const f32 = kernel([1, 2, 3, 4], [2, 2]);
  const f16 = toFloat16Weight(f32);
  const u8: Uint8Weight = {
    name: 'dense_0/bias',
    shape: [2],
    dtype: 'uint8',
    values: new Uint8Array(2),
    scale: 1,
    zeroPoint: 0,
  };

  it('names one dtype per tensor, float32 when there is none', () => {
    expect(weightPrecision(f32)).toBe('float32');
    expect(weightPrecision(f16)).toBe('float16');
    expect(weightPrecision(u8)).toBe('uint8');
  });

  it("names a model's precision, or 'mixed'", () => {
    expect(modelPrecision({ weights: [f32, { ...f32, dtype: 'float32' }] })).toBe('float32');
    expect(modelPrecision({ weights: [f16, f16] })).toBe('float16');
    expect(modelPrecision({ weights: [f32, u8] })).toBe('mixed');
    expect(modelPrecision({ weights: [] })).toBe('float32');
  });

  it('counts the bytes each form stores', () => {
    expect(weightBytes(f32)).toBe(16);
    expect(weightBytes(f16)).toBe(8);
    expect(weightBytes(u8)).toBe(2);
    expect(modelWeightBytes([f32, f16, u8])).toBe(26);
  });
});
