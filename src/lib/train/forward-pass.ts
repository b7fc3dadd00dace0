/**
 * `predict` without tfjs: the same checks, preprocessing and outputs, with the dense layers
 * computed in plain TypeScript. Reference snapshots use it, so that saving one neither loads
 * tfjs nor depends on (or waits for) a backend: the same model gives the same reference on any
 * machine. It follows tf.js's CPU kernels step by step (products summed in float64 per block
 * of 48 inputs, then bias, activation and softmax each rounded to float32), so on that backend
 * it gives predict's outputs bit for bit; on others it agrees to float32 rounding.
 */
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { validateModel } from '../model/formats';
import { dequantizeWeight, dequantizeWeightIn, type WeightContext } from '../model/weight-dtypes';
import { Pacer } from '../pace';
import { int8Layers, runInt8Dense } from '../quantize/int8-inference';
import { predictionInputs } from './predict-inputs';
import { appendPredictions } from './predict-outputs';
import type { RecordRow } from './records';
import type { Architecture, Prediction, TrainedModel, WeightTensor } from './types';

/**
 * Most rows computed at a time; other tasks may run between batches. Fewer than predict's (no
 * backend call to amortise), so a pause comes soon after its 30 ms are due.
 */
const BATCH_ROWS = 1024;
/** Most values one batch's buffer of a layer holds (4 MiB): wide layers take fewer rows. */
const BATCH_VALUES = 1 << 20;

type LayerActivation = Architecture['activation'] | Architecture['outputActivation'];

/** One dense layer: kernel [inputs, units] row-major, as stored, dequantized to float32. */
export interface DenseLayer {
  inputs: number;
  units: number;
  kernel: Float32Array;
  bias: Float32Array;
  activation: LayerActivation;
}

/**
 * The layers in `buildNetwork`'s order: hidden layers with the architecture's activation, then
 * the output layer. Dropout is the identity at inference, so it has no layer here. Weights are
 * taken in the model's order, as predict's `setWeights` takes them (validateModel checked
 * their shapes against the architecture). `model` supplies what an int8 layer's derived bias
 * scale is derived from (its activation ranges).
 */
export function denseLayers(
  architecture: Architecture,
  weights: WeightTensor[],
  model: WeightContext = { weights },
): DenseLayer[] {
  const { inputWidth, hidden, activation, outputUnits, outputActivation } = architecture;
  const units = [...hidden, outputUnits];
  return units.map((width, index) => ({
    inputs: index === 0 ? inputWidth : (units[index - 1] ?? 0),
    units: width,
    // Every dtype is dequantized to a new float32 array, as predict does.
    kernel: dequantizeWeight(weights[2 * index] as WeightTensor),
    // An int8 layer's bias scale may be derived from the model's ranges and kernel scales.
    bias: dequantizeWeightIn(model, weights[2 * index + 1] as WeightTensor),
    activation: index < hidden.length ? activation : outputActivation,
  }));
}

/**
 * tf.js's CPU matMul sums the products of each block of 48 inputs in float64 and adds each
 * block's sum to a float32 result; doing the same gives its outputs bit for bit.
 */
const TFJS_CPU_BLOCK = 48;

/** Computes one layer for `rows` rows of `input` into `output`; `sums` holds `units` values. */
export function runDense(
  layer: DenseLayer,
  input: Float32Array,
  rows: number,
  output: Float32Array,
  sums: Float64Array,
): void {
  const { inputs, units, kernel, bias } = layer;
  for (let row = 0; row < rows; row++) {
    const inputStart = row * inputs;
    const outputStart = row * units;
    output.fill(0, outputStart, outputStart + units);
    for (let blockStart = 0; blockStart < inputs; blockStart += TFJS_CPU_BLOCK) {
      const blockEnd = Math.min(blockStart + TFJS_CPU_BLOCK, inputs);
      sums.fill(0, 0, units);
      for (let k = blockStart; k < blockEnd; k++) {
        const x = input[inputStart + k] as number;
        // One-hot inputs are mostly zero; a zero adds nothing (weights are finite).
        if (x === 0) continue;
        const kernelStart = k * units;
        for (let j = 0; j < units; j++) {
          sums[j] = (sums[j] as number) + x * (kernel[kernelStart + j] as number);
        }
      }
      // Storing into the Float32Array rounds, as tf.js's float32 result does.
      for (let j = 0; j < units; j++) {
        output[outputStart + j] = (output[outputStart + j] as number) + (sums[j] as number);
      }
    }
    for (let j = 0; j < units; j++) {
      output[outputStart + j] = (output[outputStart + j] as number) + (bias[j] as number);
    }
  }
  activate(layer.activation, output, rows, units);
}

/** Applies an activation in place, each result rounded to float32 as tf.js's CPU kernels do. */
export function activate(
  activation: LayerActivation,
  values: Float32Array,
  rows: number,
  units: number,
) {
  const count = rows * units;
  switch (activation) {
    case 'relu':
      for (let i = 0; i < count; i++) if ((values[i] as number) < 0) values[i] = 0;
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) values[i] = Math.tanh(values[i] as number);
      return;
    case 'elu':
      // alpha = 1, as tf.layers' 'elu' activation.
      for (let i = 0; i < count; i++) {
        const x = values[i] as number;
        if (x < 0) values[i] = Math.exp(x) - 1;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) values[i] = 1 / (1 + Math.exp(-(values[i] as number)));
      return;
    case 'softmax':
      for (let start = 0; start < count; start += units) softmaxRow(values, start, units);
      return;
    case 'linear':
      return;
  }
}

/** tf.js's softmax: exp(x - max) over its float32 sum, each step rounded to float32. */
function softmaxRow(values: Float32Array, start: number, units: number): void {
  const end = start + units;
  let max = -Infinity;
  for (let i = start; i < end; i++) max = Math.max(max, values[i] as number);
  let sum = 0;
  for (let i = start; i < end; i++) {
    values[i] = Math.exp(Math.fround((values[i] as number) - max));
    sum += values[i] as number;
  }
  const total = Math.fround(sum);
  for (let i = start; i < end; i++) values[i] = (values[i] as number) / total;
}

/**
 * Predicts every row of a table, or of plain objects ({ column: value }), exactly as `predict`
 * does (same checks, error codes and `Prediction` shapes, classes in the order of
 * `model.classes`) but in plain TypeScript, on no tfjs backend. Outputs equal predict's on the
 * cpu backend and agree to float32 rounding on others.
 */
export async function predictWithoutTfjs(
  model: TrainedModel,
  rowsOrTable: Table | RecordRow[],
): Promise<Prediction[]> {
  validateModel(model);
  // What is used is what was checked: a later change to `model` cannot reach this call.
  const { meaning, architecture, preprocessing, table } = predictionInputs(model, rowsOrTable);
  const layers = denseLayers(architecture, model.weights, model);
  // An int8 model's quantized layers run on the integer kernel; kept layers stay float32.
  const int8 = int8Layers(model);
  const width = architecture.outputUnits;
  const widest = Math.max(architecture.inputWidth, ...layers.map((layer) => layer.units));
  const batch = Math.max(
    1,
    Math.min(BATCH_ROWS, table.rowCount, Math.floor(BATCH_VALUES / widest)),
  );
  // Every buffer is made once and reused from batch to batch.
  const sums = new Float64Array(widest);
  const outputs = layers.map((layer) => new Float32Array(batch * layer.units));
  const batchRows = new Int32Array(batch);
  const pacer = new Pacer();
  const predictions: Prediction[] = [];
  for (let start = 0; start < table.rowCount; start += batch) {
    const count = Math.min(batch, table.rowCount - start);
    const rows = batchRows.subarray(0, count);
    for (let i = 0; i < count; i++) rows[i] = start + i;
    let input = transformRows(preprocessing, table, rows);
    for (const [index, layer] of layers.entries()) {
      const output = outputs[index] as Float32Array;
      const quantized = int8?.[index];
      if (quantized) {
        runInt8Dense(quantized, input, count, output);
        activate(layer.activation, output, count, layer.units);
      } else {
        runDense(layer, input, count, output, sums);
      }
      input = output;
    }
    appendPredictions(predictions, input.subarray(0, count * width), width, start, meaning);
    await pacer.pause();
  }
  return predictions;
}
