import { WorkbenchError } from '../errors';
import { findColumn, type Table } from '../data/table';

/** Standardise a numeric column; missing cells become the training mean (0 after scaling). */
export interface NumericStep {
  column: string;
  kind: 'numeric';
  mean: number;
  std: number;
}

/** One-hot encode a categorical column over the categories seen in training. */
export interface OneHotStep {
  column: string;
  kind: 'one-hot';
  categories: string[];
}

export type FeatureStep = NumericStep | OneHotStep;

/** Preprocessing fitted on the training rows only; plain JSON so it can be stored and exported. */
export interface Preprocessing {
  steps: FeatureStep[];
  /** Number of model inputs the steps produce. */
  width: number;
}

/** Fits the preprocessing steps for `features` on the given training rows. */
export function fitPreprocessing(table: Table, features: string[], rows: number[]): Preprocessing {
  const steps = features.map((name): FeatureStep => {
    const column = requireColumn(table, name);
    if (column.storage === 'dictionary') {
      const seen = new Set<number>();
      for (const row of rows) {
        const code = column.codes[row] ?? -1;
        if (code >= 0) seen.add(code);
      }
      // Sorted by name, so the encoding does not depend on the order rows arrive in.
      const categories = [...seen].map((code) => column.categories[code] ?? '').sort();
      return { column: name, kind: 'one-hot', categories };
    }
    let sum = 0;
    let count = 0;
    for (const row of rows) {
      const value = column.values[row] ?? NaN;
      if (!Number.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (const row of rows) {
      const value = column.values[row] ?? NaN;
      if (!Number.isNaN(value)) squares += (value - mean) ** 2;
    }
    const std = count > 1 ? Math.sqrt(squares / count) : 0;
    return { column: name, kind: 'numeric', mean, std: std > 0 ? std : 1 };
  });
  const width = steps.reduce((total, step) => total + stepWidth(step), 0);
  return { steps, width };
}

/** Applies fitted preprocessing to the given rows, giving a row-major Float32Array. */
export function transformRows(prep: Preprocessing, table: Table, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * prep.width);
  let offset = 0;
  for (const step of prep.steps) {
    const column = requireColumn(table, step.column);
    if (step.kind === 'numeric') {
      if (column.storage !== 'number') throw kindMismatch(step.column, 'numeric');
      rows.forEach((row, i) => {
        const value = column.values[row] ?? NaN;
        out[i * prep.width + offset] = Number.isNaN(value) ? 0 : (value - step.mean) / step.std;
      });
    } else {
      if (column.storage !== 'dictionary') throw kindMismatch(step.column, 'categorical');
      const position = new Map(step.categories.map((category, index) => [category, index]));
      const slotOfCode = column.categories.map((category) => position.get(category) ?? -1);
      rows.forEach((row, i) => {
        const slot = slotOfCode[column.codes[row] ?? -1] ?? -1;
        if (slot >= 0) out[i * prep.width + offset + slot] = 1;
      });
    }
    offset += stepWidth(step);
  }
  assertFinite(out);
  return out;
}

function stepWidth(step: FeatureStep): number {
  return step.kind === 'numeric' ? 1 : step.categories.length;
}

function requireColumn(table: Table, name: string) {
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

function assertFinite(values: Float32Array): void {
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new WorkbenchError('non_finite_input', 'A feature value is too large to use.', {
      hint: 'Check the data for extreme values (for example 1e300) and remove or rescale them.',
      details: { index: bad },
    });
  }
}
