/**
 * uint8 codes against the TF.js converter's formula, re-implemented here line by line from
 * tfjs-converter/python/tensorflowjs/quantization.py (`quantize_weights` with
 * quantization_dtype=np.uint8, and `_get_affine_quantization_range`), in float64 as numpy 2
 * computes with float64 scalars; `np.round` rounds halves to even. Loading follows tfjs-core
 * src/io/io_utils.ts: value = code * scale + min, stored in a Float32Array.
 */
import { describe, expect, it } from 'vitest';
import { dequantizeWeight } from '../model/weight-dtypes';
import type { Uint8Weight } from '../train/types';
import { uint8Scheme } from './uint8';

/** np.round: halves to even. */
function npRound(x: number): number {
  const floor = Math.floor(x);
  if (x - floor !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** quantization.py, `quantize_weights(data, np.uint8)`, literally. */
function converterQuantize(data: Float32Array): { codes: Uint8Array; scale: number; min: number } {
  let minVal = Math.min(...data); // data.min().astype(np.float64)
  const maxVal = Math.max(...data); // data.max().astype(np.float64)
  if (minVal === maxVal) {
    // "If there is only a single value, we can represent everything as zeros."
    return { codes: new Uint8Array(data.length), scale: 1.0, min: minVal };
  }
  // _get_affine_quantization_range(min_val, max_val, np.uint8)
  const quantMax = 255; // np.iinfo(np.uint8).max
  const scale = (maxVal - minVal) / quantMax;
  let nudgedMin: number;
  let nudgedMax: number;
  if (minVal <= 0 && 0 <= maxVal) {
    const quantizedZeroPoint = (0 - minVal) / scale;
    const nudgedZeroPoint = npRound(quantizedZeroPoint);
    nudgedMin = -nudgedZeroPoint * scale;
    nudgedMax = quantMax * scale + nudgedMin;
  } else {
    nudgedMin = minVal;
    nudgedMax = maxVal;
  }
  minVal = nudgedMin;
  // np.round((data.clip(min_val, max_val) - min_val) / scale).astype(np.uint8)
  const codes = Uint8Array.from(data, (w) =>
    npRound((Math.min(Math.max(w, minVal), nudgedMax) - minVal) / scale),
  );
  return { codes, scale, min: minVal };
}

function quantize(values: ArrayLike<number>): Uint8Weight {
  const weight = uint8Scheme.quantizeWeight(
    { name: 'dense_0/kernel', shape: [values.length], values: Float32Array.from(values) },
    { method: 'minmax' },
  );
  expect(weight.dtype).toBe('uint8');
  return weight as Uint8Weight;
}

function seeded(length: number, seed: number, low: number, high: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return low + (state / 2 ** 32) * (high - low);
  });
}

/** Ours equals the converter's codes and scale, with min = -zeroPoint * scale exactly. */
function expectConverter(values: Float32Array): void {
  const want = converterQuantize(values);
  const got = quantize(values);
  expect(Buffer.from(got.values).equals(Buffer.from(want.codes))).toBe(true);
  expect(got.scale).toBe(want.scale);
  // (+ 0: the converter's -0 * scale is a negative zero; both are the min 0.)
  expect(-(got.zeroPoint as number) * (got.scale as number) + 0).toBe(want.min + 0);
  // Loaded by tf.js (io_utils.ts) or by our dequantizer: the same float32 values, or within
  // one float32 step where the two orders of operations round differently.
  const loaded = Float32Array.from(want.codes, (code) => code * want.scale + want.min);
  const ours = dequantizeWeight(got);
  loaded.forEach((value, i) => {
    const step = 2 ** (Math.floor(Math.log2(Math.abs(value) || 2 ** -126)) - 23);
    expect(Math.abs((ours[i] ?? NaN) - value)).toBeLessThanOrEqual(step);
  });
}

describe('uint8 scheme (TF.js converter affine per tensor)', () => {
  it('gives the converter codes on tensors that span zero', () => {
    expectConverter(seeded(1000, 1, -0.7, 1.3));
    expectConverter(seeded(4096, 2, -3, 0.01));
    expectConverter(seeded(257, 3, -1e-3, 2e-3));
    expectConverter(Float32Array.from([0, 1e-20, -5, 5, 0.1]));
  });

  it('rounds halves to even, in the codes and in the zero point, as np.round does', () => {
    // scale 1, zero point 1: (w + 1) / 1 lands on x.5 for these.
    const ties = [-1, 254, 0.5, 1.5, 2.5, -0.5];
    expectConverter(Float32Array.from(ties));
    expect(Array.from(quantize(ties).values)).toEqual([0, 255, 2, 2, 4, 0]);
    // Zero point 0.5 -> 0 and 1.5 -> 2.
    expect(quantize([-0.5, 254.5]).zeroPoint).toBe(0);
    expect(quantize([-1.5, 253.5]).zeroPoint).toBe(2);
    expectConverter(Float32Array.from([-1.5, 253.5, 0]));
  });

  it('represents zero exactly (the nudged range)', () => {
    const weight = quantize(Float32Array.from([-0.3, 0, 0.9, 0, 0.2]));
    expect(Array.from(dequantizeWeight(weight)).filter((v, i) => i % 2 === 1)).toEqual([0, 0]);
  });

  it('handles a constant tensor without NaN: zero as the converter does, others exactly', () => {
    const zeros = quantize([0, 0, 0]);
    expect(zeros).toMatchObject({ scale: 1, zeroPoint: 0 });
    expect(Array.from(zeros.values)).toEqual([0, 0, 0]);
    expectConverter(Float32Array.from([0, 0, 0]));
    // A non-zero constant: the converter says scale 1, min c (not an integer zero point), so
    // the range is widened to reach zero and c is the end code, decoded exactly.
    for (const c of [0.75, -2.5, 1e-30, Math.fround(0.1)]) {
      const weight = quantize([c, c]);
      expect(Number.isFinite(weight.scale)).toBe(true);
      expect(Array.from(dequantizeWeight(weight))).toEqual([Math.fround(c), Math.fround(c)]);
    }
  });

  it('widens a range without zero to reach it: the converter formula on the data with a 0', () => {
    for (const values of [seeded(300, 4, 0.2, 0.9), seeded(300, 5, -4, -1)]) {
      const want = converterQuantize(Float32Array.from([...values, 0]));
      const got = quantize(values);
      expect(Array.from(got.values)).toEqual(Array.from(want.codes.subarray(0, values.length)));
      expect(got.scale).toBe(want.scale);
    }
  });

  it('refuses NaN and infinite weights with invalid_model', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => quantize([0, bad])).toThrow(expect.objectContaining({ code: 'invalid_model' }));
    }
  });
});
