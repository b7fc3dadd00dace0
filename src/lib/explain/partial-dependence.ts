/**
 * Partial dependence and ICE curves (Friedman 2001; Goldstein et al. 2015; scikit-learn's
 * `partial_dependence`): one feature set to each value of a grid on every sampled row, the rest
 * of the row kept. Each row's curve is an ICE line; their mean is the partial dependence.
 */
import { findColumn, type Column, type Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { transformRows } from '../features/preprocess';
import { validateModel } from '../model/formats';
import { Pacer } from '../pace';
import { takeRows } from '../reference/sample';
import { createRng, shuffleInPlace } from '../train/rng';
import type { TrainedModel } from '../train/types';
import { networkRunner } from './network';
import { outputValue } from './output';
import type { ExplainData } from './rows';

export interface PartialDependenceOptions {
  feature: string;
  /** Grid points for a number (default 20; fewer when it has fewer distinct values). */
  gridPoints?: number;
  /** Rows sampled for the curves (default 100, at most 2,000). */
  rows?: number;
  /** The class whose probability is shown (default the second class for binary, else the first). */
  class?: string;
  seed?: number;
  signal?: AbortSignal;
}

export interface PartialDependence {
  feature: string;
  kind: 'number' | 'category';
  /** Grid values: numbers (dates as ms since 1970), or categories. */
  grid: (number | string)[];
  /** The mean over the rows at each grid value. */
  average: number[];
  /** One curve per sampled row: its prediction at each grid value. */
  ice: number[][];
  /** What is shown: the target's value, or a class's probability. */
  output: 'value' | 'probability';
  class: string | null;
}

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

/** Numbers: the distinct values when few, else evenly from the 5th to the 95th percentile. */
function numberGrid(values: Float64Array, points: number): number[] {
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const distinct = [...new Set(sorted)];
  if (distinct.length <= points) return distinct;
  const at = (q: number) => {
    // numpy's default (linear) percentile.
    const position = q * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.min(sorted.length - 1, low + 1);
    return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (position - low);
  };
  const low = at(0.05);
  const high = at(0.95);
  return Array.from({ length: points }, (_, i) => low + ((high - low) * i) / (points - 1));
}

/** The same rows with one column set to one value everywhere. */
function withValue(table: Table, column: Column, value: number | string): Table {
  const replaced: Column =
    column.storage === 'number'
      ? { ...column, values: new Float64Array(table.rowCount).fill(value as number) }
      : { ...column, categories: [value as string], codes: new Int32Array(table.rowCount) };
  return { ...table, columns: table.columns.map((c) => (c.name === column.name ? replaced : c)) };
}

export async function partialDependence(
  model: TrainedModel,
  data: ExplainData,
  options: PartialDependenceOptions,
): Promise<PartialDependence> {
  validateModel(model);
  const source = 'splits' in data && Array.isArray(data.splits) ? data.table : (data as Table);
  const step = model.preprocessing.steps.find((s) => s.column === options.feature);
  if (!step) {
    throw new WorkbenchError(
      'unknown_column',
      `The model does not read a column named "${options.feature}".`,
      {
        hint: `Pick one of: ${model.preprocessing.steps.map((s) => s.column).join(', ')}.`,
        details: { column: options.feature },
      },
    );
  }
  const points = options.gridPoints ?? 20;
  if (!Number.isInteger(points) || points < 2 || points > 200)
    throw bad('gridPoints', 'a whole number from 2 to 200');
  const wanted = options.rows ?? 100;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 2000)
    throw bad('rows', 'a whole number from 1 to 2,000');
  const seed = options.seed ?? model.spec.seed;
  const all = Array.from({ length: source.rowCount }, (_, i) => i);
  const picked = all.length > wanted ? shuffleInPlace(all, createRng(seed)).slice(0, wanted) : all;
  if (picked.length === 0) throw bad('data', 'a table with at least one row');
  const rows = takeRows(source, Uint32Array.from(picked));
  const column = findColumn(rows, options.feature);
  if (!column) {
    throw new WorkbenchError(
      'unknown_column',
      `The table has no column named "${options.feature}".`,
      {
        hint: 'Use the training table or rows with every column the model reads.',
        details: { column: options.feature },
      },
    );
  }
  const grid: (number | string)[] =
    step.kind === 'one-hot'
      ? [...step.categories]
      : numberGrid(column.storage === 'number' ? column.values : new Float64Array(), points);

  let classIndex: number | null = null;
  if (model.task !== 'regression') {
    classIndex =
      options.class === undefined
        ? model.task === 'binary'
          ? 1
          : 0
        : model.classes.indexOf(options.class);
    if (classIndex < 0) throw bad('class', `one of ${model.classes.join(', ')}`);
  }
  const runner = networkRunner(model);
  const which = { classIndex, space: 'probability' as const };
  const ice: number[][] = picked.map(() => []);
  const pacer = new Pacer();
  for (const value of grid) {
    if (options.signal?.aborted)
      throw new WorkbenchError('aborted', 'The explanation was cancelled.');
    const set = withValue(rows, column, value);
    const out = runner.run(
      transformRows(
        model.preprocessing,
        set,
        picked.map((_, i) => i),
      ),
      picked.length,
    );
    picked.forEach((_, i) => ice[i]?.push(outputValue(model, out, i, which)));
    await pacer.pause();
  }
  const average = grid.map(
    (_, g) => ice.reduce((sum, curve) => sum + (curve[g] ?? 0), 0) / ice.length,
  );
  return {
    feature: options.feature,
    kind: step.kind === 'one-hot' ? 'category' : 'number',
    grid,
    average,
    ice,
    output: model.task === 'regression' ? 'value' : 'probability',
    class: classIndex === null ? null : (model.classes[classIndex] ?? null),
  };
}
