/**
 * The accuracy guard: how much a quantized model may lose against its parent on the validation
 * rows. Classification: accuracy may drop by max(0.5 points, one validation row); regression:
 * RMSE may grow by 2% of the parent's.
 */
import type { Metrics } from '../train/metrics';
import type { Task } from '../train/types';

/** 0.5 accuracy points, as a fraction. */
const ACCURACY_POINTS = 0.005;
/** 2% relative RMSE. */
const RELATIVE_RMSE = 0.02;

/** The largest loss accepted, in `lossOf`'s unit. */
export function lossLimit(task: Task, validationRows: number, maxDrop?: number): number {
  if (maxDrop !== undefined) return maxDrop;
  if (task === 'regression') return RELATIVE_RMSE;
  return Math.max(ACCURACY_POINTS, 1 / validationRows);
}

/**
 * What `metrics` lose against `parent`: the accuracy drop (a fraction) or the relative RMSE
 * increase. Negative when the quantized model does better.
 */
export function lossOf(task: Task, parent: Metrics, metrics: Metrics): number {
  if (task === 'regression') {
    const before = parent.rmse ?? NaN;
    const after = metrics.rmse ?? NaN;
    // A perfect parent: any error at all is an infinite relative loss.
    if (before === 0) return after === 0 ? 0 : Infinity;
    return (after - before) / before;
  }
  return (parent.accuracy ?? NaN) - (metrics.accuracy ?? NaN);
}

/** A finer loss to order layers whose main losses tie: log loss or RMSE increase. */
export function tieBreak(task: Task, parent: Metrics, metrics: Metrics): number {
  if (task === 'regression') return (metrics.mae ?? 0) - (parent.mae ?? 0);
  return (metrics.logLoss ?? 0) - (parent.logLoss ?? 0);
}
