/** The columnar table every part of the workbench reads: typed arrays, no row objects. */

/**
 * What a column means. Numbers, booleans (0/1) and datetimes (ms since 1970, UTC) are stored as
 * numbers; the rest as dictionary codes.
 */
import type { ColumnMask } from '../privacy/mask';

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
  /** The masks applied to its columns (`maskTable`), so a model trained on it can list them. */
  masks?: ColumnMask[];
}

/** The column with this name, or undefined. */
export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => column.name === name);
}
