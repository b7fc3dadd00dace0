/**
 * Why one prediction: each feature's Shapley value in the model's output units (the predicted
 * class's probability, or the target's value), against a background of training rows. They add
 * up: baseline + sum(values) = prediction.
 */
import { labelAt } from '../data/cell-label';
import { findColumn, type Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { transformRows } from '../features/preprocess';
import { validateModel } from '../model/formats';
import { createRng, shuffleInPlace } from '../train/rng';
import { tableFromRecords, type RecordRow } from '../train/records';
import type { TrainedModel } from '../train/types';
import { inputGroups } from './groups';
import { networkRunner } from './network';
import { outputValue, predictedClass, type OutputSpace } from './output';
import { shapleyValues } from './shapley';
import type { ExplainData } from './rows';

export interface ExplainPredictionOptions {
  /** The row of the table (or of the rows) to explain (default 0). */
  row?: number;
  /**
   * Background rows the features are taken away to (the training rows, a version's reference
   * data, or any rows with the model's columns); default the given table or rows themselves.
   */
  baseline?: ExplainData | RecordRow[];
  /** Background rows used at most, a seeded sample (default 100, at most 1,000). */
  backgroundRows?: number;
  /** 'probability' (default) or 'logit' (where a linear classifier is additive). */
  output?: OutputSpace;
  /** The class explained (default the predicted one). */
  class?: string;
  /** 'column' (default): a one-hot column is one feature; 'input': every model input apart. */
  groupBy?: 'column' | 'input';
  /** Above 10 features: permutations per background row (default 16). */
  permutations?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface Attribution {
  name: string;
  column: string;
  /** The row's value of the column, as text (null when missing). */
  shown: string | null;
  /** Its share of prediction − baseline, in output units. */
  value: number;
}

export interface PredictionExplanation {
  /** The explained number for this row: a probability or the target's value. */
  prediction: number;
  /** The same number averaged over the background rows. */
  baseline: number;
  /** Largest effect first. */
  attributions: Attribution[];
  /** What is explained: 'value' (regression), or the class's 'probability' or 'logit'. */
  output: 'value' | OutputSpace;
  /** The class explained, or null for regression. */
  class: string | null;
  /** 'exact': every coalition of features; 'sampled': permutations (above 10 features). */
  method: 'exact' | 'sampled';
  backgroundRows: number;
}

const DEFAULT_BACKGROUND = 100;

function bad(setting: string, expected: string): WorkbenchError {
  return new WorkbenchError(
    'invalid_explain_options',
    `The explanation setting "${setting}" must be ${expected}.`,
    {
      hint: 'Leave it out to use the default.',
      details: { setting },
    },
  );
}

function asTable(model: TrainedModel, source: ExplainData | RecordRow[]): Table {
  if (Array.isArray(source)) return tableFromRecords(source, model.preprocessing);
  return 'splits' in source && Array.isArray(source.splits) ? source.table : (source as Table);
}

/** Shapley values of one row's prediction, with the baseline they add up from. */
export async function explainPrediction(
  model: TrainedModel,
  tableOrRows: Table | RecordRow[],
  options: ExplainPredictionOptions = {},
): Promise<PredictionExplanation> {
  validateModel(model);
  const table = asTable(model, tableOrRows);
  const row = options.row ?? 0;
  if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
    throw bad('row', `a row number from 0 to ${table.rowCount - 1}`);
  }
  const space = options.output ?? 'probability';
  if (space !== 'probability' && space !== 'logit') throw bad('output', "'probability' or 'logit'");
  const wanted = options.backgroundRows ?? DEFAULT_BACKGROUND;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 1000)
    throw bad('backgroundRows', 'a whole number from 1 to 1,000');
  const permutations = options.permutations ?? 16;
  if (!Number.isInteger(permutations) || permutations < 1 || permutations > 1000)
    throw bad('permutations', 'a whole number from 1 to 1,000');
  const seed = options.seed ?? model.spec.seed;
  const groupBy = options.groupBy ?? 'column';
  if (groupBy !== 'column' && groupBy !== 'input') throw bad('groupBy', "'column' or 'input'");

  const prep = model.preprocessing;
  const x = transformRows(prep, table, [row]);
  const backgroundTable = asTable(model, options.baseline ?? tableOrRows);
  if (backgroundTable.rowCount === 0) throw bad('baseline', 'a table with at least one row');
  const all = Array.from({ length: backgroundTable.rowCount }, (_, i) => i);
  const picked = all.length > wanted ? shuffleInPlace(all, createRng(seed)).slice(0, wanted) : all;
  const background = transformRows(prep, backgroundTable, picked);

  const runner = networkRunner(model);
  const probabilities = runner.run(x, 1);
  const classIndex =
    model.task === 'regression'
      ? null
      : options.class === undefined
        ? predictedClass(model, probabilities, 0)
        : model.classes.indexOf(options.class);
  if (classIndex !== null && classIndex < 0)
    throw bad('class', `one of ${model.classes.join(', ')}`);
  const logits = model.task !== 'regression' && space === 'logit';
  const which = { classIndex, space };
  const groups = inputGroups(prep, groupBy);
  const result = await shapleyValues({
    x,
    background,
    backgroundRows: picked.length,
    width: prep.width,
    groups,
    evaluate: (matrix, rows) => {
      const out = runner.run(matrix, rows, logits);
      return Float64Array.from({ length: rows }, (_, i) => outputValue(model, out, i, which));
    },
    permutations,
    seed,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const attributions = groups.map((group, i) => {
    const column = findColumn(table, group.column);
    return {
      name: group.name,
      column: group.column,
      shown: column ? labelAt(column, row) : null,
      value: result.values[i] ?? 0,
    };
  });
  attributions.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  return {
    prediction: result.prediction,
    baseline: result.baseline,
    attributions,
    output: model.task === 'regression' ? 'value' : space,
    class: classIndex === null ? null : (model.classes[classIndex] ?? null),
    method: result.method,
    backgroundRows: picked.length,
  };
}
