/** Pure helpers the search panel and its chart share: ranking while running, scores as text. */
import type { SearchTrial } from '../../lib/search/types';

/**
 * Best first, as the search ranks them: score, then lower validation log loss (classes), then
 * budget, then id; unscored last.
 */
export function rankTrials(trials: readonly SearchTrial[]): SearchTrial[] {
  const loss = (trial: SearchTrial) => trial.validation?.logLoss ?? Infinity;
  return [...trials].sort(
    (a, b) =>
      (b.score ?? -Infinity) - (a.score ?? -Infinity) ||
      (a.metricName === 'accuracy' ? loss(a) - loss(b) : 0) ||
      b.epochs - a.epochs ||
      a.id - b.id,
  );
}

/** A validation or test score as people read it: accuracy in %, RMSE as a positive number. */
export function formatScore(trial: Pick<SearchTrial, 'metricName'>, score: number | null): string {
  if (score === null || !Number.isFinite(score)) return '—';
  return trial.metricName === 'accuracy' ? `${(score * 100).toFixed(1)}%` : (-score).toPrecision(4);
}

/** The label of the score's column: "Validation accuracy" or "Validation RMSE". */
export function scoreLabel(metricName: SearchTrial['metricName'] | undefined): string {
  return metricName === 'neg_rmse' ? 'RMSE' : 'accuracy';
}

/**
 * The best score reached by each finish time, for the chart's "best so far" step line; it runs
 * on to the last finished trial, so a best found first still draws a line.
 */
export function bestSoFar(trials: readonly SearchTrial[]): { x: number; y: number }[] {
  const finished = trials
    .filter((t) => t.score !== null && t.rungs.length > 0)
    .sort((a, b) => a.finishedMs - b.finishedMs);
  const line: { x: number; y: number }[] = [];
  let best = -Infinity;
  for (const trial of finished) {
    if ((trial.score ?? -Infinity) > best) {
      best = trial.score ?? best;
      line.push({ x: trial.finishedMs / 1000, y: best });
    }
  }
  const end = (finished.at(-1)?.finishedMs ?? 0) / 1000;
  if (line.length > 0 && (line.at(-1)?.x ?? end) < end) line.push({ x: end, y: best });
  return line;
}
