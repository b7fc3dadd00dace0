/**
 * Reference snapshots in the registry: drawn and encoded before a save's transaction opens,
 * stored in the `references` store in the same form as models (JSON half, binary chunks,
 * xxHash64), and checked in full when read back.
 */
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { formatBytes } from '../format';
import { buildReference } from '../reference/build';
import { decodeReference } from '../reference/encode';
import type { ReferenceModel } from '../reference/splits';
import type { ReferenceData, ReferenceOptions } from '../reference/types';
import { MAX_JSON_ENTRY_BYTES } from './backup-format';
import { checksumModel } from './checksum';
import { encodeModel } from './codec';
import type { ModelRecord, RegistryDb } from './schema';
import { checkVersionRecord, decodeCheckedReference, registryCorrupt } from './stored-records';
import { versionNotFound } from './version-rules';
import type { VersionRecord } from './types';
import { sealContext, type RecordVault } from './vault';

/** The most a reference snapshot may take (100,000 rows of ~80 float64 columns). */
export const MAX_REFERENCE_BYTES = 64 * 1024 * 1024;

export interface PreparedReference {
  record: Omit<ModelRecord, 'id'>;
  /** Its stored size: JSON text and chunks. */
  bytes: number;
}

function tooLarge(what: string, bytes: number, limit: number): WorkbenchError {
  return new WorkbenchError(
    'reference_too_large',
    `The reference data's ${what} takes ${formatBytes(bytes)}; a version may store at most ${formatBytes(limit)}.`,
    {
      hint: 'Save with fewer reference rows (referenceRows), or leave out columns with long free text.',
      details: { bytes, limit },
    },
  );
}

/** Draws, encodes and checksums a snapshot, refusing one that would not fit a backup. */
export async function prepareReference(
  model: ReferenceModel,
  table: Table,
  options: ReferenceOptions,
): Promise<PreparedReference> {
  const stored = await buildReference(model, table, options);
  const encoded = encodeModel(stored);
  const jsonUtf8 = new TextEncoder().encode(JSON.stringify(encoded.json));
  if (jsonUtf8.byteLength > MAX_JSON_ENTRY_BYTES) {
    throw tooLarge(
      'description (categories and summaries)',
      jsonUtf8.byteLength,
      MAX_JSON_ENTRY_BYTES,
    );
  }
  const bytes = jsonUtf8.byteLength + encoded.binaryBytes;
  if (bytes > MAX_REFERENCE_BYTES) throw tooLarge('sample', bytes, MAX_REFERENCE_BYTES);
  const xxh64 = await checksumModel(encoded, jsonUtf8);
  return { record: { json: encoded.json, chunks: encoded.chunks, xxh64 }, bytes };
}

export function referenceNotFound(version: VersionRecord): WorkbenchError {
  return new WorkbenchError(
    'reference_not_found',
    `Version ${version.number} has no reference data (it was saved without it, or it was deleted).`,
    {
      hint: 'Save the model again with its training table as `reference`.',
      details: { id: version.id },
    },
  );
}

/** The snapshot as `loadReference` gives it; a damaged one is refused with `registry_corrupt`. */
export async function readReference(
  db: RegistryDb,
  id: string,
  vault: RecordVault,
): Promise<ReferenceData> {
  const tx = db.transaction(['versions', 'references'], 'readonly');
  const [found, stored] = await Promise.all([
    tx.objectStore('versions').get(id),
    tx.objectStore('references').get(id),
  ]);
  await tx.done;
  if (!found) throw versionNotFound(id);
  const version = checkVersionRecord(found);
  const what = `The reference data of version ${version.number} (${version.id})`;
  if (!stored) {
    if (version.referenceBytes === null) throw referenceNotFound(version);
    throw registryCorrupt(what, 'it is missing', version.id);
  }
  const opened = await vault.open(stored, sealContext.reference(version.id));
  const reference = await decodeCheckedReference(opened, (reason) =>
    registryCorrupt(what, reason, version.id),
  );
  return decodeReference(reference);
}
