import { WorkbenchError } from '../errors';
import { calibrationCurve } from './metrics/calibration';
import {
  classScores,
  confusionCounts,
  confusionRows,
  predictClasses,
} from './metrics/classification';
import { logLoss } from './metrics/log-loss';
import { regressionMetrics } from './metrics/regression';
import { rocAuc } from './metrics/roc-auc';
import type { Metrics } from './metrics/types';
import type { Task } from './types';

export type { CalibrationBin, ClassScores, Metrics } from './metrics/types';

/**
 * Scores predictions against the truth, with scikit-learn's definitions. `outputs` is row-major
 * with `width` values per row: class probabilities (multiclass, width = classCount), P(class 1)
 * (binary, width 1) or the predicted value (regression, width 1). `truth` holds the class index
 * or the true value of each row. `classCount` defaults to 2 (binary) or `width` (multiclass).
 */
export function scorePredictions(options: {
  task: Task;
  outputs: ArrayLike<number>;
  width: number;
  truth: ArrayLike<number>;
  classCount?: number;
}): Metrics {
  const { task, outputs, width, truth } = options;
  const rowCount = truth.length;
  check(rowCount > 0, () => 'there are no rows to score');
  check(
    outputs.length === rowCount * width,
    () => `${outputs.length} outputs do not make ${rowCount} rows of width ${width}`,
  );
  if (task === 'regression') {
    check(width === 1, () => `regression needs one output per row, not ${width}`);
    return regressionMetrics(outputs, truth);
  }
  const binary = task === 'binary';
  const classCount = options.classCount ?? (binary ? 2 : width);
  check(
    binary ? width === 1 && classCount === 2 : width === classCount && classCount >= 2,
    () => `a ${task} task cannot have ${classCount} classes and ${width} outputs per row`,
  );
  const labels = classLabels(truth, classCount);
  const predicted = predictClasses(outputs, width, binary);
  const counts = confusionCounts(labels, predicted, classCount);
  const { accuracy, perClass, macro } = classScores(counts, classCount);
  return {
    rowCount,
    accuracy,
    logLoss: logLoss(outputs, width, labels, binary),
    macro,
    perClass,
    rocAuc: rocAuc({ outputs, width, labels, classCount, binary }),
    confusion: confusionRows(counts, classCount),
    calibration: calibrationCurve({ outputs, width, labels, predicted, binary }),
  };
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

/** The truth as class indices, refusing anything that is not one. */
function classLabels(truth: ArrayLike<number>, classCount: number): Int32Array {
  const labels = new Int32Array(truth.length);
  for (let row = 0; row < truth.length; row++) {
    const label = truth[row] ?? NaN;
    check(
      Number.isInteger(label) && label >= 0 && label < classCount,
      () => `row ${row} has class ${label}, not an index below ${classCount}`,
    );
    labels[row] = label;
  }
  return labels;
}

/** Bad shapes are a bug in the caller; the message is built only when it fails. */
function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) {
    throw new WorkbenchError('internal', `Cannot score predictions: ${message()}.`, {
      hint: 'This is a bug in the workbench; please report it.',
    });
  }
}
