/**
 * Cells are collected in fixed blocks and joined once at the end: no doubling, no big copies.
 * When the number of rows can be estimated, the first block holds them all, so that the column
 * usually needs no joining copy at all.
 */
export const BLOCK = 1 << 16;

/** A first block this much too large is returned as a view of it, not copied to fit. */
const MAX_WASTE = 1 / 16;

/** Length of a column's first block, from the rows it will likely have (0 when unknown). */
export function firstBlockLength(expectedRows: number): number {
  return Math.max(expectedRows, BLOCK);
}

/** Cells held in full blocks and the current one. */
export function filled(blocks: ArrayLike<unknown>[], used: number): number {
  let length = used;
  for (const block of blocks) length += block.length;
  return length;
}

/** The cells as one array: the only block itself when (nearly) full, else a joined copy. */
export function joined<T extends Float64Array | Int32Array>(
  blocks: T[],
  last: T,
  used: number,
  create: (length: number) => T,
): T {
  if (blocks.length === 0 && last.length - used <= last.length * MAX_WASTE) {
    // A view keeps the unused end alive (and a transfer would move it): only a small one.
    return used === last.length ? last : (last.subarray(0, used) as T);
  }
  const all = create(filled(blocks, used));
  let offset = 0;
  for (const block of blocks) {
    all.set(block, offset);
    offset += block.length;
  }
  all.set(last.subarray(0, used), offset);
  return all;
}
