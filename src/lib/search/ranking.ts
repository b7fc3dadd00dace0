import type { Metrics, Task } from '../train/types';
import type { SearchTrial } from './types';

/**
 * The score a search ranks by, higher better: validation accuracy for classes, minus the RMSE
 * for regression (R^2 would rank the same on one validation set; RMSE reads in the target's
 * units). null when there are no metrics or the metric is missing.
 */
export function scoreOf(metrics: Metrics | null, task: Task): number | null {
  if (!metrics) return null;
  const value = task === 'regression' ? metrics.rmse : metrics.accuracy;
  if (value === undefined || !Number.isFinite(value)) return null;
  return task === 'regression' ? -value : value;
}

const RANKED: ReadonlySet<SearchTrial['status']> = new Set(['complete', 'stopped', 'running']);

/**
 * Orders trials best first: by score; for classes, equal accuracy goes to the lower validation
 * log loss (a validation set of a dozen rows, as iris has, leaves many trials at the same
 * accuracy, and log loss tells the more confident right answers apart); then the larger
 * budget (a score held over more epochs is better evidence); then the earlier trial. Trials
 * without a score follow, and failed and cancelled ones come last, by id.
 */
export function compareTrials(a: SearchTrial, b: SearchTrial): number {
  const rankA = RANKED.has(a.status) ? (a.score === null ? 1 : 0) : 2;
  const rankB = RANKED.has(b.status) ? (b.score === null ? 1 : 0) : 2;
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 0 && a.score !== b.score) return (b.score ?? 0) - (a.score ?? 0);
  if (rankA === 0) {
    const lossA = a.validation?.logLoss ?? Infinity;
    const lossB = b.validation?.logLoss ?? Infinity;
    if (lossA !== lossB) return lossA < lossB ? -1 : 1;
  }
  if (rankA !== 2 && a.epochs !== b.epochs) return b.epochs - a.epochs;
  return a.id - b.id;
}

/** A sorted copy, best first (see `compareTrials`). */
export function rankTrials(trials: readonly SearchTrial[]): SearchTrial[] {
  return [...trials].sort(compareTrials);
}
