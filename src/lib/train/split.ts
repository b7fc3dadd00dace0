import { WorkbenchError } from '../errors';
import { createRng, shuffleInPlace } from './rng';

export interface Split {
  train: number[];
  validation: number[];
  test: number[];
}

export interface SplitOptions {
  rowCount: number;
  seed: number;
  /** Share of all rows held out for the test score. */
  testFraction: number;
  /** Share of the remaining rows used for validation (loss curve, early stopping). */
  validationFraction: number;
  /** Class of each row; when given, every class keeps its share in each part. */
  strata?: Int32Array;
}

/** Splits row indices into train / validation / test, stratified when classes are given. */
export function splitRows(options: SplitOptions): Split {
  const { rowCount, seed, testFraction, validationFraction, strata } = options;
  const groups = new Map<number, number[]>();
  for (let row = 0; row < rowCount; row++) {
    const key = strata ? (strata[row] ?? 0) : 0;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const random = createRng(seed);
  const split: Split = { train: [], validation: [], test: [] };
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(groups.get(key) ?? [], random);
    const testCount = Math.round(rows.length * testFraction);
    const validationCount = Math.round((rows.length - testCount) * validationFraction);
    // concat, not push(...spread): spreading 100k+ rows overflows a worker's call stack.
    split.test = split.test.concat(rows.slice(0, testCount));
    split.validation = split.validation.concat(rows.slice(testCount, testCount + validationCount));
    split.train = split.train.concat(rows.slice(testCount + validationCount));
  }
  if (split.train.length < 2 || split.test.length < 1) {
    throw new WorkbenchError(
      'too_few_rows',
      `There are too few rows (${rowCount}) to split into training and test sets.`,
      { hint: 'Use a dataset with at least 10 rows.', details: { rowCount } },
    );
  }
  shuffleInPlace(split.train, random);
  return split;
}

/** How a model's rows are split: the parts of `SplitDescriptor` that choose the rows. */
export interface SplitPlan {
  method: 'stratified' | 'random';
  seed: number;
  fractions: { validation: number; test: number };
}

/**
 * Splits the rows whose label is not NaN (missing), stratified by label when the plan says so;
 * returns table row indices. `trainModel` and `splitFor` both split through here.
 */
export function splitLabelledRows(labels: Float32Array, plan: SplitPlan): Split {
  const labelled: number[] = [];
  labels.forEach((label, row) => {
    if (!Number.isNaN(label)) labelled.push(row);
  });
  const split = splitRows({
    rowCount: labelled.length,
    seed: plan.seed,
    testFraction: plan.fractions.test,
    validationFraction: plan.fractions.validation,
    ...(plan.method === 'stratified'
      ? { strata: Int32Array.from(labelled, (row) => labels[row] ?? 0) }
      : {}),
  });
  const toTableRows = (rows: number[]) => rows.map((row) => labelled[row] ?? 0);
  return {
    train: toTableRows(split.train),
    validation: toTableRows(split.validation),
    test: toTableRows(split.test),
  };
}

/** Deals rows into k folds, keeping each class's share in every fold (stratified k-fold). */
export function kFolds(
  rows: number[],
  k: number,
  seed: number,
  strata?: ArrayLike<number>,
): number[][] {
  const groups = new Map<number, number[]>();
  for (const row of rows) {
    const key = strata ? (strata[row] ?? 0) : 0;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const random = createRng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    for (const row of shuffleInPlace(groups.get(key) ?? [], random)) {
      folds[next % k]?.push(row);
      next++;
    }
  }
  return folds;
}
