import { WorkbenchError } from '../errors';
import { parseIsoDate } from '../data/csv/infer';
import type { Column, Table } from '../data/table';
import type { Preprocessing } from '../features/types';

/** A row as scripts write it: column name to value; missing keys and null are missing. */
export type RecordRow = Record<string, string | number | boolean | null | undefined>;

/**
 * Builds a table of just the columns a model reads from plain objects, typed the way the model
 * was trained (numbers, dates, categories), so `predict` can take rows as well as tables.
 */
export function tableFromRecords(records: RecordRow[], preprocessing: Preprocessing): Table {
  const columns = preprocessing.steps.map((step): Column => {
    const cells = records.map((record) =>
      Object.hasOwn(record, step.column) ? record[step.column] : undefined,
    );
    if (step.kind === 'one-hot') {
      const categories: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(cells, (cell) => {
        if (cell === null || cell === undefined || cell === '') return -1;
        const text = String(cell);
        let code = index.get(text);
        if (code === undefined) {
          code = categories.push(text) - 1;
          index.set(text, code);
        }
        return code;
      });
      return {
        name: step.column,
        kind: 'categorical',
        storage: 'dictionary',
        codes,
        categories,
        missing: codes.filter((c) => c < 0).length,
      };
    }
    const values = Float64Array.from(cells, (cell, row) =>
      toNumber(cell, step.kind === 'datetime', step.column, row),
    );
    return {
      name: step.column,
      kind: step.kind,
      storage: 'number',
      values,
      missing: values.filter(Number.isNaN).length,
    };
  });
  return { rowCount: records.length, columns, issues: [] };
}

function toNumber(cell: RecordRow[string], date: boolean, column: string, row: number): number {
  if (cell === null || cell === undefined || cell === '') return NaN;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (typeof cell === 'number') return cell;
  const value = date ? parseIsoDate(cell) : Number(cell.trim());
  if (Number.isNaN(value)) {
    throw new WorkbenchError(
      'non_finite_input',
      `Row ${row + 1}: "${cell}" in column "${column}" is not ${date ? 'a date (YYYY-MM-DD)' : 'a number'}.`,
      {
        hint: 'Pass numbers as numbers (or numeric text), dates as ISO text, and null for missing values.',
        details: { row: row + 1, column },
      },
    );
  }
  return value;
}
