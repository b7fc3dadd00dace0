import { WorkbenchError } from '../errors';
import { findColumn, type Column, type Table } from '../data/table';
import { assertFiniteInputs, assertFittedFinite } from './finite';
import { applyDatetime, datetimeInputs, datetimeWidth, fitDatetime } from './steps/datetime';
import { applyNumeric, fitNumeric, numericInputs, numericWidth } from './steps/numeric';
import { applyOneHot, fitOneHot, oneHotInputs, oneHotWidth } from './steps/one-hot';
import {
  DEFAULT_PREPROCESS,
  type FeatureStep,
  type PreprocessOptions,
  type Preprocessing,
} from './types';

export type { FeatureStep, Preprocessing, PreprocessOptions } from './types';

/** Fits the preprocessing steps for `features` on the given training rows only. */
export function fitPreprocessing(
  table: Table,
  features: string[],
  rows: number[],
  options: Partial<PreprocessOptions> = {},
): Preprocessing {
  const { imputation, missingIndicators, minCategoryCount } = { ...DEFAULT_PREPROCESS, ...options };
  const steps = features.map((name): FeatureStep => {
    const column = requireColumn(table, name);
    if (column.storage === 'dictionary')
      return fitOneHot(column, rows, minCategoryCount, missingIndicators);
    const step =
      column.kind === 'datetime'
        ? fitDatetime(column, rows, missingIndicators)
        : fitNumeric(column, rows, imputation, missingIndicators);
    assertFittedFinite(step, column, rows);
    return step;
  });
  return {
    steps,
    width: steps.reduce((total, step) => total + stepWidth(step), 0),
    inputs: steps.flatMap(stepInputs),
  };
}

/** Applies fitted preprocessing to the given rows, giving a row-major Float32Array. */
export function transformRows(
  prep: Preprocessing,
  table: Table,
  rows: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows.length * prep.width);
  let offset = 0;
  for (const step of prep.steps) {
    const column = requireColumn(table, step.column);
    if (step.kind === 'one-hot') {
      if (column.storage !== 'dictionary') throw kindMismatch(step.column, 'categorical');
      applyOneHot(step, column, rows, out, prep.width, offset);
    } else {
      if (column.storage !== 'number') throw kindMismatch(step.column, 'numeric');
      if (step.kind === 'datetime') applyDatetime(step, column, rows, out, prep.width, offset);
      else applyNumeric(step, column, rows, out, prep.width, offset);
    }
    offset += stepWidth(step);
  }
  assertFiniteInputs(out, prep, rows, (input) => columnOfInput(prep, input));
  return out;
}

/** How many model inputs a step writes (a one-hot column writes one per category and more). */
export function stepWidth(step: FeatureStep): number {
  if (step.kind === 'numeric') return numericWidth(step);
  if (step.kind === 'datetime') return datetimeWidth(step);
  return oneHotWidth(step);
}

function stepInputs(step: FeatureStep): string[] {
  if (step.kind === 'numeric') return numericInputs(step);
  if (step.kind === 'datetime') return datetimeInputs(step);
  return oneHotInputs(step);
}

function requireColumn(table: Table, name: string): Column {
  const column = findColumn(table, name);
  if (!column) {
    throw new WorkbenchError('unknown_column', `No column is named "${name}".`, {
      hint: `Pick one of: ${table.columns.map((c) => c.name).join(', ')}.`,
      details: { column: name },
    });
  }
  return column;
}

function kindMismatch(name: string, expected: string): WorkbenchError {
  return new WorkbenchError(
    'target_not_usable',
    `Column "${name}" was ${expected} when the model was trained but is not now.`,
    { hint: 'Use data with the same columns and types as the training data.' },
  );
}

/** The column behind model input number `input`. */
function columnOfInput(prep: Preprocessing, input: number): string {
  let first = 0;
  for (const step of prep.steps) {
    first += stepWidth(step);
    if (input < first) return step.column;
  }
  return '';
}
