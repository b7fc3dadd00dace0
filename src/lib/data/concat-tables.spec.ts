import { describe, expect, it } from 'vitest';
import { categoryColumn, numberColumn } from '../registry/test-registries';
import { concatTables } from './concat-tables';
import type { Column, Table } from './table';

const cells = (column: Column | undefined) =>
  column?.storage === 'dictionary'
    ? Array.from(column.codes, (code) => (code < 0 ? null : column.categories[code]))
    : Array.from(column?.values ?? [], (v) => (Number.isNaN(v) ? null : v));

describe('concatTables', () => {
  it('merges category dictionaries that differ, so each category is one code', () => {
    const a: Table = {
      rowCount: 3,
      columns: [
        categoryColumn('colour', 3, (i) => [0, 1, -1][i] ?? -1, ['red', 'blue']),
        numberColumn('x', 3, (i) => i),
      ],
      issues: [],
    };
    const b: Table = {
      rowCount: 2,
      columns: [
        numberColumn('x', 2, (i) => 10 + i),
        categoryColumn('colour', 2, (i) => i, ['blue', 'green']),
      ],
      issues: [],
    };
    const joined = concatTables([a, b]);
    expect(joined.rowCount).toBe(5);
    expect(joined.columns.map((c) => c.name)).toEqual(['colour', 'x']);
    const colour = joined.columns[0];
    expect(colour?.storage === 'dictionary' && colour.categories).toEqual(['red', 'blue', 'green']);
    expect(cells(colour)).toEqual(['red', 'blue', null, 'blue', 'green']);
    expect(colour?.missing).toBe(1);
    expect(cells(joined.columns[1])).toEqual([0, 1, 2, 10, 11]);
  });

  it('leaves a column a table lacks missing, and keeps numbers met by categories as text', () => {
    const a: Table = {
      rowCount: 2,
      columns: [
        numberColumn('code', 2, (i) => [7, NaN][i] ?? NaN),
        { ...numberColumn('flag', 2, (i) => i), kind: 'boolean' },
      ],
      issues: [],
    };
    const b: Table = {
      rowCount: 1,
      columns: [categoryColumn('code', 1, () => 0, ['A7'])],
      issues: [],
    };
    const joined = concatTables([a, b]);
    expect(cells(joined.columns[0])).toEqual(['7', null, 'A7']);
    expect(joined.columns[0]?.kind).toBe('categorical');
    expect(cells(joined.columns[1])).toEqual([0, 1, null]);
    expect(joined.columns[1]).toMatchObject({ kind: 'boolean', missing: 1 });
    expect(concatTables([])).toEqual({ rowCount: 0, columns: [], issues: [] });
  });
});
