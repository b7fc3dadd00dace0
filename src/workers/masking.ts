/**
 * Masks in the worker (issue 19): the loaded table's personal-data columns masked in place of
 * the originals, and new data masked as a version's training data was before it is scored,
 * explained or logged, so no original value of a masked column is ever stored.
 */
import { maskTable, type ColumnMask, type Registry, type Table } from '../lib/index';

/** `table` masked as the model's training table was (columns it lacks are skipped). */
export async function maskedLike(
  registry: Registry,
  model: { masking?: ColumnMask[] },
  table: Table,
): Promise<Table> {
  const masks = (model.masking ?? []).filter((mask) =>
    table.columns.some((column) => column.name === mask.column),
  );
  if (masks.length === 0) return table;
  return maskTable(table, masks, await registry.maskSalt());
}

/** The loaded table with these columns masked (under the workspace's salt). */
export async function maskLoaded(
  registry: Registry,
  table: Table,
  masks: readonly ColumnMask[],
): Promise<Table> {
  return maskTable(table, masks, await registry.maskSalt());
}
