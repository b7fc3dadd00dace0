import { describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { sampleRows, takeRows, UNASSIGNED } from './sample';

/** 1,000 rows: splits 0/1/2 in a 70/10/20 pattern, classes 0..2 in 60/30/10. */
function population() {
  const rowCount = 1000;
  const splits = Uint8Array.from({ length: rowCount }, (_, i) =>
    i % 10 < 7 ? 0 : i % 10 < 8 ? 1 : 2,
  );
  const classes = Int32Array.from({ length: rowCount }, (_, i) =>
    i % 100 < 60 ? 0 : i % 100 < 90 ? 1 : 2,
  );
  return { rowCount, splits, classes };
}

function tally(rows: Uint32Array, key: (row: number) => string) {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
}

describe('sampleRows', () => {
  it('keeps every stratum its share, the total exactly the cap, rows ascending', () => {
    const { rowCount, splits, classes } = population();
    const rows = sampleRows({ rowCount, splits, classes, cap: 100, seed: 1 });
    expect(rows.length).toBe(100);
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    expect(new Set(rows).size).toBe(100);
    const bySplit = tally(rows, (row) => String(splits[row]));
    expect(bySplit).toEqual({ '0': 70, '1': 10, '2': 20 });
    const byClass = tally(rows, (row) => String(classes[row]));
    expect(byClass).toEqual({ '0': 60, '1': 30, '2': 10 });
  });

  it('gives the same rows for the same seed, others for another', () => {
    const { rowCount, splits, classes } = population();
    const a = sampleRows({ rowCount, splits, classes, cap: 50, seed: 7 });
    const b = sampleRows({ rowCount, splits, classes, cap: 50, seed: 7 });
    const c = sampleRows({ rowCount, splits, classes, cap: 50, seed: 8 });
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('rounds shares by largest remainder and leaves out rows not trained on', () => {
    const splits = Uint8Array.from([0, 0, 0, 1, 1, 2, UNASSIGNED, UNASSIGNED]);
    const rows = sampleRows({ rowCount: 8, splits, classes: null, cap: 4, seed: 0 });
    expect(rows.length).toBe(4);
    expect([...rows].every((row) => row < 6)).toBe(true);
    // Shares 3/6, 2/6, 1/6 of 4: 2, 1.33, 0.67 -> 2, 1, 1.
    expect(tally(rows, (row) => String(splits[row]))).toEqual({ '0': 2, '1': 1, '2': 1 });
    const all = sampleRows({ rowCount: 8, splits, classes: null, cap: 100, seed: 0 });
    expect([...all]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('takeRows', () => {
  it('copies numbers bit for bit and keeps only the categories the rows use', () => {
    const table: Table = {
      rowCount: 4,
      issues: [],
      columns: [
        {
          name: 'x',
          kind: 'numeric',
          storage: 'number',
          missing: 1,
          values: Float64Array.from([0.1, -0, NaN, 5e-324]),
        },
        {
          name: 'c',
          kind: 'categorical',
          storage: 'dictionary',
          missing: 1,
          codes: Int32Array.from([2, -1, 0, 2]),
          categories: ['a', 'b', 'c'],
        },
      ],
    };
    const sample = takeRows(table, Uint32Array.from([1, 2, 3]));
    expect(sample.rowCount).toBe(3);
    const [x, c] = sample.columns;
    expect(x?.storage === 'number' && [...x.values]).toEqual([-0, NaN, 5e-324]);
    expect(x?.storage === 'number' && Object.is(x.values[0], -0)).toBe(true);
    expect(x?.missing).toBe(1);
    expect(c?.storage === 'dictionary' && c.categories).toEqual(['a', 'c']);
    expect(c?.storage === 'dictionary' && [...c.codes]).toEqual([-1, 0, 1]);
    expect(c?.missing).toBe(1);
  });
});
