/**
 * One column's drift: the test (Evidently's default for its kind and the reference's size, or
 * the one chosen), PSI for information, and what is flagged apart from the verdict.
 */
import type { Column } from '../data/table';
import { WorkbenchError } from '../errors';
import { columnSamples, valueCount, type ColumnSamples } from './column-samples';
import {
  binnedPercents,
  chiSquareHomogeneity,
  jensenShannonDistance,
  ksTwoSample,
  populationStabilityIndex,
  psiBand,
  wassersteinDistance,
} from './statistics/index';
import { sortNumbers } from './statistics/radix-sort';
import type { ColumnDrift, ColumnDriftOptions, DriftFlags, DriftKind, DriftTest } from './types';

/** Tests read by p-value (drifted below the threshold); the others by distance (at or above). */
const P_VALUE_TESTS = new Set<DriftTest>(['ks', 'chi2']);
const DEFAULT_THRESHOLD: Record<DriftTest, number> = {
  ks: 0.05,
  chi2: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};
/** Tests that need an order: not for categories. */
const NUMERIC_ONLY = new Set<DriftTest>(['ks', 'wasserstein']);
/** Evidently's floor on the reference's standard deviation in the normed Wasserstein distance. */
const MIN_STD = 0.001;
const SHOWN_UNSEEN = 10;

export interface ColumnSettings extends ColumnDriftOptions {
  smallSample: number;
  missingJump: number;
}

/** The default test: ks or chi2 up to `smallSample` reference values, else a distance. */
function defaultTest(kind: DriftKind, referenceCount: number, smallSample: number): DriftTest {
  if (kind === 'numeric') return referenceCount <= smallSample ? 'ks' : 'wasserstein';
  return referenceCount <= smallSample ? 'chi2' : 'jensenshannon';
}

function populationStd(values: Float64Array): number {
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let sum = 0;
  for (const value of values) sum += (value - mean) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Codes 0, 0, ..., 1, 1, ...: a side's codes in order, from its counts per code. */
function codesInOrder(counts: readonly number[]): Int32Array {
  const out = new Int32Array(counts.reduce((sum, count) => sum + count, 0));
  let at = 0;
  for (const [code, count] of counts.entries()) {
    out.fill(code, at, at + count);
    at += count;
  }
  return out;
}

/**
 * Each side sorted once. ks, wasserstein and the binning sort a copy of what they are given,
 * and find these in order: a test and PSI then cost one sort per side, not two each.
 */
function sortedSamples(samples: ColumnSamples): ColumnSamples {
  if (samples.kind === 'numeric') {
    return {
      kind: 'numeric',
      reference: sortNumbers(samples.reference.slice()),
      current: sortNumbers(samples.current.slice()),
    };
  }
  return {
    ...samples,
    reference: codesInOrder(samples.referenceCounts),
    current: codesInOrder(samples.currentCounts),
  };
}

function binned(samples: ColumnSamples, fillZeroes: boolean) {
  return samples.kind === 'numeric'
    ? binnedPercents(samples.reference, samples.current, 'numeric', fillZeroes)
    : binnedPercents(samples.reference, samples.current, 'categorical', fillZeroes);
}

/**
 * The test's statistic and p-value (null where it has none). `sorted` holds the same samples
 * in order; the norm of the Wasserstein distance sums the reference in its own order.
 */
function runTest(
  test: DriftTest,
  samples: ColumnSamples,
  sorted: ColumnSamples,
): { statistic: number; pValue: number | null } {
  switch (test) {
    case 'ks': {
      const { statistic, pValue } = ksTwoSample(sorted.reference, sorted.current);
      return { statistic, pValue };
    }
    case 'wasserstein': {
      const norm = Math.max(populationStd(samples.reference as Float64Array), MIN_STD);
      const distance = wassersteinDistance(sorted.reference, sorted.current);
      return { statistic: distance / norm, pValue: null };
    }
    case 'chi2': {
      if (samples.kind !== 'categorical') throw new Error('chi2 needs categories');
      const { statistic, pValue } = chiSquareHomogeneity(
        samples.referenceCounts,
        samples.currentCounts,
      );
      return { statistic, pValue };
    }
    case 'jensenshannon': {
      const { reference, current } = binned(sorted, false);
      return { statistic: jensenShannonDistance(reference, current, 2), pValue: null };
    }
    case 'psi': {
      const { reference, current } = binned(sorted, true);
      return { statistic: populationStabilityIndex(reference, current), pValue: null };
    }
  }
}

function flagsOf(
  samples: ColumnSamples,
  missingRate: { reference: number; current: number },
  missingJump: number,
): DriftFlags {
  const jumped = missingRate.current - missingRate.reference >= missingJump;
  if (samples.kind === 'categorical') {
    const unseen = samples.categories
      .map((value, code) => ({
        value,
        rows: samples.referenceCounts[code] === 0 ? (samples.currentCounts[code] ?? 0) : 0,
      }))
      .filter((c) => c.rows > 0)
      .sort((a, b) => b.rows - a.rows);
    const rows = unseen.reduce((sum, c) => sum + c.rows, 0);
    return {
      unseenCategories:
        rows > 0 ? { rows, values: unseen.slice(0, SHOWN_UNSEEN).map((c) => c.value) } : null,
      missingRate: { ...missingRate, jumped },
      outOfRange: null,
    };
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of samples.reference) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  let below = 0;
  let above = 0;
  for (const value of samples.current) {
    if (value < min) below++;
    else if (value > max) above++;
  }
  const share = samples.current.length > 0 ? (below + above) / samples.current.length : 0;
  return {
    unseenCategories: null,
    missingRate: { ...missingRate, jumped },
    outOfRange: samples.reference.length > 0 ? { below, above, share } : null,
  };
}

function chosenTest(kind: DriftKind, name: string, test: DriftTest): DriftTest {
  if (kind === 'categorical' && NUMERIC_ONLY.has(test)) {
    throw new WorkbenchError(
      'invalid_drift_options',
      `Column "${name}" holds categories; the ${test} test needs numbers.`,
      {
        hint: 'Choose chi2, jensenshannon or psi for a column of categories.',
        details: { column: name, test },
      },
    );
  }
  return test;
}

export function columnDrift(
  name: string,
  reference: { column: Column; rows: number },
  current: { column: Column; rows: number },
  settings: ColumnSettings,
): ColumnDrift {
  const samples = columnSamples(reference.column, reference.rows, current.column, current.rows);
  const referenceCount = samples.reference.length;
  const currentCount = samples.current.length;
  const test = chosenTest(
    samples.kind,
    name,
    settings.test ?? defaultTest(samples.kind, referenceCount, settings.smallSample),
  );
  const threshold = settings.threshold ?? DEFAULT_THRESHOLD[test];
  const missingRate = {
    reference:
      reference.rows > 0 ? 1 - valueCount(reference.column, reference.rows) / reference.rows : 0,
    current: current.rows > 0 ? 1 - valueCount(current.column, current.rows) / current.rows : 0,
  };
  const base = {
    name,
    kind: samples.kind,
    columnKind: current.column.kind,
    test,
    threshold,
    flags: flagsOf(samples, missingRate, settings.missingJump),
    referenceCount,
    currentCount,
  };
  if (referenceCount === 0 || currentCount === 0) {
    const side = referenceCount === 0 ? 'reference' : 'current';
    return {
      ...base,
      statistic: null,
      pValue: null,
      drifted: false,
      psi: null,
      note: `The ${side} rows have no values in this column.`,
    };
  }
  const sorted = sortedSamples(samples);
  const { statistic, pValue } = runTest(test, samples, sorted);
  const drifted = P_VALUE_TESTS.has(test) ? (pValue ?? 1) < threshold : statistic >= threshold;
  const psiValue = test === 'psi' ? statistic : runTest('psi', samples, sorted).statistic;
  return { ...base, statistic, pValue, drifted, psi: { value: psiValue, band: psiBand(psiValue) } };
}
