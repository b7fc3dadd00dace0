/**
 * What an int8 model (`quantization.scheme === 'int8'`) must hold beyond its schema, so that
 * its integer inference (src/lib/quantize/int8-inference.ts) is exact: every layer either kept
 * in float32 or quantized as ONNX QDQ says (int8 kernel per output channel with zero points 0,
 * int32 bias scaled by input scale x weight scale, one activation range), and no int32
 * accumulator able to overflow.
 */
import type { Int32Weight, Int8Weight, TrainedModel, WeightTensor } from '../train/types';
import { invalidModel } from './invalid-model';

/** One layer's input range, as `quantization.activations` stores it. */
export interface ActivationRangeField {
  layer: string;
  scale: number;
  zeroPoint: number;
}

type QuantizationField = {
  quantization: { scheme: string; keptLayers: string[]; activations?: ActivationRangeField[] };
};

const INT32_MAX = 2 ** 31 - 1;
/** The widest |x_q - zero point| of an int8 activation: 127 - (-128). */
const ACTIVATION_SPAN = 255;

function activationsByLayer(
  activations: ActivationRangeField[],
  layers: number,
): Map<string, ActivationRangeField> {
  const byLayer = new Map<string, ActivationRangeField>();
  for (const [index, range] of activations.entries()) {
    const path = `quantization.activations[${index}]`;
    const number = /^dense_(0|[1-9][0-9]*)$/.exec(range.layer)?.[1];
    if (number === undefined || Number(number) >= layers || byLayer.has(range.layer)) {
      throw invalidModel(
        `"${range.layer.slice(0, 40)}" is not a distinct layer of this model`,
        path,
      );
    }
    // Scales are float32 values, as an ONNX export stores them: the same arithmetic there.
    if (Math.fround(range.scale) !== range.scale) {
      throw invalidModel(`its scale ${range.scale} is not a float32 value`, `${path}.scale`);
    }
    byLayer.set(range.layer, range);
  }
  return byLayer;
}

function isInt8Kernel(weight: WeightTensor | undefined): weight is Int8Weight {
  return weight?.dtype === 'int8' && typeof weight.scale !== 'number';
}

function isInt32Bias(weight: WeightTensor | undefined): weight is Int32Weight {
  return weight?.dtype === 'int32' && typeof weight.scale !== 'number';
}

/** A derived bias scale names its own layer's input range and kernel, nothing else. */
function checkScaleSource(bias: Int32Weight, index: number): void {
  const { scaleFrom } = bias;
  if (!scaleFrom) return;
  const path = `weights[${2 * index + 1}].scaleFrom`;
  if (scaleFrom.input !== `dense_${index}` || scaleFrom.kernel !== `dense_${index}/kernel`) {
    throw invalidModel(
      `a derived bias scale comes from its own layer (dense_${index}, dense_${index}/kernel)`,
      path,
    );
  }
}

/** One quantized layer: symmetric per-channel kernel, bias scale s_x * s_w[c], no overflow. */
function checkLayer(model: TrainedModel, index: number, range: ActivationRangeField): void {
  const kernel = model.weights[2 * index];
  const bias = model.weights[2 * index + 1];
  const path = `weights[${2 * index}]`;
  if (!isInt8Kernel(kernel) || !isInt32Bias(bias)) {
    throw invalidModel(
      `layer dense_${index} of an int8 model needs an int8 per-channel kernel and an int32 per-channel bias`,
      path,
    );
  }
  const scales = kernel.scale as Float32Array;
  // One shared zero point (what the int8 scheme writes) or, in models saved before, one each.
  const zeros = typeof kernel.zeroPoint === 'number' ? [kernel.zeroPoint] : kernel.zeroPoint;
  if (zeros.some((zero) => zero !== 0)) {
    throw invalidModel('int8 weights are symmetric: every zero point is 0', `${path}.zeroPoint`);
  }
  checkScaleSource(bias, index);
  const units = kernel.shape[1] ?? 0;
  const inputs = kernel.shape[0] ?? 0;
  // Derived scales are float32(s_x * s_w[c]) by definition; stored ones must say the same.
  const biasScales = bias.scale as Float32Array | undefined;
  for (let c = 0; c < units; c++) {
    const want = Math.fround(range.scale * (scales[c] ?? NaN));
    if (biasScales && biasScales[c] !== want) {
      throw invalidModel(
        `bias scale ${biasScales[c]} is not input scale x weight scale (${want})`,
        `weights[${2 * index + 1}].scale[${c}]`,
      );
    }
    let bound = Math.abs(bias.values[c] ?? 0);
    for (let i = 0; i < inputs; i++) {
      bound += ACTIVATION_SPAN * Math.abs(kernel.values[i * units + c] ?? 0);
    }
    if (bound > INT32_MAX) {
      throw invalidModel(`channel ${c}'s int32 accumulator could overflow (${bound})`, path);
    }
  }
}

/** Only an int8 model's quantized layers have what a derived bias scale is derived from. */
export function checkNoDerivedScales(model: TrainedModel): void {
  for (const [index, weight] of model.weights.entries()) {
    if (weight.dtype === 'int32' && weight.scaleFrom) {
      throw invalidModel(
        'only a quantized layer of an int8 model derives its bias scale',
        `weights[${index}].scaleFrom`,
      );
    }
  }
}

/** Throws `invalid_model` unless the quantization record and the weights agree (see above). */
export function checkInt8Quantization(model: TrainedModel & QuantizationField): void {
  const { scheme, keptLayers, activations } = model.quantization;
  if (scheme !== 'int8') {
    if (activations !== undefined) {
      throw invalidModel(`a ${scheme} model has no activation ranges`, 'quantization.activations');
    }
    checkNoDerivedScales(model);
    return;
  }
  if (activations === undefined) {
    throw invalidModel('an int8 model needs its activation ranges', 'quantization.activations');
  }
  const layers = model.architecture.hidden.length + 1;
  const byLayer = activationsByLayer(activations, layers);
  const kept = new Set(keptLayers);
  for (let index = 0; index < layers; index++) {
    const layer = `dense_${index}`;
    const range = byLayer.get(layer);
    if (kept.has(layer) !== (range === undefined)) {
      throw invalidModel(
        `layer ${layer} needs an activation range exactly when it is quantized`,
        'quantization.activations',
      );
    }
    if (range) checkLayer(model, index, range);
  }
}
