/**
 * The drift benchmark's tables, drawn from fixed seeds in the bench (nothing is committed): 20
 * features, 14 numbers (normal, lognormal, uniform and their mixtures; rounded readings, small
 * counts, a column with missing cells; some with a shift in the current rows) and 6 category
 * columns of 3 to 50 categories (one with categories the reference never had). Each column has
 * its own seed per side, so a table of n rows starts with the same rows whatever n is.
 */
import type { Column, Table } from '../src/lib/page';
import { createRng } from '../src/lib/train/rng';

export type Side = 'reference' | 'current';
type Random = () => number;
type Draw = (random: Random, normal: () => number) => number;

/** A standard normal from `random` (Box-Muller, both halves used). */
function normalFrom(random: Random): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

const gaussian =
  (mean: number, sd: number): Draw =>
  (_, normal) =>
    mean + sd * normal();
const lognormal =
  (mu: number, sigma: number): Draw =>
  (_, normal) =>
    Math.exp(mu + sigma * normal());
const uniform =
  (low: number, high: number): Draw =>
  (random) =>
    low + (high - low) * random();
const mixture =
  (weight: number, first: Draw, second: Draw): Draw =>
  (random, normal) =>
    random() < weight ? first(random, normal) : second(random, normal);

interface NumericSpec {
  name: string;
  reference: Draw;
  current: Draw;
  /** Share of missing cells per side. */
  missing?: { reference: number; current: number };
}

/** 14 numeric features; those whose current draw differs from the reference's are shifted. */
export const NUMERIC_FEATURES: NumericSpec[] = [
  { name: 'normal_a', reference: gaussian(0, 1), current: gaussian(0, 1) },
  { name: 'normal_b_shift', reference: gaussian(10, 2), current: gaussian(10.6, 2) },
  { name: 'normal_c', reference: gaussian(-3, 0.5), current: gaussian(-3, 0.5) },
  { name: 'lognormal_a', reference: lognormal(0, 0.5), current: lognormal(0, 0.5) },
  { name: 'lognormal_b_shift', reference: lognormal(1, 1), current: lognormal(1.2, 1) },
  { name: 'uniform_a', reference: uniform(0, 100), current: uniform(0, 100) },
  { name: 'uniform_b_shift', reference: uniform(-1, 1), current: uniform(-0.8, 1.2) },
  {
    name: 'mix_a',
    reference: mixture(0.7, gaussian(0, 1), gaussian(4, 1)),
    current: mixture(0.7, gaussian(0, 1), gaussian(4, 1)),
  },
  {
    name: 'mix_b_shift',
    reference: mixture(0.5, gaussian(-2, 1), lognormal(0, 0.7)),
    current: mixture(0.4, gaussian(-2, 1), lognormal(0, 0.7)),
  },
  {
    name: 'mix_c',
    reference: mixture(0.8, uniform(0, 1), gaussian(3, 0.3)),
    current: mixture(0.8, uniform(0, 1), gaussian(3, 0.3)),
  },
  // Readings to one decimal: many ties, as real sensor columns have.
  {
    name: 'rounded',
    reference: (random, normal) => Math.round(10 * (50 + 10 * normal())) / 10,
    current: (random, normal) => Math.round(10 * (50 + 10 * normal())) / 10,
  },
  // 12 distinct values: binned per value, not by histogram.
  {
    name: 'count',
    reference: (random) => Math.floor(12 * random()),
    current: (random) => Math.floor(12 * random()),
  },
  {
    name: 'normal_missing',
    reference: gaussian(0, 1),
    current: gaussian(0, 1),
    missing: { reference: 0.02, current: 0.05 },
  },
  { name: 'normal_big_shift', reference: gaussian(100, 15), current: gaussian(110, 15) },
];

interface CategoricalSpec {
  name: string;
  /** Relative weight of each category on each side (current may have more categories). */
  reference: number[];
  current: number[];
}

/** Zipf-like weights 1 / (i + 1)^s. */
const zipf = (count: number, s = 1): number[] =>
  Array.from({ length: count }, (_, i) => 1 / (i + 1) ** s);

/** 50 categories in the reference; 5 more in the current rows, 3% of them. */
const withNew = (): number[] => {
  const seen = zipf(50, 0.8);
  const total = seen.reduce((sum, w) => sum + w, 0);
  return [...seen, ...Array.from<number>({ length: 5 }).fill((0.03 * total) / 0.97 / 5)];
};

/** 6 categorical features with 3 to 50 categories. */
export const CATEGORICAL_FEATURES: CategoricalSpec[] = [
  { name: 'cat_3', reference: [5, 3, 2], current: [5, 3, 2] },
  { name: 'cat_5_shift', reference: zipf(5), current: zipf(5).reverse() },
  { name: 'cat_8', reference: zipf(8, 0), current: zipf(8, 0) },
  { name: 'cat_12', reference: zipf(12), current: zipf(12) },
  { name: 'cat_20', reference: zipf(20, 1.2), current: zipf(20, 1.2) },
  { name: 'cat_50_new', reference: zipf(50, 0.8), current: withNew() },
];

export const FEATURE_COUNT = NUMERIC_FEATURES.length + CATEGORICAL_FEATURES.length;

/** Seeds per side and column: the same column on the two sides draws different rows. */
const seedOf = (side: Side, column: number): number =>
  (side === 'reference' ? 1_000 : 2_000) + column;

function numericColumn(spec: NumericSpec, side: Side, rows: number, seed: number): Column {
  const random = createRng(seed);
  const normal = normalFrom(random);
  const draw = spec[side];
  const missingShare = spec.missing?.[side] ?? 0;
  const values = new Float64Array(rows);
  let missing = 0;
  for (let i = 0; i < rows; i++) {
    if (missingShare > 0 && random() < missingShare) {
      values[i] = NaN;
      missing++;
    } else values[i] = draw(random, normal);
  }
  return { name: spec.name, kind: 'numeric', storage: 'number', values, missing };
}

/** Codes drawn by the weights (binary search on their running sums). */
function drawCodes(weights: readonly number[], rows: number, seed: number): Int32Array {
  const random = createRng(seed);
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (const [i, weight] of weights.entries()) cumulative[i] = total += weight;
  const codes = new Int32Array(rows);
  const last = weights.length - 1;
  for (let i = 0; i < rows; i++) {
    const target = random() * total;
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    codes[i] = low;
  }
  return codes;
}

function categoricalColumn(spec: CategoricalSpec, side: Side, rows: number, seed: number): Column {
  const weights = spec[side];
  const categories = weights.map((_, i) =>
    i < spec.reference.length ? `${spec.name}_${i}` : `${spec.name}_new_${i}`,
  );
  return {
    name: spec.name,
    kind: 'categorical',
    storage: 'dictionary',
    codes: drawCodes(weights, rows, seed),
    categories,
    missing: 0,
  };
}

/** `rows` rows of the 20 features, as drawn for `side`. */
export function driftTable(side: Side, rows: number): Table {
  const numeric = NUMERIC_FEATURES.map((spec, i) =>
    numericColumn(spec, side, rows, seedOf(side, i)),
  );
  const categorical = CATEGORICAL_FEATURES.map((spec, i) =>
    categoricalColumn(spec, side, rows, seedOf(side, NUMERIC_FEATURES.length + i)),
  );
  return { rowCount: rows, columns: [...numeric, ...categorical], issues: [] };
}
