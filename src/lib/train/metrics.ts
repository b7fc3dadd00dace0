import type { Metrics, Task } from './types';

/**
 * Scores predictions against the truth. `outputs` is row-major with `width` values per row:
 * class probabilities (multiclass), P(class 1) (binary) or the predicted value (regression).
 */
export function scorePredictions(options: {
  task: Task;
  outputs: Float32Array;
  width: number;
  truth: Float32Array;
}): Metrics {
  const { task, outputs, width, truth } = options;
  const rowCount = truth.length;
  if (task === 'regression') return regressionMetrics(outputs, truth);
  let correct = 0;
  let logLoss = 0;
  for (let row = 0; row < rowCount; row++) {
    const label = truth[row] ?? 0;
    const probabilities = classProbabilities(outputs, row, width, task);
    const predicted = argmax(probabilities);
    if (predicted === label) correct++;
    logLoss -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, probabilities[label] ?? 0)));
  }
  return { accuracy: correct / rowCount, logLoss: logLoss / rowCount, rowCount };
}

/** Probabilities of every class for one row of model output. */
export function classProbabilities(
  outputs: Float32Array,
  row: number,
  width: number,
  task: Task,
): number[] {
  if (task === 'binary') {
    const p = outputs[row] ?? 0;
    return [1 - p, p];
  }
  return Array.from(outputs.subarray(row * width, row * width + width));
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

function regressionMetrics(predicted: Float32Array, truth: Float32Array): Metrics {
  const n = truth.length;
  const mean = truth.reduce((sum, value) => sum + value, 0) / n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += ((truth[i] ?? 0) - (predicted[i] ?? 0)) ** 2;
    total += ((truth[i] ?? 0) - mean) ** 2;
  }
  return {
    r2: total > 0 ? 1 - residual / total : 0,
    rmse: Math.sqrt(residual / n),
    rowCount: n,
  };
}

/** Maps standardised regression outputs back to the target's units (in place). */
export function unscale(
  outputs: Float32Array,
  task: Task,
  scale: { mean: number; std: number },
): Float32Array {
  if (task !== 'regression') return outputs;
  for (let i = 0; i < outputs.length; i++) outputs[i] = (outputs[i] ?? 0) * scale.std + scale.mean;
  return outputs;
}
