/**
 * The number formats a weight tensor may be stored in (float32, float16, uint8, int8) and the
 * pure arithmetic between them: half-precision bit patterns, affine 8-bit codes, sizes. Predict
 * dequantizes with these; the quantization work builds on them.
 */
import type {
  Float16Weight,
  Float32Weight,
  Int32Weight,
  ModelPrecision,
  QuantizedWeight,
  WeightDtype,
  WeightTensor,
} from '../train/types';
import { invalidModel } from './invalid-model';

/** The smallest and largest code of each 8-bit dtype. */
export const CODE_RANGE = { uint8: [0, 255], int8: [-128, 127] } as const;

// One scratch float32 seen as its bits: fround and bit access without allocating per value.
const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * The IEEE 754 binary16 bit pattern nearest to `value` (first rounded to float32, as weights
 * are), ties to even. Too large for half gives infinity, too small a signed zero or subnormal;
 * NaN stays NaN (quiet, with the top payload bits kept).
 */
export function float32ToFloat16Bits(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  // Re-biased from float32's 127 to half's 15.
  const halfExponent = exponent - 112;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent >= 1) {
    const rest = mantissa & 0x1fff;
    let half = sign | (halfExponent << 10) | (mantissa >>> 13);
    // A carry out of the mantissa steps the exponent, up to infinity: what rounding should do.
    if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
    return half;
  }
  // Subnormal half: the value in units of 2^-24 is (1.mantissa) shifted right by `shift`.
  const shift = 14 - halfExponent;
  if (shift > 24) return sign; // below half of 2^-24 (float32 subnormals included): zero
  const full = mantissa | 0x800000;
  const rest = full & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  let half = sign | (full >>> shift);
  if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
  return half;
}

/** The value of an IEEE 754 binary16 bit pattern (exact: every half is a float32). */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** Whether a binary16 bit pattern is infinite or NaN (its exponent bits all set). */
export function isFloat16NonFinite(bits: number): boolean {
  return (bits & 0x7c00) === 0x7c00;
}

/** Every half's float32 value, built on first use (256 KiB): decoding is one lookup. */
let halfTable: Float32Array | null = null;
function float16Table(): Float32Array {
  halfTable ??= Float32Array.from({ length: 0x10000 }, (_, bits) => float16BitsToFloat32(bits));
  return halfTable;
}

/** The dtype of a weight tensor; float32 when it has none (models stored before dtypes). */
export function weightPrecision(weight: WeightTensor): WeightDtype {
  return weight.dtype ?? 'float32';
}

/** The dtype all of a model's weights share, or 'mixed'; 'float32' for a model without weights. */
export function modelPrecision(model: { weights: readonly WeightTensor[] }): ModelPrecision {
  // int32 only holds an int8 layer's bias: an int8 model is 'int8', not 'mixed'.
  const dtypes = new Set(
    model.weights.map((weight): ModelPrecision => {
      const dtype = weightPrecision(weight);
      return dtype === 'int32' ? 'int8' : dtype;
    }),
  );
  if (dtypes.size > 1) return 'mixed';
  return dtypes.values().next().value ?? 'float32';
}

/**
 * The bytes a weight tensor stores as binary data: its values, plus per-channel scales and zero
 * points. A per-tensor scale, a shared zero point and a derived bias scale's two names are a
 * few numbers or words in the model's JSON, not counted; a derived scale stores nothing.
 */
export function weightBytes(weight: WeightTensor): number {
  let bytes = weight.values.byteLength;
  if (weight.dtype === 'uint8' || weight.dtype === 'int8') {
    if (typeof weight.scale !== 'number') bytes += weight.scale.byteLength;
    if (typeof weight.zeroPoint !== 'number') bytes += weight.zeroPoint.byteLength;
  }
  if (weight.dtype === 'int32' && weight.scale instanceof Float32Array)
    bytes += weight.scale.byteLength;
  return bytes;
}

/** The sum of `weightBytes` over a model's weights: what `model.bytes` must say. */
export function modelWeightBytes(weights: readonly WeightTensor[]): number {
  return weights.reduce((sum, weight) => sum + weightBytes(weight), 0);
}

function dequantizeCodes(weight: QuantizedWeight): Float32Array {
  const { values, scale, zeroPoint } = weight;
  const out = new Float32Array(values.length);
  // float32(scale * (code - zeroPoint)): the integer difference and a float32 scale multiply
  // exactly in double, so one rounding gives what ONNX DequantizeLinear computes in float32.
  if (typeof scale === 'number' && typeof zeroPoint === 'number') {
    for (let i = 0; i < values.length; i++) out[i] = scale * ((values[i] ?? 0) - zeroPoint);
    return out;
  }
  const channels = weight.shape[weight.shape.length - 1] ?? 1;
  const scales = scale as Float32Array;
  // A shared zero point (symmetric int8 stores 0) or one per channel.
  const zeros = typeof zeroPoint === 'number' ? null : zeroPoint;
  const shared = typeof zeroPoint === 'number' ? zeroPoint : 0;
  for (let i = 0; i < values.length; i++) {
    const channel = i % channels;
    const zero = zeros ? (zeros[channel] ?? 0) : shared;
    out[i] = (scales[channel] ?? 0) * ((values[i] ?? 0) - zero);
  }
  return out;
}

/** What derives an int8 layer's bias scale: the model's weights and activation ranges. */
export interface WeightContext {
  weights: readonly WeightTensor[];
  quantization?: { activations?: readonly { layer: string; scale: number }[] };
}

/**
 * An int32 bias's per-channel scales: the stored ones, or for a derived scale (`scaleFrom`)
 * float32(s_x * s_w[c]) from the model's activation range and int8 kernel, exactly what the
 * int8 scheme used to store. Throws when the model lacks what `scaleFrom` names (validation
 * refuses such a model).
 */
export function int32BiasScales(model: WeightContext, weight: Int32Weight): number | Float32Array {
  if (!weight.scaleFrom) return weight.scale;
  const { input, kernel: kernelName } = weight.scaleFrom;
  const range = model.quantization?.activations?.find((r) => r.layer === input);
  const kernel = model.weights.find((w) => w.name === kernelName);
  if (!range || kernel?.dtype !== 'int8' || typeof kernel.scale === 'number') {
    throw invalidModel(
      `bias ${weight.name} derives its scale from ${input} and ${kernelName}, which it lacks`,
      'weights',
    );
  }
  const inputScale = range.scale;
  return Float32Array.from(kernel.scale, (s) => inputScale * s);
}

/**
 * ONNX DequantizeLinear of int32 (onnx/reference/ops/op_dequantize_linear.py): the code cast
 * to float32 (rounded past 2^24), times the float32 scale, rounded to float32. The product of
 * two float32 values is exact in double, so one `Math.fround` gives the float32 product.
 */
function dequantizeInt32(weight: Int32Weight, scale: number | Float32Array): Float32Array {
  const { values } = weight;
  const out = new Float32Array(values.length);
  const channels = weight.shape[weight.shape.length - 1] ?? 1;
  for (let i = 0; i < values.length; i++) {
    const s = typeof scale === 'number' ? scale : (scale[i % channels] ?? 0);
    out[i] = Math.fround(values[i] ?? 0) * s;
  }
  return out;
}

/**
 * A weight tensor's real values as a new float32 array, whatever its dtype. An int32 bias
 * whose scale is derived (`scaleFrom`) needs its model: use `dequantizeWeightIn`.
 */
export function dequantizeWeight(weight: WeightTensor): Float32Array {
  if (weight.dtype === 'int32' && weight.scaleFrom) {
    throw invalidModel(
      `bias ${weight.name} derives its scale from its layer: dequantize it with dequantizeWeightIn(model, weight)`,
      'weights',
    );
  }
  return dequantizeWeightIn({ weights: [] }, weight);
}

/** `dequantizeWeight` for a tensor of `model`, derived int32 bias scales included. */
export function dequantizeWeightIn(model: WeightContext, weight: WeightTensor): Float32Array {
  if (weight.dtype === 'float16') {
    const table = float16Table();
    return Float32Array.from(weight.values, (bits) => table[bits] ?? NaN);
  }
  if (weight.dtype === 'uint8' || weight.dtype === 'int8') return dequantizeCodes(weight);
  if (weight.dtype === 'int32') return dequantizeInt32(weight, int32BiasScales(model, weight));
  return weight.values.slice();
}

/** A float32 tensor as float16 bit patterns (round to nearest, ties to even). */
export function toFloat16Weight(weight: Float32Weight): Float16Weight {
  return {
    name: weight.name,
    shape: [...weight.shape],
    dtype: 'float16',
    values: Uint16Array.from(weight.values, float32ToFloat16Bits),
  };
}
