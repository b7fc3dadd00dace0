/**
 * The model's metric on a window's labelled rows, with the same definitions as its test score
 * (scorePredictions, scikit-learn's), so the two can be compared.
 */
import { labelAt as labelOf } from '../data/cell-label';
import type { Column } from '../data/table';
import { scorePredictions } from '../train/metrics';
import { headlineMetric } from '../train/metric-registry';
import type { Prediction, Task } from '../train/types';
import type { WindowPerformance } from './types';

export function windowPerformance(
  task: Task,
  classes: readonly string[],
  target: Column | undefined,
  predictions: readonly Prediction[],
  start: number,
  end: number,
): WindowPerformance | null {
  const metric = headlineMetric(task);
  if (!target || !metric) return null;
  const outputs: number[] = [];
  const truth: number[] = [];
  const width = task === 'multiclass' ? classes.length : 1;
  for (let row = start; row < end; row++) {
    const prediction = predictions[row];
    if (!prediction) continue;
    if (task === 'regression') {
      const value =
        target.storage === 'number' ? (target.values[row] ?? NaN) : Number(labelOf(target, row));
      if (!Number.isFinite(value) || !('value' in prediction)) continue;
      truth.push(value);
      outputs.push(prediction.value);
      continue;
    }
    const label = labelOf(target, row);
    const index = label === null ? -1 : classes.indexOf(label);
    if (index < 0 || !('probabilities' in prediction)) continue;
    truth.push(index);
    if (width === 1) outputs.push(prediction.probabilities[1] ?? NaN);
    else outputs.push(...prediction.probabilities);
  }
  if (truth.length === 0) return null;
  const metrics = scorePredictions({
    task,
    outputs,
    width,
    truth,
    classCount: classes.length || undefined,
  });
  const value = metric.read(metrics);
  return value === undefined ? null : { metric: metric.name, value, rows: truth.length };
}
