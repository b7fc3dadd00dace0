/**
 * What the schema cannot say about one weight tensor once its shape is known to match its layer:
 * as many values as the shape holds, every value decoding to a finite float32, and 8-bit
 * parameters that fit the tensor. Nothing here allocates from an unchecked size.
 */
import type { Int32Weight, QuantizedWeight, WeightTensor } from '../train/types';
import { invalidModel } from './invalid-model';
import { float16BitsToFloat32, isFloat16NonFinite } from './weight-dtypes';

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;
/** The widest |code - zeroPoint| of an 8-bit code. */
const CODE_SPAN = 255;

/** Index of the first NaN or infinity, or -1: one integer test of the exponent bits per value. */
function firstNonFiniteFloat32(values: Float32Array): number {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    if (((bits[i] ?? 0) & 0x7f800000) === 0x7f800000) return i;
  }
  return -1;
}

function firstNonFiniteFloat16(values: Uint16Array): number {
  for (let i = 0; i < values.length; i++) {
    if (isFloat16NonFinite(values[i] ?? 0)) return i;
  }
  return -1;
}

/** The widest |code| of an int32 code. */
const INT32_SPAN = 2 ** 31;

/** A scale is finite, above zero, and small enough that no code dequantizes past float32. */
function scaleProblem(scale: number, span = CODE_SPAN): string | null {
  if (!(Number.isFinite(scale) && scale > 0))
    return `its scale ${scale} is not a finite number above 0`;
  if (scale * span > FLOAT32_MAX) {
    return `its scale ${scale} would dequantize codes past the largest float32`;
  }
  return null;
}

function checkAffine(tensor: QuantizedWeight, path: string): void {
  const { scale, zeroPoint, axis } = tensor;
  if (typeof scale === 'number') {
    if (typeof zeroPoint !== 'number' || axis !== undefined) {
      throw invalidModel(
        'a per-tensor scale and zero point are two numbers, without an axis',
        path,
      );
    }
    const problem = scaleProblem(scale);
    if (problem) throw invalidModel(problem, `${path}.scale`);
    return;
  }
  const last = tensor.shape.length - 1;
  if (axis !== last) {
    throw invalidModel(
      `per-channel parameters run along axis ${last} (the outputs), not ${axis}`,
      `${path}.axis`,
    );
  }
  const channels = tensor.shape[last] ?? 0;
  // One zero point shared by every channel (the schema checked it is a code), or one each.
  const zeroPoints = typeof zeroPoint === 'number' ? channels : zeroPoint.length;
  if (scale.length !== channels || zeroPoints !== channels) {
    throw invalidModel(
      `${scale.length} scales and ${zeroPoints} zero points for ${channels} channels`,
      path,
    );
  }
  for (let i = 0; i < scale.length; i++) {
    const problem = scaleProblem(scale[i] ?? NaN);
    if (problem) throw invalidModel(problem, `${path}.scale[${i}]`);
  }
}

/**
 * int32 (a bias): a per-tensor number, one scale per index of the last axis, or a scale
 * derived from its layer (`scaleFrom`, only in an int8 model's quantized layer).
 */
function checkInt32(tensor: Int32Weight, path: string): void {
  const { scale, axis, scaleFrom } = tensor;
  if (scaleFrom !== undefined || scale === undefined) {
    // Derived from the layer (validate-int8.ts matches the names): nothing else stored.
    if (scaleFrom === undefined || scale !== undefined || axis !== undefined) {
      throw invalidModel('an int32 scale is either stored or derived (scaleFrom), not both', path);
    }
    return;
  }
  if (typeof scale === 'number') {
    if (axis !== undefined) throw invalidModel('a per-tensor scale has no axis', `${path}.axis`);
    const problem = scaleProblem(scale, INT32_SPAN);
    if (problem) throw invalidModel(problem, `${path}.scale`);
    return;
  }
  const last = tensor.shape.length - 1;
  if (axis !== last) {
    throw invalidModel(`per-channel scales run along axis ${last}, not ${axis}`, `${path}.axis`);
  }
  const channels = tensor.shape[last] ?? 0;
  if (scale.length !== channels) {
    throw invalidModel(`${scale.length} scales for ${channels} channels`, path);
  }
  for (let i = 0; i < scale.length; i++) {
    const problem = scaleProblem(scale[i] ?? NaN, INT32_SPAN);
    if (problem) throw invalidModel(problem, `${path}.scale[${i}]`);
  }
}

/** Throws `invalid_model` unless the tensor holds `size` values that all decode to finite numbers. */
export function checkWeightValues(tensor: WeightTensor, size: number, path: string): void {
  if (tensor.values.length !== size) {
    throw invalidModel(`it has ${tensor.values.length} values for a shape of ${size}`, path);
  }
  if (tensor.dtype === 'uint8' || tensor.dtype === 'int8') {
    checkAffine(tensor, path);
    return;
  }
  if (tensor.dtype === 'int32') {
    checkInt32(tensor, path);
    return;
  }
  if (tensor.dtype === 'float16') {
    const bad = firstNonFiniteFloat16(tensor.values);
    if (bad >= 0) {
      const value = float16BitsToFloat32(tensor.values[bad] ?? 0);
      throw invalidModel(`value ${bad} is ${value} (float16), not a finite number`, path);
    }
    return;
  }
  const bad = firstNonFiniteFloat32(tensor.values);
  if (bad >= 0) {
    throw invalidModel(`value ${bad} is ${tensor.values[bad]}, not a finite number`, path);
  }
}
