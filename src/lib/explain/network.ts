/**
 * The model's network on encoded inputs (rows already preprocessed), as `predictWithoutTfjs`
 * runs it: explanations mix and permute encoded inputs, then need outputs for many rows. The
 * same layers, int8 kernels included, so an explanation explains what the model predicts.
 */
import { int8Layers, runInt8Dense } from '../quantize/int8-inference';
import { activate, denseLayers, runDense, type DenseLayer } from '../train/forward-pass';
import type { TrainedModel } from '../train/types';

/** Rows computed per batch: bounds the buffers when thousands of mixed rows are scored. */
const BATCH_ROWS = 2048;

export interface NetworkRunner {
  /** Model inputs per row. */
  width: number;
  /** Outputs per row (classes, 1 for binary or regression). */
  units: number;
  /**
   * Outputs of `rows` rows of `input` (row-major, `width` each): probabilities or values after
   * the output activation, or the output layer's pre-activation values when `logits` is set.
   */
  run(input: Float32Array, rows: number, logits?: boolean): Float32Array;
}

export function networkRunner(model: TrainedModel): NetworkRunner {
  const { architecture } = model;
  const layers = denseLayers(architecture, model.weights, model);
  const int8 = int8Layers(model);
  const last = layers.length - 1;
  const widest = Math.max(architecture.inputWidth, ...layers.map((layer) => layer.units));
  const sums = new Float64Array(widest);
  const units = architecture.outputUnits;
  const buffers = layers.map((layer) => new Float32Array(BATCH_ROWS * layer.units));

  function batch(input: Float32Array, rows: number, logits: boolean): Float32Array {
    let current = input;
    for (const [index, layer] of layers.entries()) {
      const output = (buffers[index] as Float32Array).subarray(0, rows * layer.units);
      const quantized = int8?.[index];
      const plain: DenseLayer =
        logits && index === last ? { ...layer, activation: 'linear' } : layer;
      if (quantized) {
        runInt8Dense(quantized, current, rows, output);
        activate(plain.activation, output, rows, layer.units);
      } else {
        runDense(plain, current, rows, output, sums);
      }
      current = output;
    }
    return current;
  }

  return {
    width: architecture.inputWidth,
    units,
    run(input, rows, logits = false) {
      const out = new Float32Array(rows * units);
      for (let start = 0; start < rows; start += BATCH_ROWS) {
        const count = Math.min(BATCH_ROWS, rows - start);
        const slice = input.subarray(start * this.width, (start + count) * this.width);
        out.set(batch(slice, count, logits), start * units);
      }
      return out;
    },
  };
}
