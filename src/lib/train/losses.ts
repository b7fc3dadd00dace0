import * as tf from '@tensorflow/tfjs';
import type { Task } from './types';

const EPSILON = 1e-7;

/**
 * The training loss of a batch: cross-entropy (weighted per row, for class weights) or mean
 * squared error, plus L2 on the kernels (not the biases, as sklearn's MLP does).
 */
export function batchLoss(options: {
  task: Task;
  predicted: tf.Tensor;
  truth: tf.Tensor;
  weights: tf.Tensor | null;
  kernels: tf.Tensor[];
  l2: number;
}): tf.Scalar {
  const { task, predicted, truth, weights, kernels, l2 } = options;
  return tf.tidy(() => {
    let perRow: tf.Tensor;
    if (task === 'regression') {
      perRow = tf.squaredDifference(predicted, truth).mean(1);
    } else if (task === 'binary') {
      const p = predicted.clipByValue(EPSILON, 1 - EPSILON);
      perRow = truth
        .mul(p.log())
        .add(tf.scalar(1).sub(truth).mul(tf.scalar(1).sub(p).log()))
        .neg()
        .mean(1);
    } else {
      perRow = truth.mul(predicted.clipByValue(EPSILON, 1).log()).sum(1).neg();
    }
    let loss: tf.Scalar = weights ? perRow.mul(weights).sum().div(weights.sum()) : perRow.mean();
    if (l2 > 0 && kernels.length > 0) {
      const penalty = tf.addN(kernels.map((kernel) => kernel.square().sum()));
      loss = loss.add(penalty.mul(l2 / 2));
    }
    return loss;
  });
}
