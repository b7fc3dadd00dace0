/**
 * Reading a backup's zip: the reader's problems in a backup's own terms (foreign, damaged,
 * truncated, too large), bounded entry reads, strict JSON, and the bound on how far its
 * deflated entries may unpack (the checked reads every zip the workbench reads shares).
 */
import { checkedReads } from '../archive/checked-reads';
import { WorkbenchError } from '../errors';
import { MAX_JSON_ENTRY_BYTES } from './backup-format';

export const foreign = (reason: string) =>
  new WorkbenchError('backup_foreign', `This file is not a workbench backup: ${reason}.`, {
    hint: 'Choose a .zip file made with "Export backup" in the workbench.',
  });

export const corrupt = (reason: string) =>
  new WorkbenchError('backup_corrupt', `The backup file is damaged: ${reason}.`, {
    hint: 'Nothing was imported. Export the backup again from the original browser.',
  });

const truncated = (reason: string) =>
  new WorkbenchError('backup_truncated', `The backup file is incomplete: ${reason}.`, {
    hint: 'The download or copy was cut short. Nothing was imported; copy the file again.',
  });

const tooLarge = (reason: string) =>
  new WorkbenchError(
    'backup_too_large',
    `The backup file is larger than the workbench reads: ${reason}.`,
    {
      hint: 'Nothing was imported. A backup made by the workbench stays within these limits; this file was altered or made elsewhere.',
    },
  );

/**
 * Deflated entries (the JSON) may unpack to at most four times the file, plus one JSON entry's
 * worth: real backups are mostly stored weights.
 */
const reads = checkedReads(
  { foreign, corrupt, truncated, tooLarge },
  { maxExpansion: 4, jsonAllowance: MAX_JSON_ENTRY_BYTES },
);

/** A zip reader's error as the backup error a person sees; other errors pass through. */
export const fromZipError = reads.fromZipError;
/** An entry's bytes, refused when missing or larger than `maxBytes`. */
export const readEntry = reads.readEntry;
/** UTF-8 JSON, or `backup_corrupt` naming the entry. */
export const parseJson = reads.parseJson;
/** Refuses a zip whose deflated entries would unpack past four times the file. */
export const checkExpansion = reads.checkExpansion;
