/**
 * A cell as the text of a category or label, the same everywhere labels are matched (logged
 * targets, joined labels, compared models, merged tables): a dictionary's category as it is, a
 * yes/no number as false / true, any other number as JavaScript writes it; null when missing.
 */
import type { Column } from './table';

export function numberLabel(column: Column, value: number): string {
  return column.kind === 'boolean' ? (value === 1 ? 'true' : 'false') : String(value);
}

export function labelAt(column: Column, row: number): string | null {
  if (column.storage === 'dictionary') {
    const code = column.codes[row] ?? -1;
    return code < 0 ? null : (column.categories[code] ?? null);
  }
  const value = column.values[row] ?? NaN;
  return Number.isNaN(value) ? null : numberLabel(column, value);
}
