import * as tf from '@tensorflow/tfjs';
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { validateModel } from '../model/formats';
import { dequantizeWeight } from '../model/weight-dtypes';
import { Pacer } from '../pace';
import { isInt8Model } from '../quantize/int8-inference';
import { predictInt8Gpu } from '../quantize/int8-inference-gpu';
import { activeGpuRunner } from '../kernels/active';
import { predictWithoutTfjs } from './forward-pass';
import { buildNetwork } from './build-model';
import { isRawOutputs, type RawOutputs } from '../deploy/scored-outputs';
import { appendPredictions, checkedOutputs } from './predict-outputs';
import { predictionInputs } from './predict-inputs';
import type { RecordRow } from './records';
import type { Prediction, TrainedModel } from './types';

export { MAX_PREDICT_RECORDS, MAX_PREDICT_VALUES } from './predict-inputs';

/** Rows run through the network at a time; other tasks may run between batches. */
const BATCH_ROWS = 8192;

/**
 * Predicts every row of a table, or of plain objects ({ column: value }): `{ label,
 * probabilities }` for classes (in the order of `model.classes`), `{ value }` otherwise. The
 * model and the rows are checked first; an output that is not finite is refused, never shown
 * as a confident label.
 */
export async function predict(
  model: TrainedModel,
  rowsOrTable: Table | RecordRow[],
): Promise<Prediction[]> {
  const outputs = await predictOutputs(model, rowsOrTable);
  if (!isRawOutputs(outputs)) return outputs;
  const predictions: Prediction[] = [];
  // Already checked and in the target's units: no scale leaves them as they are.
  const meaning = { task: model.task, classes: model.classes, targetScale: { mean: 0, std: 1 } };
  appendPredictions(predictions, outputs.values, outputs.width, 0, meaning);
  return predictions;
}

/**
 * What `predict` computes, before any prediction object is made: the network's outputs in the
 * target's units, `width` per row (checked finite), for scoring to keep columnar. int8 models
 * run on our kernels or the CPU and give predictions as objects.
 */
export async function predictOutputs(
  model: TrainedModel,
  rowsOrTable: Table | RecordRow[],
): Promise<RawOutputs | Prediction[]> {
  validateModel(model);
  // int8 computes in integers: on our WebGPU kernels when tf.js runs on webgpu, else on the
  // CPU kernel (src/lib/quantize/int8-inference.ts).
  if (isInt8Model(model)) {
    const gpu = activeGpuRunner();
    return gpu ? predictInt8Gpu(gpu, model, rowsOrTable) : predictWithoutTfjs(model, rowsOrTable);
  }
  // What is used is what was checked: a later change to `model` cannot reach this call.
  const { meaning, architecture, preprocessing, table } = predictionInputs(model, rowsOrTable);
  // Every dtype is dequantized to a new float32 array: the network computes in float32.
  const weightValues = model.weights.map((w) => ({
    values: dequantizeWeight(w),
    shape: [...w.shape],
  }));
  const network = buildNetwork(architecture, 0);
  const pacer = new Pacer();
  const width = architecture.outputUnits;
  const all = new Float32Array(table.rowCount * width);
  const weights = weightValues.map((w) => tf.tensor(w.values, w.shape));
  try {
    network.setWeights(weights);
    for (let start = 0; start < table.rowCount; start += BATCH_ROWS) {
      const rows = Array.from(
        { length: Math.min(BATCH_ROWS, table.rowCount - start) },
        (_, i) => start + i,
      );
      const inputs = transformRows(preprocessing, table, rows);
      const output = tf.tidy(
        () =>
          // One pass per batch: predict's default splits it into passes of 32 rows.
          network.predict(tf.tensor2d(inputs, [rows.length, architecture.inputWidth]), {
            batchSize: rows.length,
          }) as tf.Tensor,
      );
      const values = (await output.data()) as Float32Array;
      output.dispose();
      all.set(checkedOutputs(values, width, start, meaning), start * width);
      await pacer.pause();
    }
    return { values: all, width };
  } finally {
    network.dispose();
    tf.dispose(weights);
  }
}
