/**
 * The float16 scheme against a reference conversion written here from the IEEE 754 rules
 * (binary16: 1 sign, 5 exponent bits biased by 15, 10 fraction bits; round to nearest, ties to
 * even; overflow past the largest finite half rounds to infinity). The reference works on the
 * value in float64, by scaling to units of the half's last place, unlike the bit twiddling of
 * `float32ToFloat16Bits`.
 */
import { describe, expect, it } from 'vitest';
import { float16BitsToFloat32 } from '../model/weight-dtypes';
import type { Float16Weight } from '../train/types';
import { float16Scheme } from './float16';

/** Nearest integer, halves to the even one. */
function roundEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** IEEE 754 binary16 bits of a finite float32 value, from the rules. */
function referenceHalf(value: number): number {
  const x = Math.fround(value);
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(x);
  // Below 2^-14 the spacing is 2^-24 (subnormals); in [2^e, 2^(e+1)) it is 2^(e-10).
  const exponent = magnitude < 2 ** -14 ? -14 : Math.floor(Math.log2(magnitude));
  const ulp = 2 ** (exponent - 10);
  const rounded = roundEven(magnitude / ulp) * ulp;
  // 65520 = 65504 + half an ulp: a tie, rounded to the even "65536", which is infinity.
  if (rounded >= 65536) return sign | 0x7c00;
  if (rounded < 2 ** -14) return sign | (rounded / 2 ** -24);
  const e = Math.floor(Math.log2(rounded));
  return sign | ((e + 15) << 10) | (rounded / 2 ** (e - 10) - 1024);
}

const EDGES = [
  0,
  -0,
  1,
  -1,
  2 ** -24, // smallest subnormal
  2 ** -25, // half of it: a tie, to even zero
  3 * 2 ** -26, // 1.5 x 2^-25: rounds up to 2^-24
  5 * 2 ** -25, // 2.5 x 2^-24: a tie, to even 2 x 2^-24
  1023 * 2 ** -24, // largest subnormal
  2 ** -14, // smallest normal
  2 ** -14 - 2 ** -25, // between the largest subnormal and the smallest normal: a tie, to even
  1 + 2 ** -11, // tie between 1 and 1 + 2^-10: to even 1
  1 + 3 * 2 ** -11, // tie: to even 1 + 2^-9
  1 + 2 ** -11 + 2 ** -20, // just above the tie: up
  65504, // largest finite half
  65519, // rounds down to 65504
  -65504,
  0.1,
  -1 / 3,
  Math.PI,
  1e-8, // below half the smallest subnormal: zero
  -1e-8, // negative zero
];

const tensor = (values: number[]) => ({
  name: 'dense_0/kernel',
  shape: [values.length],
  values: Float32Array.from(values),
});

function quantize(values: number[]): Uint16Array {
  const weight = float16Scheme.quantizeWeight(tensor(values), { method: 'minmax' });
  expect(weight.dtype).toBe('float16');
  return (weight as Float16Weight).values;
}

describe('float16 scheme', () => {
  it('matches the IEEE reference on edge values (subnormals, ties, the largest half)', () => {
    const bits = quantize(EDGES);
    EDGES.forEach((value, i) => {
      expect([value, bits[i]]).toEqual([value, referenceHalf(value)]);
    });
    // Spot checks of the reference itself, from the binary16 tables.
    expect(referenceHalf(65504)).toBe(0x7bff);
    expect(referenceHalf(2 ** -24)).toBe(0x0001);
    expect(referenceHalf(-0)).toBe(0x8000);
    expect(referenceHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('matches the reference on 20,000 values across the range, and decodes to within half an ulp', () => {
    let state = 7;
    const values = Array.from({ length: 20_000 }, () => {
      state = (state * 1103515245 + 12345) >>> 0;
      const exponent = (state % 44) - 26; // 2^-26 to 2^17: zero, subnormal, normal, overflow
      return (state / 2 ** 32 - 0.5) * 2 ** exponent;
    });
    const bits = quantize(values);
    values.forEach((value, i) => {
      const want = referenceHalf(value);
      if (bits[i] !== want) expect([value, bits[i]]).toEqual([value, want]);
      const decoded = float16BitsToFloat32(want);
      if (Number.isFinite(decoded)) {
        const x = Math.fround(value);
        const ulp = 2 ** (Math.max(-14, Math.floor(Math.log2(Math.abs(x) || 1))) - 10);
        expect(Math.abs(decoded - x)).toBeLessThanOrEqual(ulp / 2);
      }
    });
  });

  it('gives infinity past the half range (a model cannot hold it: the layer stays float32)', () => {
    expect(Array.from(quantize([65520, -1e6, 3e38]))).toEqual([0x7c00, 0xfc00, 0x7c00]);
  });

  it.each([NaN, Infinity, -Infinity])('refuses a weight of %s with invalid_model', (bad) => {
    expect(() => quantize([1, bad])).toThrow(expect.objectContaining({ code: 'invalid_model' }));
  });
});
