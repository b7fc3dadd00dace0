import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import type { Table } from '../data/table';
import { transformRows, type Preprocessing } from '../features/preprocess';
import type { BatchSource } from './fit-loop';
import { scorePredictions, unscale, type Metrics } from './metrics';
import type { EncodedTarget } from './target';
import { weightNames } from './build-model';
import type { Architecture, Float32Weight } from './types';

/** Everything needed to turn table rows into model inputs and targets. */
export interface TrainingData {
  table: Table;
  target: EncodedTarget;
  preprocessing: Preprocessing;
  targetScale: { mean: number; std: number };
  /** Loss weight per class index, or null. */
  classWeights: Float32Array | null;
}

/** Batches built from the columnar table on demand: the full input matrix is never made. */
export function makeBatchSource(data: TrainingData): BatchSource {
  const { table, target, preprocessing, targetScale, classWeights } = data;
  const classCount = target.classes.length;
  return {
    inputs: (rows) =>
      tf.tensor2d(transformRows(preprocessing, table, rows), [rows.length, preprocessing.width]),
    targets: (rows) => {
      if (target.task === 'multiclass') {
        const y = new Float32Array(rows.length * classCount);
        for (let i = 0; i < rows.length; i++)
          y[i * classCount + (target.labels[rows[i] ?? 0] ?? 0)] = 1;
        return tf.tensor2d(y, [rows.length, classCount]);
      }
      const y = Float32Array.from({ length: rows.length }, (_, i) => {
        const label = target.labels[rows[i] ?? 0] ?? 0;
        return (label - targetScale.mean) / targetScale.std;
      });
      return tf.tensor2d(y, [rows.length, 1]);
    },
    weights: (rows) =>
      classWeights
        ? tf.tensor1d(
            Float32Array.from(
              { length: rows.length },
              (_, i) => classWeights[target.labels[rows[i] ?? 0] ?? 0] ?? 1,
            ),
          )
        : null,
  };
}

/** Rows scored at a time when evaluating, to bound memory on large tables. */
const EVALUATION_BATCH = 8192;

/** Predicts the rows in batches and scores them against their labels. */
export async function evaluateRows(
  network: tf.LayersModel,
  data: TrainingData,
  rows: number[],
): Promise<Metrics> {
  const width = data.target.task === 'multiclass' ? data.target.classes.length : 1;
  const outputs = new Float32Array(rows.length * width);
  const source = makeBatchSource(data);
  for (let start = 0; start < rows.length; start += EVALUATION_BATCH) {
    const batch = rows.slice(start, start + EVALUATION_BATCH);
    // One pass per batch: predict's default splits it into passes of 32 rows.
    const predicted = tf.tidy(
      () => network.predict(source.inputs(batch), { batchSize: batch.length }) as tf.Tensor,
    );
    outputs.set(await predicted.data(), start * width);
    predicted.dispose();
  }
  return scorePredictions({
    task: data.target.task,
    outputs: unscale(outputs, data.target.task, data.targetScale),
    width,
    truth: Float32Array.from(rows, (row) => data.target.labels[row] ?? 0),
    classCount: data.target.classes.length,
  });
}

/** The network's weights as float32 tensors, named by `weightNames` (stable in any process). */
export async function readWeights(
  model: tf.LayersModel,
  architecture: Architecture,
): Promise<Float32Weight[]> {
  const names = weightNames(architecture);
  if (names.length !== model.weights.length) {
    throw new WorkbenchError(
      'internal',
      `The network has ${model.weights.length} weight tensors, its architecture ${names.length}.`,
    );
  }
  return Promise.all(
    model.weights.map(async (weight, index) => ({
      name: names[index] ?? weight.originalName,
      shape: weight.shape.map((d) => d ?? 0),
      values: (await weight.read().data()) as Float32Array,
    })),
  );
}
