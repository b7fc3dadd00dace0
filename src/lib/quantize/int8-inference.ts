/**
 * Integer inference of an int8 model, as an int8 runtime computes a dense layer in ONNX QDQ
 * form (onnx docs/Operators.md, QuantizeLinear and DequantizeLinear):
 *   x_q = QuantizeLinear(x, s_x, zp_x) = saturate(round_half_even(x / s_x) + zp_x), int8
 *   acc[c] = sum_i (x_q[i] - zp_x) * w_q[i, c] + b_q[c], int32, exact
 *   y[c] = DequantizeLinear(acc[c], s_x * s_w[c], 0) = float32(acc[c]) * s_b[c], in float32
 * then the layer's activation in float32. Both `predict` and `predictWithoutTfjs` route int8
 * models here (the kernel is plain TypeScript on the CPU: `kernels: 'cpu'`); layers the guard
 * kept in float32 run through the float forward pass.
 */
import type { Int32Weight, Int8Weight, TrainedModel } from '../train/types';
import { int32BiasScales } from '../model/weight-dtypes';
import type { QuantizedModel } from './types';
import { roundHalfEven } from './uint8';

/** int8's saturation range (QuantizeLinear: "int8: [-128, 127]"). */
export const INT8_MIN = -128;
export const INT8_MAX = 127;

/**
 * ONNX QuantizeLinear to int8 with float32 `scale` (its type sets the division's precision):
 * the float32 quotient, rounded half to even, plus the zero point, saturated. The double
 * quotient of two float32 values rounds to the float32 quotient exactly (53 >= 2 * 24 + 2).
 * NaN stays NaN, so that a NaN input is reported, not hidden behind a code.
 */
export function quantizeLinear(x: number, scale: number, zeroPoint: number): number {
  const q = roundHalfEven(Math.fround(Math.fround(x) / scale)) + zeroPoint;
  if (q < INT8_MIN) return INT8_MIN;
  if (q > INT8_MAX) return INT8_MAX;
  return q;
}

/** One quantized dense layer, ready to run, with scratch buffers reused from row to row. */
export interface Int8Layer {
  inputs: number;
  units: number;
  inputScale: number;
  inputZeroPoint: number;
  /** [inputs, units] row-major int8 codes. */
  kernel: Int8Array;
  /** int32 codes in units of `outputScale`. */
  bias: Int32Array;
  /** float32(s_x * s_w[c]): the bias scale, and the accumulator's. */
  outputScale: Float32Array;
  shifted: Int32Array;
  acc: Int32Array;
}

/** Whether a model runs on the int8 integer kernel. */
export function isInt8Model(model: TrainedModel): boolean {
  return (model as Partial<QuantizedModel>).quantization?.scheme === 'int8';
}

/**
 * The quantized layers of a (validated) int8 model by index, null for a layer kept in float32;
 * null for any other model. Validation guarantees the forms (see model/validate-int8.ts).
 */
export function int8Layers(model: TrainedModel): (Int8Layer | null)[] | null {
  if (!isInt8Model(model)) return null;
  const ranges = (model as QuantizedModel).quantization.activations ?? [];
  const count = model.architecture.hidden.length + 1;
  return Array.from({ length: count }, (_, index) => {
    const range = ranges.find((r) => r.layer === `dense_${index}`);
    if (!range) return null;
    const kernel = model.weights[2 * index] as Int8Weight;
    const bias = model.weights[2 * index + 1] as Int32Weight;
    const [inputs = 0, units = 0] = kernel.shape;
    return {
      inputs,
      units,
      inputScale: range.scale,
      inputZeroPoint: range.zeroPoint,
      // Copies: a later change to the model cannot reach a prediction under way.
      kernel: kernel.values.slice(),
      bias: bias.values.slice(),
      // Stored, or derived float32(s_x * s_w[c]): a new array either way.
      outputScale: Float32Array.from(int32BiasScales(model, bias) as Float32Array),
      shifted: new Int32Array(inputs),
      acc: new Int32Array(units),
    };
  });
}

/**
 * Computes one quantized layer for `rows` rows of float32 `input` into `output`, before the
 * activation. Products of int8 codes (|x_q - zp| <= 255, |w_q| <= 128) are exact in
 * `Math.imul`, and validation bounds every channel's sum below 2^31, so the Int32Array
 * accumulator never wraps: the arithmetic is exact integer arithmetic.
 */
export function runInt8Dense(
  layer: Int8Layer,
  input: Float32Array,
  rows: number,
  output: Float32Array,
): void {
  const { inputs, units, kernel, bias, outputScale, shifted, acc } = layer;
  for (let row = 0; row < rows; row++) {
    const inputStart = row * inputs;
    const outputStart = row * units;
    let nan = false;
    for (let i = 0; i < inputs; i++) {
      const q = quantizeLinear(
        input[inputStart + i] as number,
        layer.inputScale,
        layer.inputZeroPoint,
      );
      nan ||= Number.isNaN(q);
      shifted[i] = q - layer.inputZeroPoint;
    }
    acc.set(bias);
    for (let i = 0; i < inputs; i++) {
      const x = shifted[i] as number;
      if (x === 0) continue;
      const kernelStart = i * units;
      for (let c = 0; c < units; c++) {
        acc[c] = (acc[c] as number) + Math.imul(x, kernel[kernelStart + c] as number);
      }
    }
    for (let c = 0; c < units; c++) {
      // DequantizeLinear of int32: float32(acc) * scale, the product rounded to float32.
      output[outputStart + c] = nan
        ? NaN
        : Math.fround(acc[c] as number) * (outputScale[c] as number);
    }
  }
}
