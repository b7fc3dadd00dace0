/**
 * What the Monitor screen and the shared report draw for a feature: the reference's and a
 * window's distributions on the same bins, as shares. Numbers get 20 equal bins over both
 * samples' range; categories their most frequent values (in the reference, then the window),
 * the rest as "other".
 */
import type { Column } from '../data/table';
import { columnSamples } from '../drift/column-samples';

const NUMBER_BINS = 20;
const SHOWN_CATEGORIES = 12;

export interface FeatureDistribution {
  name: string;
  kind: 'numeric' | 'categorical';
  /** What each bin holds: a range such as "4.3 to 4.7", or a category. */
  bins: string[];
  /** Numeric bins' edges (bins + 1 of them). */
  edges: number[] | null;
  /** Share of each side's values in each bin (each sums to 1, or is all 0 with no values). */
  reference: number[];
  current: number[];
}

const shares = (counts: number[], total: number) => counts.map((c) => (total > 0 ? c / total : 0));

/** A bin edge as text, with as few digits as tell the edges apart. */
function edgeText(value: number, step: number): string {
  const digits = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step || 1)) + 1));
  return value.toFixed(digits);
}

export function featureDistribution(
  name: string,
  reference: { column: Column; rows: number },
  current: { column: Column; rows: number },
): FeatureDistribution {
  const samples = columnSamples(reference.column, reference.rows, current.column, current.rows);
  if (samples.kind === 'numeric') {
    let min = Infinity;
    let max = -Infinity;
    for (const side of [samples.reference, samples.current]) {
      for (const value of side) {
        if (value < min) min = value;
        if (value > max) max = value;
      }
    }
    if (!Number.isFinite(min)) {
      return { name, kind: 'numeric', bins: [], edges: [], reference: [], current: [] };
    }
    const step = max > min ? (max - min) / NUMBER_BINS : 1;
    const bins = max > min ? NUMBER_BINS : 1;
    const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * step));
    const count = (values: Float64Array) => {
      const counts = new Array<number>(bins).fill(0);
      for (const value of values) {
        const bin = Math.min(bins - 1, Math.floor((value - min) / step));
        counts[bin] = (counts[bin] ?? 0) + 1;
      }
      return shares(counts, values.length);
    };
    return {
      name,
      kind: 'numeric',
      bins: edges
        .slice(0, -1)
        .map((edge, i) => `${edgeText(edge, step)} to ${edgeText(edges[i + 1] ?? max, step)}`),
      edges,
      reference: count(samples.reference),
      current: count(samples.current),
    };
  }
  const order = samples.categories
    .map((category, code) => ({
      category,
      code,
      ref: samples.referenceCounts[code] ?? 0,
      cur: samples.currentCounts[code] ?? 0,
    }))
    .sort((a, b) => b.ref - a.ref || b.cur - a.cur);
  const shown = order.slice(0, SHOWN_CATEGORIES);
  const rest = order.slice(SHOWN_CATEGORIES);
  const bins = shown.map((c) => c.category);
  const refCounts = shown.map((c) => c.ref);
  const curCounts = shown.map((c) => c.cur);
  if (rest.length > 0) {
    bins.push(`other (${rest.length})`);
    refCounts.push(rest.reduce((s, c) => s + c.ref, 0));
    curCounts.push(rest.reduce((s, c) => s + c.cur, 0));
  }
  return {
    name,
    kind: 'categorical',
    bins,
    edges: null,
    reference: shares(refCounts, samples.reference.length),
    current: shares(curCounts, samples.current.length),
  };
}
