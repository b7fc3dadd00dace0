/**
 * int8: symmetric per output channel for weights, int32 biases and calibrated asymmetric int8
 * activations, as ONNX Runtime's static QDQ quantizer writes them (QuantType.QInt8 weights
 * with per_channel, symmetric; bias scale = input scale x weight scale, zero point 0). Every
 * code is ONNX QuantizeLinear's: the float32 quotient, rounded half to even, saturated.
 */
import type { Float32Weight, Int32Weight, Int8Weight } from '../train/types';
import { float32Source } from './float32-source';
import type { ActivationRange } from './types';
import { roundHalfEven } from './uint8';

/** Symmetric weights use [-127, 127], so that -w is a code whenever w is. */
const WEIGHT_MAX = 127;
const INT32_MAX = 2 ** 31 - 1;
/** Asymmetric activations: int8's full range. */
const ACTIVATION_MIN = -128;
const ACTIVATION_MAX = 127;

const saturate = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * A kernel [inputs, units] as int8 codes per output channel (axis 1): scale_c = max|w_c| / 127
 * (a float32), one shared zero point 0. An all-zero channel gets scale 1 and codes 0, never NaN.
 */
export function int8PerChannel(weight: Float32Weight): Int8Weight {
  const { name, shape, values } = float32Source(weight);
  const channels = shape[shape.length - 1] ?? 1;
  const scale = new Float32Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    scale[c] = Math.max(scale[c] ?? 0, Math.abs(values[i] ?? 0));
  }
  for (let c = 0; c < channels; c++) scale[c] = (scale[c] ?? 0) / WEIGHT_MAX || 1;
  const codes = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = roundHalfEven(Math.fround((values[i] ?? 0) / (scale[i % channels] ?? 1)));
    codes[i] = saturate(q, -WEIGHT_MAX, WEIGHT_MAX);
  }
  return symmetricInt8Weight(name, shape, codes, scale);
}

/** A symmetric per-channel int8 tensor (the last axis; zero point 0) from its codes and scales. */
export function symmetricInt8Weight(
  name: string,
  shape: readonly number[],
  codes: Int8Array,
  scale: Float32Array,
): Int8Weight {
  return {
    name,
    shape: [...shape],
    dtype: 'int8',
    values: codes,
    scale,
    zeroPoint: 0,
    axis: shape.length - 1,
  };
}

/**
 * A bias as int32 codes with scale float32(inputScale * weightScale[c]) and zero point 0
 * (ONNX Runtime's `quantize_bias_static`: round(bias / scale) as int32), saturated to
 * [-(2^31 - 1), 2^31 - 1]. The scale is not stored: `scaleFrom` names the layer's input range
 * and kernel it is derived from (`int32BiasScales`).
 */
export function int32Bias(
  weight: Float32Weight,
  inputScale: number,
  weightScale: Float32Array,
): Int32Weight {
  const { name, shape, values } = float32Source(weight);
  const scale = Float32Array.from(weightScale, (s) => inputScale * s);
  const codes = new Int32Array(values.length);
  for (let c = 0; c < values.length; c++) {
    const q = roundHalfEven(Math.fround((values[c] ?? 0) / (scale[c] ?? 1)));
    // A zero scale (underflow) gives NaN: code 0, and validation keeps the layer in float32.
    codes[c] = Number.isNaN(q) ? 0 : saturate(q, -INT32_MAX, INT32_MAX);
  }
  const layer = name.slice(0, name.lastIndexOf('/'));
  return {
    name,
    shape: [...shape],
    dtype: 'int32',
    values: codes,
    zeroPoint: 0,
    scaleFrom: { input: layer, kernel: `${layer}/kernel` },
  };
}

/**
 * An observed input range [low, high] as asymmetric int8 (ONNX Runtime's
 * `compute_scale_zp`): the range widened to hold 0, scale = (max - min) / 255 as a float32,
 * zero point round_half_even(-128 - min / scale) so that 0 is exactly a code. A constant zero
 * input gets scale 1 and zero point 0.
 */
export function activationRange(layer: string, low: number, high: number): ActivationRange {
  const min = Math.min(low, 0);
  const max = Math.max(high, 0);
  const scale = Math.fround((max - min) / (ACTIVATION_MAX - ACTIVATION_MIN));
  if (!(scale > 0) || !Number.isFinite(scale)) return { layer, scale: 1, zeroPoint: 0 };
  const zeroPoint = roundHalfEven(ACTIVATION_MIN - min / scale);
  return { layer, scale, zeroPoint: saturate(zeroPoint, ACTIVATION_MIN, ACTIVATION_MAX) };
}
