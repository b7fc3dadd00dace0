/**
 * The baseline: the same network, optimizer, loss and batches as trainModel, written as the
 * plain tf.js a person would write by hand, with no callbacks.
 */
import * as tf from '@tensorflow/tfjs';
import { FEATURE_COUNT } from './synthetic-data';

export const HIDDEN = [64, 64];
export const LEARNING_RATE = 0.001;

export interface PlainData {
  x: Float32Array;
  y: Float32Array;
  validationX: Float32Array;
  validationY: Float32Array;
}

export interface PlainFitOptions {
  epochs: number;
  batchSize: number;
}

/** Trains a fresh model on the data and returns the seconds spent inside `model.fit` only. */
export async function timePlainFit(data: PlainData, options: PlainFitOptions): Promise<number> {
  const rows = data.y.length;
  const validationRows = data.validationY.length;
  const x = tf.tensor2d(data.x, [rows, FEATURE_COUNT]);
  const y = tf.tensor2d(data.y, [rows, 1]);
  const validationX = tf.tensor2d(data.validationX, [validationRows, FEATURE_COUNT]);
  const validationY = tf.tensor2d(data.validationY, [validationRows, 1]);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const model = plainModel(optimizer);
  try {
    const started = performance.now();
    // fit() reads the last epoch's loss back before it resolves, so queued GPU work is included.
    await model.fit(x, y, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      shuffle: true,
      ...(validationRows > 0 ? { validationData: [validationX, validationY] } : {}),
    });
    return (performance.now() - started) / 1000;
  } finally {
    tf.dispose([x, y, validationX, validationY]);
    model.dispose();
    // A model does not dispose an optimizer it was handed (only one it created from a name).
    optimizer.dispose();
  }
}

function plainModel(optimizer: tf.Optimizer): tf.Sequential {
  const model = tf.sequential();
  HIDDEN.forEach((units, index) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        ...(index === 0 ? { inputShape: [FEATURE_COUNT] } : {}),
      }),
    ),
  );
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}
