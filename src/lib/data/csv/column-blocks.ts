/**
 * Cells are collected in blocks and joined once at the end: no big copies while reading. When
 * the number of rows can be estimated, the first block holds them all, so that the column
 * usually needs no joining copy at all. Otherwise blocks start small and double up to BLOCK:
 * a file of 200,000 columns and 3 rows must not reserve 200,000 large blocks up front (each
 * column reserving 64k cells made a 0.1 MB file of 10,000 columns take 1.3 GB).
 */
export const BLOCK = 1 << 16;

/** The first block of a column whose number of rows is not known. */
export const SMALL_BLOCK = 256;

/** A first block this much too large is returned as a view of it, not copied to fit. */
const MAX_WASTE = 1 / 16;

/**
 * Length of a column's first block, from the rows it will likely have (0 when unknown). The
 * caller keeps the estimate in proportion to the input (see `Sample.expectedRows`).
 */
export function firstBlockLength(expectedRows: number): number {
  return expectedRows > 0 ? expectedRows : SMALL_BLOCK;
}

/** Length of the block after a full one of `length`: double, up to BLOCK (at least SMALL_BLOCK). */
export function nextBlockLength(length: number): number {
  return Math.min(BLOCK, Math.max(SMALL_BLOCK, length * 2));
}

/** What a built column's builder holds instead of its cells: one shared array, not one each. */
export const NO_NUMBERS = new Float64Array(0);
export const NO_CODES = new Int32Array(0);

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
