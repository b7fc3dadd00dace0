/** Writes the registry (or one project) into a backup zip, one version at a time. */
import * as v from 'valibot';
import { decisionSchema } from '../improve/decision-types';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  chunkPath,
  MANIFEST_CHECKSUM_NAME,
  MANIFEST_NAME,
  MAX_JSON_ENTRY_BYTES,
  modelJsonPath,
  referenceChunkPath,
  referenceJsonPath,
  sha256Hex,
  type BackupFileEntry,
  type BackupManifest,
} from './backup-format';
import { WorkbenchError } from '../errors';
import { formatBytes } from '../format';
import type { ModelRecord, RegistryDb } from './schema';
import {
  decodeCheckedModel,
  decodeCheckedReference,
  isSoundProject,
  isSoundVersion,
  registryCorrupt,
} from './stored-records';
import type { VersionRecord } from './types';
import { sealBackup } from './backup-sealed';
import { sealContext, type RecordVault } from './vault';

async function isSoundModel(version: VersionRecord, stored: ModelRecord): Promise<boolean> {
  try {
    await decodeCheckedModel(version, stored, (reason) => registryCorrupt('A model', reason));
    return true;
  } catch {
    return false;
  }
}

async function isSoundReference(stored: ModelRecord): Promise<boolean> {
  try {
    await decodeCheckedReference(stored, (reason) => registryCorrupt('A reference', reason));
    return true;
  } catch {
    return false;
  }
}

/** A stored record opened; one whose seal fails is left out of the backup like a damaged one. */
async function openOrNull<T>(
  vault: RecordVault,
  stored: unknown,
  context: string,
): Promise<T | null> {
  if (stored === undefined) return null;
  try {
    return await vault.open<T>(stored, context);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'workspace_locked') throw error;
    return null;
  }
}

export interface BackupOptions {
  /** Only this project; the whole workspace by default. */
  projectId?: string;
  /** Versions written so far, of how many. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The backup file. An encrypted workspace's backup is sealed as a whole under its key (see
 * backup-sealed.ts): a locked workspace is refused before anything is read.
 */
export async function writeBackup(
  db: RegistryDb,
  vault: RecordVault,
  options: BackupOptions,
): Promise<Blob> {
  const wrapped = await vault.wrappedKey();
  const key = wrapped ? vault.requireKey() : null;
  const zip = await writeBackupZip(db, vault, options);
  return wrapped && key ? sealBackup(zip, key, wrapped) : zip;
}

async function writeBackupZip(
  db: RegistryDb,
  vault: RecordVault,
  options: BackupOptions,
): Promise<Blob> {
  const readTx = db.transaction(['projects', 'versions'], 'readonly');
  const [allProjects, allVersions] = await Promise.all([
    readTx.objectStore('projects').getAll(),
    readTx.objectStore('versions').getAll(),
  ]);
  await readTx.done;
  const wanted = (projectId: string) => !options.projectId || projectId === options.projectId;
  // The trash is not backed up: a backup holds what the user keeps.
  // Damaged records (see Registry.listDamaged) are left out rather than spread to other browsers.
  const projects = allProjects.filter((project) => wanted(project.id) && isSoundProject(project));
  const versions = allVersions.filter(
    (version) => isSoundVersion(version) && wanted(version.projectId) && version.deletedAt === null,
  );

  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  const files: BackupFileEntry[] = [];
  const add = async (path: string, bytes: Uint8Array, compress: boolean) => {
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    zip.add(entry);
    entry.push(bytes, true);
    files.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  };

  const models: BackupManifest['models'] = {};
  const references: NonNullable<BackupManifest['references']> = {};
  /** Versions whose reference could not go in (damaged): listed without one. */
  const withoutReference = new Set<string>();
  const encoder = new TextEncoder();
  const addStored = async (stored: ModelRecord, json: string, chunk: (k: number) => string) => {
    await add(json, encoder.encode(JSON.stringify(stored.json)), true);
    const chunks = stored.chunks.map((_, k) => chunk(k));
    for (const [k, bytes] of stored.chunks.entries()) {
      await add(chunks[k] ?? '', new Uint8Array(bytes), false);
    }
    return { json, chunks };
  };
  const hasReferences = db.objectStoreNames.contains('references');
  for (const [index, version] of versions.entries()) {
    // One short read per version, so a large workspace never holds everything at once.
    const id = version.id;
    const stored = await openOrNull<ModelRecord>(
      vault,
      await db.get('models', id),
      sealContext.model(id),
    );
    if (!stored || !(await isSoundModel(version, stored))) continue;
    models[id] = await addStored(stored, modelJsonPath(id), (k) => chunkPath(id, k));
    const reference =
      hasReferences && version.referenceBytes !== null
        ? await openOrNull<ModelRecord>(
            vault,
            await db.get('references', id),
            sealContext.reference(id),
          )
        : undefined;
    if (reference && (await isSoundReference(reference))) {
      references[id] = await addStored(reference, referenceJsonPath(id), (k) =>
        referenceChunkPath(id, k),
      );
    } else {
      withoutReference.add(id);
    }
    options.onProgress?.(index + 1, versions.length);
  }

  // Decisions keep their place in a backup of their project; damaged ones are left out.
  const decisions = db.objectStoreNames.contains('decisions')
    ? (await db.getAll('decisions')).filter(
        (d) =>
          wanted(d.projectId) &&
          projects.some((p) => p.id === d.projectId) &&
          v.is(decisionSchema, d),
      )
    : [];
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: db.version,
    createdAt: new Date().toISOString(),
    projects,
    versions: versions
      .filter((version) => models[version.id])
      .map((version) =>
        withoutReference.has(version.id) ? { ...version, referenceBytes: null } : version,
      ),
    models,
    references,
    decisions,
    files,
  };
  const manifestBytes = encoder.encode(JSON.stringify(manifest, null, 1));
  if (manifestBytes.byteLength > MAX_JSON_ENTRY_BYTES) {
    throw new WorkbenchError(
      'backup_too_large',
      `A backup of ${versions.length} versions needs a ${formatBytes(manifestBytes.byteLength)} list of contents; a backup may hold at most ${formatBytes(MAX_JSON_ENTRY_BYTES)}, so it could not be read back.`,
      {
        hint: 'Export one project at a time (pick it in the Project filter), or empty the trash of versions you no longer need.',
      },
    );
  }
  const manifestEntry = new ZipDeflate(MANIFEST_NAME, { level: 6 });
  zip.add(manifestEntry);
  manifestEntry.push(manifestBytes, true);
  const checksumEntry = new ZipPassThrough(MANIFEST_CHECKSUM_NAME);
  zip.add(checksumEntry);
  checksumEntry.push(encoder.encode(await sha256Hex(manifestBytes)), true);
  zip.end();
  return new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/zip' });
}
