import type { NumericColumn } from '../../data/table';
import type { Imputation, NumericStep } from '../types';

/** Fits fill value and standardisation of a number column on the training rows. */
export function fitNumeric(
  column: NumericColumn,
  rows: number[],
  imputation: Imputation,
  indicators: boolean,
): NumericStep {
  const present: number[] = [];
  for (const row of rows) {
    const value = column.values[row] ?? NaN;
    if (!Number.isNaN(value)) present.push(value);
  }
  const fill = fillValue(present, imputation);
  // Statistics after imputation, as sklearn's SimpleImputer then StandardScaler would see them.
  const missing = rows.length - present.length;
  const n = rows.length;
  const mean = n > 0 ? (present.reduce((a, b) => a + b, 0) + missing * fill) / n : 0;
  // No missing cells add nothing, even when the squared gap overflows (0 x Infinity is NaN).
  const filled = missing > 0 ? missing * (fill - mean) ** 2 : 0;
  const squares = present.reduce((a, v) => a + (v - mean) ** 2, 0) + filled;
  const std = n > 0 ? Math.sqrt(squares / n) : 0;
  return {
    column: column.name,
    kind: 'numeric',
    fill,
    mean,
    // 1 for a constant column; an overflowed spread (Infinity, NaN) stays, to be refused.
    std: std === 0 ? 1 : std,
    indicator: indicators && missing > 0,
    ...(column.kind === 'boolean' ? { source: 'boolean' as const } : {}),
  };
}

export function numericWidth(step: NumericStep): number {
  return 1 + (step.indicator ? 1 : 0);
}

export function numericInputs(step: NumericStep): string[] {
  return step.indicator ? [step.column, `${step.column}.missing`] : [step.column];
}

/** Writes the step's inputs for each row at `offset` of row-major `out`. */
export function applyNumeric(
  step: NumericStep,
  column: NumericColumn,
  rows: ArrayLike<number>,
  out: Float32Array,
  width: number,
  offset: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const value = column.values[rows[i] ?? 0] ?? NaN;
    const missing = Number.isNaN(value);
    out[i * width + offset] = ((missing ? step.fill : value) - step.mean) / step.std;
    if (step.indicator) out[i * width + offset + 1] = missing ? 1 : 0;
  }
}

function fillValue(values: number[], imputation: Imputation): number {
  if (values.length === 0) return 0;
  if (imputation === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = [...values].sort((a, b) => a - b);
  if (imputation === 'median') {
    const mid = sorted.length >> 1;
    return sorted.length % 2
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }
  // most frequent, smallest on ties (as sklearn)
  let best = sorted[0] ?? 0;
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i] ?? 0;
    }
    i = j;
  }
  return best;
}
