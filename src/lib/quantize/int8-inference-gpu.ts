/**
 * An int8 model's predictions on our WebGPU kernels: per quantized layer, QuantizeLinear of its
 * input (exact, as the CPU's) and the int8 matrix multiply fused with bias, requantization and
 * activation; layers kept in float32, and softmax, run on the CPU as in `predictWithoutTfjs`.
 * Codes and accumulators are the CPU kernel's exactly, relu and linear outputs too; tanh, elu
 * and sigmoid agree within WGSL's accuracy (1e-5 here), so a row's next-layer codes can differ
 * only when an activation lands within that of a rounding boundary.
 */
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import type { GpuRunner } from '../kernels/gpu-runner';
import {
  prepareInt8Layer,
  quantizeLinearGpu,
  runInt8Layer,
  type PreparedInt8Layer,
} from '../kernels/ops';
import { validateModel } from '../model/formats';
import { Pacer } from '../pace';
import { activate, denseLayers, runDense } from '../train/forward-pass';
import { predictionInputs } from '../train/predict-inputs';
import { appendPredictions } from '../train/predict-outputs';
import type { RecordRow } from '../train/records';
import type { Prediction, TrainedModel } from '../train/types';
import { INT8_MAX, INT8_MIN, int8Layers } from './int8-inference';

/** Rows per batch: a few dispatches and read-backs per layer per batch. */
const BATCH_ROWS = 4096;

export async function predictInt8Gpu(
  runner: GpuRunner,
  model: TrainedModel,
  rowsOrTable: Table | RecordRow[],
): Promise<Prediction[]> {
  validateModel(model);
  const { meaning, architecture, preprocessing, table } = predictionInputs(model, rowsOrTable);
  const layers = denseLayers(architecture, model.weights, model);
  const int8 = int8Layers(model) ?? [];
  const prepared: (PreparedInt8Layer | null)[] = layers.map((layer, index) => {
    const q = int8[index];
    if (!q) return null;
    // softmax needs a whole row: the kernel leaves the outputs linear and the CPU finishes.
    const activation = layer.activation === 'softmax' ? 'linear' : layer.activation;
    return prepareInt8Layer(runner, {
      inputs: q.inputs,
      units: q.units,
      inputZeroPoint: q.inputZeroPoint,
      kernel: q.kernel,
      bias: q.bias,
      scales: q.outputScale,
      activation,
    });
  });
  const widest = Math.max(architecture.inputWidth, ...layers.map((layer) => layer.units));
  const sums = new Float64Array(widest);
  const pacer = new Pacer();
  const predictions: Prediction[] = [];
  try {
    for (let start = 0; start < table.rowCount; start += BATCH_ROWS) {
      const count = Math.min(BATCH_ROWS, table.rowCount - start);
      const rows = Int32Array.from({ length: count }, (_, i) => start + i);
      let input = transformRows(preprocessing, table, rows);
      for (const [index, layer] of layers.entries()) {
        const gpuLayer = prepared[index];
        const q = int8[index];
        let output: Float32Array;
        if (gpuLayer && q) {
          const codes = await quantizeLinearGpu(
            runner,
            input,
            Float32Array.of(q.inputScale),
            Int32Array.of(q.inputZeroPoint),
            [INT8_MIN, INT8_MAX],
          );
          output = (await runInt8Layer(runner, gpuLayer, codes, count, false)).y;
          if (layer.activation === 'softmax') activate('softmax', output, count, layer.units);
        } else {
          output = new Float32Array(count * layer.units);
          runDense(layer, input, count, output, sums);
        }
        input = output;
      }
      appendPredictions(predictions, input, architecture.outputUnits, start, meaning);
      await pacer.pause();
    }
  } finally {
    for (const layer of prepared) layer?.release();
  }
  return predictions;
}
