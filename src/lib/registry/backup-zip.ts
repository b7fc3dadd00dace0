/**
 * Reading a backup's zip: the reader's problems in a backup's own terms (foreign, damaged,
 * truncated, too large), bounded entry reads, strict JSON, and the bound on how far its
 * deflated entries may unpack.
 */
import { ZipError, type ZipArchive } from '../archive/zip-reader';
import { WorkbenchError } from '../errors';
import { formatBytes } from '../format';
import { MAX_JSON_ENTRY_BYTES } from './backup-format';

export const foreign = (reason: string) =>
  new WorkbenchError('backup_foreign', `This file is not a workbench backup: ${reason}.`, {
    hint: 'Choose a .zip file made with "Export backup" in the workbench.',
  });

export const corrupt = (reason: string) =>
  new WorkbenchError('backup_corrupt', `The backup file is damaged: ${reason}.`, {
    hint: 'Nothing was imported. Export the backup again from the original browser.',
  });

/** A zip reader's error as the backup error a person sees; other errors pass through. */
export function fromZipError(error: unknown): unknown {
  if (!(error instanceof ZipError)) return error;
  if (error.problem === 'not_zip') return foreign(error.message);
  if (error.problem === 'corrupt') return corrupt(error.message);
  if (error.problem === 'truncated') {
    return new WorkbenchError(
      'backup_truncated',
      `The backup file is incomplete: ${error.message}.`,
      { hint: 'The download or copy was cut short. Nothing was imported; copy the file again.' },
    );
  }
  return new WorkbenchError(
    'backup_too_large',
    `The backup file is larger than the workbench reads: ${error.message}.`,
    {
      hint: 'Nothing was imported. A backup made by the workbench stays within these limits; this file was altered or made elsewhere.',
    },
  );
}

/** An entry's bytes, refused when missing or larger than `maxBytes`. */
export async function readEntry(
  zip: ZipArchive,
  path: string,
  maxBytes = Infinity,
): Promise<Uint8Array> {
  const entry = zip.get(path);
  if (!entry) throw corrupt(`${path} is missing`);
  if (entry.size > maxBytes)
    throw fromZipError(new ZipError('too_large', `${path} is ${formatBytes(entry.size)}`));
  try {
    return await zip.read(entry);
  } catch (error) {
    throw fromZipError(error);
  }
}

/** UTF-8 JSON, or `backup_corrupt` naming the entry. */
export function parseJson(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw corrupt(`${path} is not valid JSON`);
  }
}

/**
 * Deflated entries (the JSON) may unpack to at most this many times the file, plus one JSON
 * entry's worth: real backups are mostly stored weights, and this bounds what a small file can
 * make the reader hold, whatever each entry's own ratio.
 */
const MAX_EXPANSION = 4;

/** Refuses a zip whose deflated entries would unpack past `MAX_EXPANSION`. */
export function checkExpansion(zip: ZipArchive): void {
  const inflated = zip.entries.reduce((sum, e) => sum + (e.method === 8 ? e.size : 0), 0);
  const allowed = MAX_EXPANSION * zip.bytes + MAX_JSON_ENTRY_BYTES;
  if (inflated > allowed) {
    throw fromZipError(
      new ZipError(
        'too_large',
        `its ${formatBytes(zip.bytes)} would unpack to ${formatBytes(inflated)} of JSON`,
      ),
    );
  }
}
