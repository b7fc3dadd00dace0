/**
 * Reading a zip that a person gave the workbench (a backup, a model bundle), with that file's
 * own errors: the reader's problems as coded errors, bounded entry reads, strict JSON, and a
 * bound on how far the deflated entries may unpack. Each kind of file supplies its refusals.
 */
import { formatBytes } from '../format';
import type { ZipArchive } from './zip-reader';
import { ZipError } from './zip-error';

/** The errors one kind of file is refused with, each given the reason in words. */
export interface ZipRefusals {
  /** Not this kind of file at all. */
  foreign(reason: string): Error;
  /** Damaged: structure, checksums, sizes or contents are wrong. */
  corrupt(reason: string): Error;
  /** Cut off before its end. */
  truncated(reason: string): Error;
  /** Over a size limit (a compression bomb, or simply too big). */
  tooLarge(reason: string): Error;
}

export interface CheckedReads {
  /** A zip reader's error as this file's error; other errors pass through. */
  fromZipError: (error: unknown) => unknown;
  /** An entry's bytes, refused when missing or larger than `maxBytes`. */
  readEntry: (zip: ZipArchive, path: string, maxBytes?: number) => Promise<Uint8Array>;
  /** UTF-8 JSON, or the corrupt refusal naming the entry. */
  parseJson: (bytes: Uint8Array, path: string) => unknown;
  /** Refuses a zip whose deflated entries would unpack past `maxExpansion` (see below). */
  checkExpansion: (zip: ZipArchive) => void;
}

export interface CheckedReadOptions {
  /**
   * Deflated entries may unpack to at most this many times the file, plus `jsonAllowance`:
   * files the workbench writes are mostly stored weights, and this bounds what a small file
   * can make the reader hold, whatever each entry's own ratio.
   */
  maxExpansion: number;
  /** Bytes of deflated entries always allowed (one JSON entry's worth). */
  jsonAllowance: number;
}

/** The checked reads of one kind of file, refused with its own errors. */
export function checkedReads(refusals: ZipRefusals, options: CheckedReadOptions): CheckedReads {
  const fromZipError = (error: unknown): unknown => {
    if (!(error instanceof ZipError)) return error;
    if (error.problem === 'not_zip') return refusals.foreign(error.message);
    if (error.problem === 'corrupt') return refusals.corrupt(error.message);
    if (error.problem === 'truncated') return refusals.truncated(error.message);
    return refusals.tooLarge(error.message);
  };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return {
    fromZipError,
    readEntry: async (zip, path, maxBytes = Infinity) => {
      const entry = zip.get(path);
      if (!entry) throw refusals.corrupt(`${path} is missing`);
      if (entry.size > maxBytes) throw refusals.tooLarge(`${path} is ${formatBytes(entry.size)}`);
      try {
        return await zip.read(entry);
      } catch (error) {
        throw fromZipError(error);
      }
    },
    parseJson: (bytes, path) => {
      try {
        return JSON.parse(utf8.decode(bytes)) as unknown;
      } catch {
        throw refusals.corrupt(`${path} is not valid JSON`);
      }
    },
    checkExpansion: (zip) => {
      const inflated = zip.entries.reduce((sum, e) => sum + (e.method === 8 ? e.size : 0), 0);
      const allowed = options.maxExpansion * zip.bytes + options.jsonAllowance;
      if (inflated > allowed) {
        throw refusals.tooLarge(
          `its ${formatBytes(zip.bytes)} would unpack to ${formatBytes(inflated)} of JSON`,
        );
      }
    },
  };
}
