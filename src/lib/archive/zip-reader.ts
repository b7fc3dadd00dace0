/**
 * The one bounded, validating reader for every zip the workbench opens (backups now, model
 * bundles next). `openZip` reads and checks the central directory only; entries are inflated
 * one at a time, on request, each checked against its size and CRC-32.
 */
import { byteSource } from './byte-source';
import { ZIP_LIMITS, type ZipLimits } from './limits';
import { readDirectory, type ZipEntry } from './zip-directory';
import { readEntry } from './zip-entry';
import { ZipError } from './zip-error';

export interface ZipArchive {
  /** Entries in directory order. */
  readonly entries: readonly ZipEntry[];
  /** Size of the whole file. */
  readonly bytes: number;
  get(name: string): ZipEntry | undefined;
  /** The entry's bytes; refuses with a ZipError when they do not match the directory. */
  read(entry: ZipEntry): Promise<Uint8Array>;
}

export async function openZip(
  file: Blob | Uint8Array | ArrayBuffer,
  limits: Partial<ZipLimits> = {},
): Promise<ZipArchive> {
  const source = byteSource(file);
  const entries = await readDirectory(source, { ...ZIP_LIMITS, ...limits });
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  return {
    entries,
    bytes: source.size,
    get: (name) => byName.get(name),
    read: (entry) => {
      if (byName.get(entry.name) !== entry)
        throw new ZipError('corrupt', `${entry.name} is not in this zip`);
      return readEntry(source, entry);
    },
  };
}

export { ZipError, type ZipProblem } from './zip-error';
export { ZIP_LIMITS, type ZipLimits } from './limits';
export type { ZipEntry } from './zip-directory';
