/**
 * Simple converters from float32 weights to the other dtypes, for tests that need a float16,
 * uint8 or int8 model without the quantization work: min/max affine per tensor (uint8, zero
 * kept exact) and symmetric per output channel (int8, zero point 0).
 */
import type {
  Float32Weight,
  Int8Weight,
  TrainedModel,
  Uint8Weight,
  WeightTensor,
} from '../train/types';
import { int32BiasScales, modelWeightBytes, toFloat16Weight } from './weight-dtypes';

/** uint8 codes per tensor: the range [min(0, min), max(0, max)] spread over 0..255. */
export function toUint8PerTensor(weight: Float32Weight): Uint8Weight {
  let low = 0;
  let high = 0;
  for (const value of weight.values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const scale = Math.fround((high - low) / 255 || 1);
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-low / scale)));
  return {
    name: weight.name,
    shape: [...weight.shape],
    dtype: 'uint8',
    values: Uint8Array.from(weight.values, (value) =>
      Math.min(255, Math.max(0, Math.round(value / scale) + zeroPoint)),
    ),
    scale,
    zeroPoint,
  };
}

/** int8 codes per output channel (the last axis), symmetric: scale = max |value| / 127. */
export function toInt8PerChannel(weight: Float32Weight): Int8Weight {
  const channels = weight.shape[weight.shape.length - 1] ?? 1;
  const scale = new Float32Array(channels).fill(0);
  weight.values.forEach((value, i) => {
    const channel = i % channels;
    scale[channel] = Math.max(scale[channel] ?? 0, Math.abs(value) / 127);
  });
  for (let c = 0; c < channels; c++) scale[c] = scale[c] || 1;
  return {
    name: weight.name,
    shape: [...weight.shape],
    dtype: 'int8',
    values: Int8Array.from(weight.values, (value, i) =>
      Math.min(127, Math.max(-127, Math.round(value / (scale[i % channels] ?? 1)))),
    ),
    scale,
    zeroPoint: new Int8Array(channels),
    axis: weight.shape.length - 1,
  };
}

export type Conversion = 'float16' | 'uint8' | 'int8';

/** The model with every float32 tensor converted, and `bytes` to match. */
export function convertModel(model: TrainedModel, to: Conversion): TrainedModel {
  const convert = (weight: WeightTensor): WeightTensor => {
    if (weight.dtype !== undefined && weight.dtype !== 'float32') return weight;
    if (to === 'float16') return toFloat16Weight(weight);
    return to === 'uint8' ? toUint8PerTensor(weight) : toInt8PerChannel(weight);
  };
  const weights = model.weights.map(convert);
  return { ...model, weights, bytes: modelWeightBytes(weights) };
}

/**
 * An int8 model as the int8 scheme stored it before its stored form was slimmed: one int8
 * zero point per channel (all 0) and every int32 bias scale stored as float32(s_x * s_w[c]).
 * Models saved in that form must keep validating and predicting the same.
 */
export function withStoredInt8Scales<Model extends TrainedModel>(model: Model): Model {
  const weights = model.weights.map((weight): WeightTensor => {
    if (weight.dtype === 'int8' && typeof weight.scale !== 'number') {
      return { ...weight, zeroPoint: new Int8Array(weight.scale.length) };
    }
    if (weight.dtype === 'int32' && weight.scaleFrom) {
      const { name, shape, values } = weight;
      const scale = int32BiasScales(model, weight) as Float32Array;
      return { name, shape, dtype: 'int32', values, zeroPoint: 0, scale, axis: 0 };
    }
    return weight;
  });
  return { ...model, weights, bytes: modelWeightBytes(weights) };
}
