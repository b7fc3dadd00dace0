import type { Table } from '../src/lib/index';
import { createRng } from '../src/lib/train/rng';

export const FEATURE_COUNT = 16;
export const TARGET = 'y';

/**
 * A seeded regression table: 16 numeric features with zero mean and unit variance, and a target
 * that is a noisy nonlinear function of them. Rows are drawn in order, so the same seed gives the
 * same first rows whatever the row count.
 */
export function syntheticTable(rows: number, seed = 1): Table {
  const random = createRng(seed);
  // Uniform on [-sqrt 3, sqrt 3] has variance 1: the workbench's standardising is then close to
  // a no-op, so the baseline can feed the raw values and still see the same numbers.
  const spread = Math.sqrt(3);
  const features = Array.from({ length: FEATURE_COUNT }, () => new Float64Array(rows));
  const target = new Float64Array(rows);
  const row = new Float64Array(FEATURE_COUNT);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < FEATURE_COUNT; f++) {
      const value = (random() * 2 - 1) * spread;
      row[f] = value;
      (features[f] as Float64Array)[r] = value;
    }
    target[r] = targetOf(row) + 0.1 * (random() + random() + random() - 1.5);
  }
  return {
    rowCount: rows,
    issues: [],
    columns: [
      ...features.map((values, f) => ({
        name: `f${f}`,
        kind: 'numeric' as const,
        storage: 'number' as const,
        values,
        missing: 0,
      })),
      { name: TARGET, kind: 'numeric', storage: 'number', values: target, missing: 0 },
    ],
  };
}

/** Row-major float32 features and targets of rows [start, end), for the plain tf.js baseline. */
export function denseSlice(
  table: Table,
  start: number,
  end: number,
): { x: Float32Array; y: Float32Array } {
  const count = end - start;
  const x = new Float32Array(count * FEATURE_COUNT);
  const y = new Float32Array(count);
  for (const [index, column] of table.columns.entries()) {
    if (column.storage !== 'number') throw new Error(`column ${column.name} is not numeric`);
    const values = column.values.subarray(start, end);
    if (column.name === TARGET) y.set(values);
    else values.forEach((value, r) => (x[r * FEATURE_COUNT + index] = value));
  }
  return { x, y };
}

/** The function the models learn: a mix of smooth, multiplicative and saturating terms. */
function targetOf(x: Float64Array): number {
  const at = (index: number) => x[index] ?? 0;
  let linear = 0;
  for (let f = 6; f < FEATURE_COUNT; f++) linear += (f % 2 === 0 ? 0.2 : -0.1) * at(f);
  return (
    Math.sin(at(0)) + 0.5 * at(1) * at(2) + Math.tanh(at(3) - at(4)) + 0.3 * at(5) ** 2 + linear
  );
}
