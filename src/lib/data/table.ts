/** The columnar table every part of the workbench reads: typed arrays, no row objects. */

/**
 * What a column means. Numbers, booleans (0/1) and datetimes (ms since 1970, UTC) are stored as
 * numbers; the rest as dictionary codes.
 */
export type ColumnKind =
  'numeric' | 'boolean' | 'datetime' | 'categorical' | 'text' | 'identifier' | 'constant';

/** How a column's cells are stored. */
export type ColumnStorage = 'number' | 'dictionary';

interface ColumnBase {
  /** Header text as in the file, made unique within the table. */
  name: string;
  kind: ColumnKind;
  /** How many cells are missing. */
  missing: number;
}

/** Numbers; a missing cell is NaN. */
export interface NumericColumn extends ColumnBase {
  storage: 'number';
  values: Float64Array;
}

/** Categories as dictionary codes into `categories`; a missing cell is -1. */
export interface CategoricalColumn extends ColumnBase {
  storage: 'dictionary';
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

/** Where a table came from: how the file was read and its fingerprint for lineage. */
export interface TableSource {
  bytes: number;
  encoding: string;
  delimiter: string;
  decimal: '.' | ',';
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
}

export interface Table {
  rowCount: number;
  columns: Column[];
  issues: TableIssue[];
  source?: TableSource;
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
        column.storage === 'dictionary'
          ? column.categories.length
          : new Set(column.values.filter((value) => !Number.isNaN(value))).size,
    })),
  };
}
