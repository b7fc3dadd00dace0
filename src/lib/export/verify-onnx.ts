/**
 * Runs an exported ONNX model in an independent runtime (onnxruntime-web in the app's worker,
 * onnxruntime-node in tests) on rows of a table and compares its outputs with the workbench's
 * own forward pass. The runtime is passed in, so this module loads none.
 */
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { predictWithoutTfjs } from '../train/forward-pass';
import type { Prediction, TrainedModel } from '../train/types';
import type { OnnxVerification } from './model-card';
import { onnxInputs } from './onnx/onnx-inputs';
import { DATES_INPUT, FEATURES_INPUT } from './onnx/preprocess-graph';
import { takeRows } from '../reference/sample';

/** What is used of an ONNX runtime (onnxruntime-web and onnxruntime-node both fit). */
export interface OnnxRuntimeLike {
  /** Shown on the card: 'onnxruntime-web', 'onnxruntime-node'. */
  name: string;
  version: string;
  InferenceSession: {
    create(model: Uint8Array): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
      release?(): Promise<void>;
    }>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** Rows scored per run: bounds the tensors the runtime holds. */
const BATCH = 4096;

/** The largest output difference and the label agreement between two sets of predictions. */
function compare(
  ours: Prediction[],
  outputs: Record<string, { data: unknown }>,
  model: TrainedModel,
  total: { largest: number; same: number },
): void {
  if (model.task === 'regression') {
    const values = outputs.value?.data as Float32Array | undefined;
    for (const [i, prediction] of ours.entries()) {
      const theirs = values?.[i] ?? NaN;
      const mine = 'value' in prediction ? prediction.value : NaN;
      const difference = Math.abs(theirs - mine) / Math.max(1, Math.abs(mine));
      total.largest = Math.max(total.largest, Number.isNaN(difference) ? Infinity : difference);
      total.same += difference <= 1e-5 ? 1 : 0;
    }
    return;
  }
  const probabilities = outputs.probabilities?.data as Float32Array | undefined;
  const labels = outputs.label?.data as BigInt64Array | undefined;
  const k = model.classes.length;
  for (const [i, prediction] of ours.entries()) {
    if (!('probabilities' in prediction)) continue;
    for (const [j, p] of prediction.probabilities.entries()) {
      const difference = Math.abs((probabilities?.[i * k + j] ?? NaN) - p);
      total.largest = Math.max(total.largest, Number.isNaN(difference) ? Infinity : difference);
    }
    const label = labels?.[i];
    if (label !== undefined && model.classes[Number(label)] === prediction.label) total.same++;
  }
}

/**
 * Scores `rows` of `table` with the ONNX model in `runtime` and with the workbench, and reports
 * the largest difference (probabilities, or values relative to max(1, |value|)) and how many
 * labels agree. A runtime that refuses the model is `export_check_failed`.
 */
export async function verifyOnnx(
  runtime: OnnxRuntimeLike,
  model: TrainedModel,
  onnx: Uint8Array,
  table: Table,
  rows: readonly number[],
): Promise<OnnxVerification> {
  let session;
  try {
    session = await runtime.InferenceSession.create(onnx);
  } catch (error) {
    throw new WorkbenchError(
      'export_check_failed',
      `${runtime.name} ${runtime.version} could not load the exported ONNX model: ${(error as Error).message}`,
      { hint: 'Download it anyway from the bundle, or report this model.', cause: error },
    );
  }
  const total = { largest: 0, same: 0 };
  try {
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const inputs = onnxInputs(model, table, batch);
      const feeds: Record<string, unknown> = {
        [FEATURES_INPUT]: new runtime.Tensor('float32', inputs.features, [
          batch.length,
          model.spec.features.length,
        ]),
      };
      if (inputs.dates) {
        feeds[DATES_INPUT] = new runtime.Tensor('float32', inputs.dates, [
          batch.length,
          inputs.dates.length / batch.length,
        ]);
      }
      const outputs = await session.run(feeds);
      const ours = await predictWithoutTfjs(model, takeRows(table, Uint32Array.from(batch)));
      compare(ours, outputs, model, total);
    }
  } finally {
    await session.release?.();
  }
  return {
    runtime: runtime.name,
    runtimeVersion: runtime.version,
    rows: rows.length,
    largestDifference: total.largest,
    sameLabel: model.task === 'regression' ? rows.length : total.same,
  };
}
