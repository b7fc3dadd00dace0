/**
 * Proves a backup file sound before anything is written: the zip through the bounded reader
 * (sizes, ratios, names, CRC-32), the manifest against its own checksum and its schema, every
 * cross-reference between projects, versions, models and files, every entry against its
 * SHA-256, and every model value against its format. Only then is the file imported.
 */
import { openZip, type ZipArchive } from '../archive/zip-reader';
import type { BackupManifest } from './backup-format';
import { readModel, readReference, type FileSums } from './backup-entries';
import { checkLinks, readManifest } from './backup-manifest';
import { checkExpansion, fromZipError } from './backup-zip';
import type { VersionRecord } from './types';
import type { DetailsRecord, ModelRecord } from './schema';

export interface CheckedBackup {
  /** With every version record complete (older formats lack precision, bytes, referenceBytes). */
  manifest: BackupManifest;
  /** The model record to store for each version id. */
  models: Map<string, ModelRecord>;
  /** The metrics and history of each version, from its model. */
  details: Map<string, DetailsRecord>;
  /** The reference snapshot of each version that has one. */
  references: Map<string, ModelRecord>;
  bytes: number;
}

/** Unzips and checks the whole file; resolves only when every part has proven sound. */
export async function checkBackup(
  source: Blob | Uint8Array | ArrayBuffer,
  onProgress?: (done: number, total: number) => void,
): Promise<CheckedBackup> {
  let zip: ZipArchive;
  try {
    zip = await openZip(source);
  } catch (error) {
    throw fromZipError(error);
  }
  checkExpansion(zip);
  const manifest = await readManifest(zip);
  checkLinks(manifest, zip);
  const legacy = manifest.formatVersion < 3;
  const models = new Map<string, ModelRecord>();
  const details = new Map<string, DetailsRecord>();
  const references = new Map<string, ModelRecord>();
  const files: FileSums = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  const versions: VersionRecord[] = [];
  for (const version of manifest.versions) {
    const paths = manifest.models[version.id] ?? { json: '', chunks: [] };
    const read = await readModel(zip, version, paths, files, legacy);
    models.set(version.id, read.record);
    details.set(version.id, read.details);
    versions.push(read.version);
    const referencePaths = manifest.references?.[version.id];
    if (referencePaths) {
      references.set(version.id, await readReference(zip, version.id, referencePaths, files));
    }
    onProgress?.(models.size, manifest.versions.length);
  }
  return { manifest: { ...manifest, versions }, models, details, references, bytes: zip.bytes };
}
