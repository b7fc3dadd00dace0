/**
 * Limits every zip the workbench opens is held to, checked from the central directory before
 * anything is inflated, and again while inflating (a zip may lie about its sizes). They are
 * generous for real workspaces (a 2 GB workspace is 64 chunks of 32 MiB plus small JSON
 * entries) and far below what would exhaust a browser tab.
 */
export interface ZipLimits {
  /** Largest file accepted at all: zip's own 32-bit offsets end at 4 GiB. */
  maxArchiveBytes: number;
  /** Most entries in the central directory. */
  maxEntries: number;
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest sum of the uncompressed sizes of all entries. */
  maxTotalBytes: number;
  /** Highest uncompressed / compressed ratio of one entry (deflate can reach about 1032). */
  maxRatio: number;
  /** Entries up to this size may have any ratio: they cannot inflate into anything harmful. */
  ratioExemptBytes: number;
  /** Longest entry name, in bytes. */
  maxNameBytes: number;
}

export const ZIP_LIMITS: Readonly<ZipLimits> = {
  maxArchiveBytes: 2 ** 32 - 1,
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 2 ** 32 - 1,
  maxRatio: 250,
  ratioExemptBytes: 64 * 1024,
  maxNameBytes: 512,
};

/** Compressed bytes handed to the inflater at a time: bounds one step's output to ~16 MiB. */
export const INFLATE_STEP_BYTES = 16 * 1024;
