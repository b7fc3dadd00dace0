import type { Table } from '../data/table';

export interface FeatureChoice {
  name: string;
  included: boolean;
  /** Why a column is left out by default; empty when included. */
  reason: string;
}

/**
 * Picks sensible default features: everything but the target, leaving out columns that would
 * only memorise rows (ID-like text), carry nothing (constant), or hold no values at all.
 */
export function defaultFeatures(table: Table, target: string): FeatureChoice[] {
  return table.columns
    .filter((column) => column.name !== target)
    .map((column) => {
      const present = table.rowCount - column.missing;
      if (present === 0)
        return { name: column.name, included: false, reason: 'all values missing' };
      if (column.kind === 'categorical') {
        if (column.categories.length <= 1) {
          return { name: column.name, included: false, reason: 'constant' };
        }
        if (column.categories.length > Math.max(20, present * 0.5)) {
          return {
            name: column.name,
            included: false,
            reason: 'ID-like: almost every value differs',
          };
        }
      } else {
        const first = column.values.find((value) => !Number.isNaN(value));
        if (column.values.every((value) => Number.isNaN(value) || value === first)) {
          return { name: column.name, included: false, reason: 'constant' };
        }
      }
      return { name: column.name, included: true, reason: '' };
    });
}
