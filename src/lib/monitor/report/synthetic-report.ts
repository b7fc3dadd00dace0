/**
 * Test helper: a monitoring report built by hand, of any size and with any names, for what a
 * real one is too slow or too tame to show (50 features × 100 windows, hostile column names).
 */
import type { ColumnDrift } from '../../drift/types';
import type { FeatureDistribution } from '../distributions';
import type { MonitorReport, MonitorWindow } from '../types';

/** What to build: these feature names over this many daily windows. */
export interface SyntheticOptions {
  names: string[];
  windows: number;
  /** Categories of every odd feature (the even ones are numeric). */
  categories?: string[];
  /** With a metric per window (accuracy), or none. */
  labelled?: boolean;
}

function column(
  name: string,
  f: number,
  w: number,
  categorical: boolean,
  categories: string[],
): ColumnDrift {
  // A deterministic mix of calm, near and drifted cells, stronger in later windows.
  const strength = ((f * 7 + w * 13) % 10) / 10 + w / 200;
  const drifted = strength > 0.8;
  const pValue = categorical ? null : Math.max(1e-12, 0.05 ** (strength * 1.5));
  return {
    name,
    kind: categorical ? 'categorical' : 'numeric',
    columnKind: categorical ? 'categorical' : 'numeric',
    test: categorical ? 'jensenshannon' : 'ks',
    statistic: strength / 2,
    pValue,
    threshold: categorical ? 0.1 : 0.05,
    drifted,
    psi: {
      value: strength / 3,
      band: strength > 0.75 ? 'major' : strength > 0.3 ? 'moderate' : 'none',
    },
    flags: {
      unseenCategories: categorical && drifted ? { rows: 3, values: categories.slice(0, 2) } : null,
      missingRate: { reference: 0, current: drifted ? 0.2 : 0, jumped: drifted },
      outOfRange: categorical
        ? null
        : { below: 1, above: drifted ? 9 : 0, share: drifted ? 0.1 : 0.01 },
    },
    referenceCount: 1000,
    currentCount: 1000,
  };
}

function distribution(
  name: string,
  f: number,
  categorical: boolean,
  categories: string[],
): FeatureDistribution {
  const bins = categorical
    ? categories
    : Array.from({ length: 20 }, (_, i) => `${i / 10} to ${(i + 1) / 10}`);
  const shape = (shift: number) => {
    const raw = bins.map((_, i) => 1 + ((i + shift) % bins.length));
    const total = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / total);
  };
  return {
    name,
    kind: categorical ? 'categorical' : 'numeric',
    bins,
    edges: categorical ? null : Array.from({ length: 21 }, (_, i) => i / 10),
    reference: shape(0),
    current: shape(f % 5),
  };
}

/** A report whose drift grows with the window, deterministic for the same options. */
export function syntheticReport(options: SyntheticOptions): MonitorReport {
  const categories = options.categories ?? ['a', 'b', 'c'];
  const windows: MonitorWindow[] = [];
  for (let w = 0; w < options.windows; w++) {
    const columns = options.names.map((name, f) => column(name, f, w, f % 2 === 1, categories));
    const drifted = columns.filter((c) => c.drifted).length;
    windows.push({
      index: w,
      from: Date.UTC(2025, 0, 1) + w * 86_400_000,
      to: Date.UTC(2025, 0, 1) + (w + 1) * 86_400_000 - 1,
      rows: 1000,
      drift: {
        columns,
        share: drifted / columns.length,
        drifted: drifted / columns.length >= 0.5,
        shareThreshold: 0.5,
        referenceRows: 1000,
        currentRows: 1000,
      },
      predictionDrift: columns[0] ? { ...columns[0], name: 'prediction' } : null,
      targetDrift: options.labelled && columns[1] ? { ...columns[1], name: 'target' } : null,
      performance: options.labelled
        ? { metric: 'accuracy', value: 0.9 - w / 500, rows: 400 }
        : null,
      distributions: options.names.map((name, f) => distribution(name, f, f % 2 === 1, categories)),
    });
  }
  return {
    windows,
    windowing: { ms: 86_400_000 },
    features: [...options.names],
    referenceRows: 1000,
    loggedRows: options.windows * 1000,
    baseline: { metric: 'accuracy', value: options.labelled ? 0.92 : null },
  };
}
