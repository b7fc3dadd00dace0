/** The columnar table every part of the workbench reads: typed arrays, no row objects. */

export type ColumnKind = 'numeric' | 'categorical';

interface ColumnBase {
  /** Header text exactly as in the file (unique within a table). */
  name: string;
  /** How many cells are missing. */
  missing: number;
}

/** Numbers; a missing cell is NaN. */
export interface NumericColumn extends ColumnBase {
  kind: 'numeric';
  values: Float64Array;
}

/** Categories as dictionary codes into `categories`; a missing cell is -1. */
export interface CategoricalColumn extends ColumnBase {
  kind: 'categorical';
  codes: Int32Array;
  categories: string[];
}

export type Column = NumericColumn | CategoricalColumn;

/** A warning about the data, tied to a row and/or column where it has one. */
export interface TableIssue {
  code: string;
  message: string;
  row?: number;
  column?: string;
}

export interface Table {
  rowCount: number;
  columns: Column[];
  issues: TableIssue[];
}

/** The column with this name, or undefined. */
export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => column.name === name);
}

/** A summary of a table small enough to post to the page on every change. */
export interface TableSummary {
  rowCount: number;
  columns: { name: string; kind: ColumnKind; missing: number; distinct: number }[];
  issues: TableIssue[];
}

/** Summarises a table for display without copying its data. */
export function summarizeTable(table: Table): TableSummary {
  return {
    rowCount: table.rowCount,
    issues: table.issues,
    columns: table.columns.map((column) => ({
      name: column.name,
      kind: column.kind,
      missing: column.missing,
      distinct:
        column.kind === 'categorical'
          ? column.categories.length
          : new Set(column.values.filter((value) => !Number.isNaN(value))).size,
    })),
  };
}
