/**
 * Tables one after another, as one table: the union of their columns by name (in order of first
 * appearance), a column a table lacks missing in its rows, and category dictionaries merged
 * (each table's codes mapped onto one dictionary, so "red" is one category whichever table it
 * came from). A column held as numbers in one table and as categories in another becomes
 * categories, the numbers as text, so that no value is lost.
 */
import { numberLabel } from './cell-label';
import type { Column, ColumnKind, Table } from './table';

interface Plan {
  name: string;
  kind: ColumnKind;
  dictionary: boolean;
}

function plan(tables: readonly Table[]): Plan[] {
  const plans = new Map<string, Plan>();
  for (const table of tables) {
    for (const column of table.columns) {
      const dictionary = column.storage === 'dictionary';
      const found = plans.get(column.name);
      if (!found) plans.set(column.name, { name: column.name, kind: column.kind, dictionary });
      else if (dictionary && !found.dictionary) {
        found.dictionary = true;
        found.kind = column.kind;
      }
    }
  }
  return [...plans.values()];
}

class Dictionary {
  readonly categories: string[] = [];
  readonly #index = new Map<string, number>();

  code(text: string): number {
    let code = this.#index.get(text);
    if (code === undefined) {
      code = this.categories.push(text) - 1;
      this.#index.set(text, code);
    }
    return code;
  }

  /** Writes `rows` cells of `column` as codes from `offset` on. */
  add(codes: Int32Array, column: Column, offset: number, rows: number): void {
    if (column.storage === 'dictionary') {
      const map = column.categories.map((text) => this.code(text));
      for (let i = 0; i < rows; i++) {
        const code = column.codes[i] ?? -1;
        if (code >= 0) codes[offset + i] = map[code] ?? -1;
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      const value = column.values[i] ?? NaN;
      if (!Number.isNaN(value)) codes[offset + i] = this.code(numberLabel(column, value));
    }
  }
}

export function concatTables(tables: readonly Table[]): Table {
  const rowCount = tables.reduce((sum, t) => sum + t.rowCount, 0);
  const columns = plan(tables).map((p): Column => {
    if (p.dictionary) {
      const dictionary = new Dictionary();
      const codes = new Int32Array(rowCount).fill(-1);
      let offset = 0;
      for (const table of tables) {
        const column = table.columns.find((c) => c.name === p.name);
        if (column) dictionary.add(codes, column, offset, table.rowCount);
        offset += table.rowCount;
      }
      let missing = 0;
      for (const code of codes) if (code < 0) missing++;
      return {
        name: p.name,
        kind: p.kind,
        storage: 'dictionary',
        codes,
        categories: dictionary.categories,
        missing,
      };
    }
    const values = new Float64Array(rowCount).fill(NaN);
    let offset = 0;
    for (const table of tables) {
      const column = table.columns.find((c) => c.name === p.name);
      if (column?.storage === 'number')
        values.set(column.values.subarray(0, table.rowCount), offset);
      offset += table.rowCount;
    }
    let missing = 0;
    for (const value of values) if (value !== value) missing++;
    return { name: p.name, kind: p.kind, storage: 'number', values, missing };
  });
  return { rowCount, columns, issues: [] };
}
