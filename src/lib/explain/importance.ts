/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): how much the
 * model's main metric falls on its validation rows when one feature's values are shuffled
 * across the rows, breaking its link to the target. Repeated with fresh shuffles; the mean and
 * the standard deviation (ddof 0, as numpy's default) of the falls are reported.
 */
import { WorkbenchError } from '../errors';
import { transformRows } from '../features/preprocess';
import { validateModel } from '../model/formats';
import { Pacer } from '../pace';
import { createRng, shuffleInPlace } from '../train/rng';
import type { TrainedModel } from '../train/types';
import { copyGroup, inputGroups } from './groups';
import { networkRunner } from './network';
import { predictedClass } from './output';
import { explainRows, type ExplainData } from './rows';

export interface ExplainModelOptions {
  /** Shuffles per feature (1 to 100, default 10). */
  repeats?: number;
  /** Seeds the shuffles (default the model's training seed). */
  seed?: number;
  /** 'column' (default): a one-hot column is one feature; 'input': every model input apart. */
  groupBy?: 'column' | 'input';
  /** 'validation' (default): the model's validation rows; 'all': every labelled row given. */
  rows?: 'validation' | 'all';
  /** Rows scored at most (a seeded sample of the validation rows beyond it; default 10,000). */
  maxRows?: number;
  signal?: AbortSignal;
  /** After each feature: features done, and how many there are. */
  onProgress?: (done: number, total: number) => void;
}

export interface FeatureImportance {
  name: string;
  /** The column its inputs come from. */
  column: string;
  /** Mean fall of the metric when shuffled: positive means the model relies on it. */
  importance: number;
  std: number;
  /** Each repeat's fall. */
  falls: number[];
}

export interface ModelExplanation {
  /** Most important first. */
  features: FeatureImportance[];
  metric: 'accuracy' | 'r2';
  /** The metric on the rows before any shuffle. */
  baselineScore: number;
  rows: number;
  /** Which rows: the model's validation rows, its test rows (no validation), or all of a table. */
  source: 'validation' | 'test' | 'all';
  repeats: number;
  seed: number;
  groupBy: 'column' | 'input';
}

const DEFAULT_MAX_ROWS = 10_000;

function badOption(setting: string, expected: string): WorkbenchError {
  return new WorkbenchError(
    'invalid_explain_options',
    `The explanation setting "${setting}" must be ${expected}.`,
    {
      hint: 'Leave it out to use the default.',
      details: { setting },
    },
  );
}

/** Permutation importance of each feature on the model's validation rows. */
export async function explainModel(
  model: TrainedModel,
  data: ExplainData,
  options: ExplainModelOptions = {},
): Promise<ModelExplanation> {
  validateModel(model);
  const repeats = options.repeats ?? 10;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100)
    throw badOption('repeats', 'a whole number from 1 to 100');
  const seed = options.seed ?? model.spec.seed;
  if (!Number.isInteger(seed)) throw badOption('seed', 'a whole number');
  const groupBy = options.groupBy ?? 'column';
  if (groupBy !== 'column' && groupBy !== 'input')
    throw badOption('groupBy', "'column' or 'input'");
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1)
    throw badOption('maxRows', 'a whole number above 0');

  const which = options.rows ?? 'validation';
  if (which !== 'validation' && which !== 'all') throw badOption('rows', "'validation' or 'all'");
  const found = explainRows(model, data, which);
  const random = createRng(seed);
  const rows =
    found.rows.length > maxRows
      ? shuffleInPlace([...found.rows], createRng(seed + 1)).slice(0, maxRows)
      : found.rows;
  const n = rows.length;
  const width = model.preprocessing.width;
  const input = transformRows(model.preprocessing, found.table, rows);
  const truth = Float64Array.from(rows, (row) => found.truth[row] ?? NaN);
  const runner = networkRunner(model);
  const metric = model.task === 'regression' ? 'r2' : 'accuracy';
  const score = (matrix: Float32Array) => scoreOutputs(model, runner.run(matrix, n), truth);
  const baselineScore = score(input);

  const groups = inputGroups(model.preprocessing, groupBy);
  const shuffled = new Float32Array(input);
  const order = Array.from({ length: n }, (_, i) => i);
  const pacer = new Pacer();
  const features: FeatureImportance[] = [];
  for (const [index, group] of groups.entries()) {
    const falls: number[] = [];
    for (let r = 0; r < repeats; r++) {
      if (options.signal?.aborted)
        throw new WorkbenchError('aborted', 'The explanation was cancelled.');
      // scikit-learn shuffles one index array again for every repeat.
      shuffleInPlace(order, random);
      for (let row = 0; row < n; row++)
        copyGroup(group, width, input, order[row] ?? row, shuffled, row);
      falls.push(baselineScore - score(shuffled));
      await pacer.pause();
    }
    // Back to the true values before the next feature is shuffled.
    for (let row = 0; row < n; row++) copyGroup(group, width, input, row, shuffled, row);
    const mean = falls.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(falls.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    features.push({ name: group.name, column: group.column, importance: mean, std, falls });
    options.onProgress?.(index + 1, groups.length);
  }
  features.sort((a, b) => b.importance - a.importance);
  return { features, metric, baselineScore, rows: n, source: found.source, repeats, seed, groupBy };
}

/** Accuracy (classes, as `scorePredictions` picks them) or R² (regression, in target units). */
function scoreOutputs(model: TrainedModel, outputs: Float32Array, truth: Float64Array): number {
  const n = truth.length;
  if (model.task !== 'regression') {
    let right = 0;
    for (let row = 0; row < n; row++)
      if (predictedClass(model, outputs, row) === truth[row]) right++;
    return right / n;
  }
  let mean = 0;
  for (let row = 0; row < n; row++) mean += truth[row] ?? 0;
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let row = 0; row < n; row++) {
    const value = (outputs[row] ?? 0) * model.targetScale.std + model.targetScale.mean;
    residual += ((truth[row] ?? 0) - value) ** 2;
    total += ((truth[row] ?? 0) - mean) ** 2;
  }
  // scikit-learn's r2_score with force_finite: a constant truth scores 1 if matched, else 0.
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
