/**
 * From a batch of raw network outputs to predictions: the same for tf.js `predict` and the plain
 * forward pass (`predictWithoutTfjs`), so both refuse the same outputs with the same words.
 */
import { WorkbenchError } from '../errors';
import { argmax, classProbabilities, unscale } from './metrics';
import type { Prediction, Task } from './types';

function notFinite(row: number): WorkbenchError {
  return new WorkbenchError(
    'prediction_not_finite',
    `Row ${row}: the model's output is not a finite number.`,
    {
      hint: 'An input is far outside what the model was trained on (for example 3e38), or the model was changed; check that row.',
      details: { row },
    },
  );
}

/** What turns outputs into predictions: the task, the class names and the target's scale. */
export interface OutputMeaning {
  task: Task;
  classes: string[];
  targetScale: { mean: number; std: number };
}

/**
 * A batch's outputs in the target's units (regression outputs unscaled in place), refusing a
 * value that is not finite; `start` is the batch's first row, for the error.
 */
export function checkedOutputs(
  outputs: Float32Array,
  width: number,
  start: number,
  meaning: OutputMeaning,
): Float32Array {
  const values = unscale(outputs, meaning.task, meaning.targetScale);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] ?? NaN)) throw notFinite(start + Math.floor(i / width) + 1);
  }
  return values;
}

/**
 * Appends one prediction per row of `outputs` (row-major, `width` per row) to `into`; `start` is
 * the batch's first row, for the error naming a row whose output is not finite.
 */
export function appendPredictions(
  into: Prediction[],
  outputs: Float32Array,
  width: number,
  start: number,
  meaning: OutputMeaning,
): void {
  const { task, classes } = meaning;
  const values = checkedOutputs(outputs, width, start, meaning);
  const rows = values.length / width;
  for (let i = 0; i < rows; i++) {
    if (task === 'regression') {
      into.push({ value: values[i] ?? NaN });
    } else {
      const probabilities = classProbabilities(values, i, width, task);
      into.push({ label: classes[argmax(probabilities)] ?? '', probabilities });
    }
  }
}
