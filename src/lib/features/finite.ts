import { WorkbenchError } from '../errors';
import type { NumericColumn } from '../data/table';
import type { FeatureStep, Preprocessing } from './types';

/*
 * Row numbers in these errors are the file's own (table row + 1, as readCsv's warnings count),
 * never positions in a shuffled batch: the same bad cell is named the same way every run.
 */

/**
 * Refuses a fitted step whose numbers are not finite (an extreme value made the mean or spread
 * overflow), naming the first row of the file, among the fitted rows, that holds such a value.
 * Such a step would scale every row to 0 or NaN, and be stored as null in JSON.
 */
export function assertFittedFinite(step: FeatureStep, column: NumericColumn, rows: number[]): void {
  const fitted =
    step.kind === 'numeric'
      ? [step.fill, step.mean, step.std]
      : step.kind === 'datetime'
        ? [step.fill, step.yearMean, step.yearStd]
        : [];
  if (fitted.every(Number.isFinite)) return;
  const tableRow = extremeRow(column.values, rows);
  const row = tableRow + 1;
  const value = column.values[tableRow] ?? NaN;
  throw new WorkbenchError(
    'non_finite_input',
    Number.isFinite(value)
      ? `Row ${row}, column "${step.column}": ${value} is too extreme to scale; the column's mean or spread is not a finite number.`
      : `Row ${row}, column "${step.column}": ${value} is not a finite number; models cannot train on it.`,
    {
      hint: 'Remove or rescale infinite or extreme values (like 1e300) in that column, or leave the column out.',
      details: { row, column: step.column },
    },
  );
}

/**
 * The first row (in file order) holding a value large enough to overflow the statistics: a sum
 * of n values overflows only if one exceeds MAX/n, and a sum of n squared deviations (each at
 * most 4·max²) only if one exceeds sqrt(MAX/4n), so some row always passes this bound.
 */
function extremeRow(values: Float64Array, rows: number[]): number {
  const limit = Math.sqrt(Number.MAX_VALUE / (4 * Math.max(1, rows.length)));
  let first = -1;
  let largest = -1;
  for (const row of rows) {
    const magnitude = Math.abs(values[row] ?? NaN);
    if (Number.isNaN(magnitude)) continue;
    if (magnitude > limit && (first < 0 || row < first)) first = row;
    const top = Math.abs(values[largest] ?? 0);
    if (largest < 0 || magnitude > top || (magnitude === top && row < largest)) largest = row;
  }
  // Rounding at the very edge could leave no row past the bound: the largest is then to blame.
  return first >= 0 ? first : Math.max(0, largest);
}

/**
 * Throws when a transformed value is not finite (a value that overflows float32 once scaled),
 * naming the smallest table row among `rows`, whatever order the batch has them in.
 */
export function assertFiniteInputs(
  values: Float32Array,
  prep: Preprocessing,
  rows: ArrayLike<number>,
  columnOf: (input: number) => string,
): void {
  let bad = 0;
  while (bad < values.length && Number.isFinite(values[bad] ?? NaN)) bad++;
  if (bad === values.length) return;
  const width = prep.width;
  let worstRow = Infinity;
  let worstInput = 0;
  for (let i = bad; i < values.length; i++) {
    if (Number.isFinite(values[i] ?? NaN)) continue;
    const row = rows[Math.floor(i / width)] ?? 0;
    if (row < worstRow) {
      worstRow = row;
      worstInput = i % width;
    }
  }
  const row = worstRow + 1;
  const input = prep.inputs[worstInput] ?? '';
  const column = columnOf(worstInput);
  throw new WorkbenchError(
    'non_finite_input',
    `Row ${row}, column "${column}" gives the model input "${input}" a value that is not a finite number.`,
    {
      hint: 'Check that row for infinite or extreme values (like 1e300) and remove or rescale them.',
      details: { row, column, input },
    },
  );
}
