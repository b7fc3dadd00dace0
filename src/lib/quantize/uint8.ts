/**
 * uint8: affine per tensor, as the TF.js converter writes it (tfjs-converter/python/
 * tensorflowjs/quantization.py, `quantize_weights` and `_get_affine_quantization_range`), so
 * that stock `tf.loadLayersModel` reads an export back (tfjs-core src/io/io_utils.ts
 * dequantizes `code * scale + min`). In our form, real = scale * (code - zeroPoint) with
 * zeroPoint = round(-min / scale), an integer code, and min = -zeroPoint * scale.
 */
import type { Uint8Weight } from '../train/types';
import { float32Source } from './float32-source';
import type { QuantizationSchemeConfig } from './types';

/** np.iinfo(np.uint8).max */
const QUANT_MAX = 255;

/** numpy's `np.round`: to the nearest integer, halves to the even one. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The converter's range: `scale`, and the nudged `min` and `max` (zero is a code). */
export interface AffineRange {
  scale: number;
  min: number;
  max: number;
  zeroPoint: number;
}

/**
 * `_get_affine_quantization_range` for a range holding zero, in float64 as numpy computes it:
 * scale = (max - min) / 255, zero point round(-min / scale), min nudged to -zeroPoint * scale.
 * A range without zero is first widened to reach it (TFLite and ONNX Runtime do the same; the
 * converter keeps such a range as it is, which our integer zero point cannot say). A constant
 * zero tensor gets the converter's answer: scale 1, every code 0.
 */
export function affineUint8Range(low: number, high: number): AffineRange {
  const min = Math.min(low, 0);
  const max = Math.max(high, 0);
  if (min === max) return { scale: 1, min, max, zeroPoint: 0 };
  const scale = (max - min) / QUANT_MAX;
  const zeroPoint = roundHalfEven((0 - min) / scale);
  const nudgedMin = -zeroPoint * scale;
  return { scale, min: nudgedMin, max: QUANT_MAX * scale + nudgedMin, zeroPoint };
}

/** `np.round((data.clip(min, max) - min) / scale)` as uint8 codes. */
export function uint8Codes(values: Float32Array, range: AffineRange): Uint8Array {
  const { scale, min, max } = range;
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const clipped = Math.min(Math.max(values[i] as number, min), max);
    // The clamp only guards float64 rounding at the ends; the converter's codes fit already.
    codes[i] = Math.min(QUANT_MAX, Math.max(0, roundHalfEven((clipped - min) / scale)));
  }
  return codes;
}

export const uint8Scheme: QuantizationSchemeConfig = {
  scheme: 'uint8',
  label: 'uint8 (affine per tensor, TF.js converter)',
  quantizeWeight(weight): Uint8Weight {
    const { name, shape, values } = float32Source(weight);
    let low = Infinity;
    let high = -Infinity;
    for (const value of values) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const range = affineUint8Range(low, high);
    return {
      name,
      shape: [...shape],
      dtype: 'uint8',
      values: uint8Codes(values, range),
      scale: range.scale,
      zeroPoint: range.zeroPoint,
    };
  },
};
