import { describe, expect, it } from 'vitest';
import type { CategoricalColumn, NumericColumn, Table } from '../data/table';
import {
  quantileSorted,
  summarizeCategorical,
  summarizeNumeric,
  summarizeTable,
} from './summaries';

// Fixture and expected figures from numpy 2.4.6 (Debian's python3), computed once with:
//   rng = np.random.default_rng(7); a = np.round(rng.normal(3, 2, 37), 3)
//   np.quantile(a, [0, .01, .05, .25, .5, .75, .95, .99, 1]); np.histogram(a, bins=20)
//   a.mean(); a.std()
const A = [
  3.002, 3.597, 2.452, 1.219, 2.091, 1.017, 3.12, 5.68, 2.016, 1.759, 3.98, 3.714, 3.211, 1.139,
  2.941, 4.391, 0.312, 2.085, -0.802, 0.421, -0.683, 2.53, 0.465, 3.543, 3.314, 2.626, -2.034,
  1.923, 2.903, 3.227, -0.06, 2.044, 1.043, 1.382, 5.122, 1.385, 2.935,
];
const NUMPY_QUANTILES = [
  -2.034, -1.59048, -0.7068000000000001, 1.139, 2.091, 3.211, 4.537199999999997, 5.47912, 5.68,
];
const NUMPY_COUNTS = [1, 0, 0, 2, 0, 1, 3, 2, 4, 1, 5, 2, 4, 5, 3, 1, 1, 0, 1, 1];
const NUMPY_EDGES = [
  -2.034, -1.6482999999999999, -1.2626, -0.8768999999999998, -0.49119999999999986,
  -0.10549999999999993, 0.2802000000000002, 0.6659000000000002, 1.0516, 1.4373, 1.823,
  2.2087000000000003, 2.5944000000000003, 2.9801, 3.3658, 3.7515, 4.1372, 4.5229, 4.9086, 5.2943,
  5.68,
];

function numeric(values: number[], name = 'x'): NumericColumn {
  const missing = values.filter(Number.isNaN).length;
  return { name, kind: 'numeric', storage: 'number', missing, values: Float64Array.from(values) };
}

describe('numeric summaries', () => {
  it('match numpy: quantiles (linear), histogram (20 bins), mean and std, to the bit', () => {
    const summary = summarizeNumeric(numeric([...A, NaN, NaN, NaN]), A.length + 3);
    expect(summary).toMatchObject({ rows: 40, count: 37, missing: 3, missingRate: 3 / 40 });
    expect(summary.min).toBe(-2.034);
    expect(summary.max).toBe(5.68);
    expect(summary.quantiles?.values).toEqual(NUMPY_QUANTILES);
    expect(summary.histogram).toEqual({ edges: NUMPY_EDGES, counts: NUMPY_COUNTS });
    // numpy sums pairwise, we sum in order: equal within a few ulps.
    expect(summary.mean).toBeCloseTo(2.135405405405406, 14);
    expect(summary.std).toBeCloseTo(1.6263623720979858, 14);
  });

  it('interpolate between neighbours as numpy does (np.quantile([.1, .2, .3, .7], q))', () => {
    const sorted = [0.1, 0.2, 0.3, 0.7];
    const expected = [
      0.1, 0.10300000000000001, 0.115, 0.17500000000000002, 0.25, 0.39999999999999997,
      0.6399999999999998, 0.6879999999999998, 0.7,
    ];
    const got = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1].map((p) =>
      quantileSorted(sorted, p),
    );
    expect(got).toEqual(expected);
  });

  it('spans a constant column over v - 0.5 .. v + 0.5 (numpy) and leaves all-missing ones null', () => {
    const constant = summarizeNumeric(numeric([5, 5]), 2);
    expect(constant.histogram?.edges[0]).toBe(4.5);
    expect(constant.histogram?.edges[20]).toBe(5.5);
    expect(constant.histogram?.counts[10]).toBe(2);
    expect(constant.std).toBe(0);
    const empty = summarizeNumeric(numeric([NaN, NaN]), 2);
    expect(empty).toMatchObject({ count: 0, missingRate: 1, min: null, quantiles: null });
  });

  it('keeps JSON-safe figures when values are infinite', () => {
    const summary = summarizeNumeric(numeric([1, Infinity, 2]), 3);
    expect(summary.max).toBeNull();
    expect(summary.histogram).toBeNull();
    expect(summary.quantiles).toBeNull();
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('reads only the first rowCount values of an over-allocated column', () => {
    const column = numeric([1, 2, 3, 99, 99]);
    expect(summarizeNumeric(column, 3).max).toBe(3);
  });
});

describe('categorical summaries', () => {
  it('count categories, most frequent first, capping the list', () => {
    const column: CategoricalColumn = {
      name: 'c',
      kind: 'categorical',
      storage: 'dictionary',
      missing: 1,
      codes: Int32Array.from([0, 1, 1, -1, 2, 1, 0]),
      categories: ['a', 'b', 'c', 'unused'],
    };
    expect(summarizeCategorical(column, 7)).toEqual({
      name: 'c',
      kind: 'categorical',
      storage: 'dictionary',
      rows: 7,
      count: 6,
      missing: 1,
      missingRate: 1 / 7,
      distinct: 3,
      categories: [
        { value: 'b', count: 3 },
        { value: 'a', count: 2 },
        { value: 'c', count: 1 },
      ],
      otherCount: 0,
    });
    const many: CategoricalColumn = {
      ...column,
      codes: Int32Array.from({ length: 3000 }, (_, i) => i),
      categories: Array.from({ length: 3000 }, (_, i) => `v${i}`),
      missing: 0,
    };
    const capped = summarizeCategorical(many, 3000);
    expect(capped.categories).toHaveLength(1000);
    expect(capped).toMatchObject({ distinct: 3000, otherCount: 2000 });
  });

  it('summarises every column of a table', async () => {
    const table: Table = {
      rowCount: 2,
      columns: [numeric([1, 2]), numeric([3, 4], 'y')],
      issues: [],
    };
    expect((await summarizeTable(table)).map((s) => s.name)).toEqual(['x', 'y']);
  });
});
