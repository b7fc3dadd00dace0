/**
 * Champion against challenger on the same rows: each model's metric, the significance of the
 * difference (McNemar's test on which rows each got right, for classes; a paired bootstrap of
 * the RMSE, for values), results per slice, and a verdict. A challenger is offered for promotion
 * only when it is better by at least `minGain` and the test says p < `alpha`.
 */
import { labelAt as textAt } from '../data/cell-label';
import type { Column, Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import type { Prediction, TrainedModel } from '../train/types';
import {
  mcnemarTest,
  pairedBootstrap,
  type McNemarResult,
  type PairedBootstrapResult,
} from './statistics/index';

/** One model's results on the compared rows. */
export interface ModelResult {
  /** accuracy for classes, rmse for values. */
  metric: 'accuracy' | 'rmse';
  value: number;
  /** Also reported for values: mean absolute error and R². */
  mae: number | null;
  r2: number | null;
}

export interface SliceResult {
  column: string;
  value: string;
  rows: number;
  champion: ModelResult;
  challenger: ModelResult;
}

export type SignificanceTest =
  | ({ kind: 'mcnemar' } & McNemarResult)
  | ({ kind: 'bootstrap'; metric: 'rmse' } & PairedBootstrapResult);

export interface ModelComparison {
  rows: number;
  champion: ModelResult;
  challenger: ModelResult;
  /** The challenger's gain: accuracy up, or RMSE down (positive is better). */
  gain: number;
  test: SignificanceTest;
  /** The test's p-value, for the record and for scripts. */
  pValue: number;
  /** Whether the challenger is better by at least `minGain` with p < `alpha`. */
  challengerWins: boolean;
  slices: SliceResult[];
}

export interface CompareOptions {
  /** Columns whose categories each get their own results (at most 12 values each). */
  slices?: readonly string[];
  /** The least gain worth promoting (0 by default). */
  minGain?: number;
  /** The p-value a win needs (0.05). */
  alpha?: number;
  /** Seeds the bootstrap (0). */
  seed?: number;
  /** What predicts a table: `predict` in `compareModels`. */
  predictor: (model: TrainedModel, table: Table) => Promise<Prediction[]>;
}

const SLICE_VALUES = 12;

function resultOf(
  task: TrainedModel['task'],
  rows: readonly number[],
  errors: Float64Array,
  truth: Float64Array,
): ModelResult {
  if (task !== 'regression') {
    let right = 0;
    for (const row of rows) right += errors[row] === 0 ? 1 : 0;
    return {
      metric: 'accuracy',
      value: rows.length > 0 ? right / rows.length : NaN,
      mae: null,
      r2: null,
    };
  }
  let squared = 0;
  let absolute = 0;
  let mean = 0;
  for (const row of rows) mean += truth[row] ?? 0;
  mean /= rows.length || 1;
  let total = 0;
  for (const row of rows) {
    const e = errors[row] ?? 0;
    squared += e * e;
    absolute += Math.abs(e);
    total += ((truth[row] ?? 0) - mean) ** 2;
  }
  const n = rows.length || 1;
  return {
    metric: 'rmse',
    value: Math.sqrt(squared / n),
    mae: absolute / n,
    r2: total > 0 ? 1 - squared / total : null,
  };
}

/** Per row: 0 when right, 1 when wrong (classes), or prediction − truth (values). */
function errorsOf(
  predictions: readonly Prediction[],
  target: Column,
  task: TrainedModel['task'],
  rows: readonly number[],
) {
  const errors = new Float64Array(
    target.storage === 'number' ? target.values.length : target.codes.length,
  );
  const truth = new Float64Array(errors.length);
  for (const row of rows) {
    const prediction = predictions[row];
    const text = textAt(target, row) ?? '';
    if (task === 'regression') {
      truth[row] = target.storage === 'number' ? (target.values[row] ?? NaN) : Number(text);
      errors[row] =
        (prediction && 'value' in prediction ? prediction.value : NaN) - (truth[row] ?? NaN);
    } else {
      errors[row] = prediction && 'label' in prediction && prediction.label === text ? 0 : 1;
    }
  }
  return { errors, truth };
}

export async function compareModelsWith(
  champion: TrainedModel,
  challenger: TrainedModel,
  table: Table,
  options: CompareOptions,
): Promise<ModelComparison> {
  validateModel(champion);
  validateModel(challenger);
  if (champion.task !== challenger.task || champion.target !== challenger.target) {
    throw new WorkbenchError(
      'dataset_mismatch',
      `The two models predict different things (${champion.task} "${champion.target}" and ${challenger.task} "${challenger.target}").`,
      {
        hint: 'Compare a challenger retrained from this champion.',
      },
    );
  }
  const target = table.columns.find((c) => c.name === champion.target);
  if (!target) {
    throw new WorkbenchError(
      'unknown_column',
      `The comparison rows have no column "${champion.target}".`,
      {
        hint: `Compare on rows with their true "${champion.target}".`,
        details: { column: champion.target },
      },
    );
  }
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount; row++) if (textAt(target, row) !== null) rows.push(row);
  if (rows.length === 0) {
    throw new WorkbenchError('too_few_rows', 'None of the comparison rows has a label.', {
      hint: `Compare on rows with their true "${champion.target}".`,
    });
  }
  const [a, b] = [
    await options.predictor(champion, table),
    await options.predictor(challenger, table),
  ];
  const task = champion.task;
  const ea = errorsOf(a, target, task, rows);
  const eb = errorsOf(b, target, task, rows);
  const championResult = resultOf(task, rows, ea.errors, ea.truth);
  const challengerResult = resultOf(task, rows, eb.errors, eb.truth);
  let test: SignificanceTest;
  if (task === 'regression') {
    const squares = (e: Float64Array) => Float64Array.from(rows, (row) => (e[row] ?? 0) ** 2);
    test = {
      kind: 'bootstrap',
      metric: 'rmse',
      ...pairedBootstrap(squares(ea.errors), squares(eb.errors), {
        metric: 'rmse',
        seed: options.seed ?? 0,
      }),
    };
  } else {
    const right = (e: Float64Array) => rows.map((row) => e[row] === 0);
    test = { kind: 'mcnemar', ...mcnemarTest(right(ea.errors), right(eb.errors)) };
  }
  const gain =
    task === 'regression'
      ? championResult.value - challengerResult.value
      : challengerResult.value - championResult.value;
  const alpha = options.alpha ?? 0.05;
  return {
    rows: rows.length,
    champion: championResult,
    challenger: challengerResult,
    gain,
    test,
    pValue: test.pValue,
    challengerWins: gain > 0 && gain >= (options.minGain ?? 0) && test.pValue < alpha,
    slices: slicesOf(table, rows, options.slices ?? [], task, ea, eb),
  };
}

function slicesOf(
  table: Table,
  rows: readonly number[],
  columns: readonly string[],
  task: TrainedModel['task'],
  ea: { errors: Float64Array; truth: Float64Array },
  eb: { errors: Float64Array; truth: Float64Array },
): SliceResult[] {
  const slices: SliceResult[] = [];
  for (const name of columns) {
    const column = table.columns.find((c) => c.name === name);
    if (!column) {
      throw new WorkbenchError(
        'unknown_column',
        `No column "${name}" to slice the comparison by.`,
        {
          hint: 'Slice by columns of the comparison rows.',
          details: { column: name },
        },
      );
    }
    const groups = new Map<string, number[]>();
    for (const row of rows) {
      const value = textAt(column, row) ?? '(missing)';
      const group = groups.get(value) ?? [];
      group.push(row);
      groups.set(value, group);
    }
    const biggest = [...groups.entries()]
      .sort((x, y) => y[1].length - x[1].length)
      .slice(0, SLICE_VALUES);
    for (const [value, group] of biggest) {
      slices.push({
        column: name,
        value,
        rows: group.length,
        champion: resultOf(task, group, ea.errors, ea.truth),
        challenger: resultOf(task, group, eb.errors, eb.truth),
      });
    }
  }
  return slices;
}
