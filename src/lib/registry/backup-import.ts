/**
 * Reads a backup zip, checks every part of it, then adds it to the registry in one transaction.
 * Nothing is written until the whole file has proven sound, so a foreign, truncated or damaged
 * file leaves the workspace as it was.
 */
import { unzipSync, type Unzipped } from 'fflate';
import { WorkbenchError } from '../errors';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  MANIFEST_NAME,
  sha256Hex,
  type BackupManifest,
} from './backup-format';
import { SCHEMA_VERSION, type WriteTx } from './schema';
import type { VersionRecord } from './types';

type Writer = <T>(neededBytes: number, work: (tx: WriteTx) => Promise<T>) => Promise<T>;

export interface ImportSummary {
  projectsAdded: number;
  versionsAdded: number;
  /** Versions already here (same id), left as they are. */
  versionsSkipped: number;
  /** Versions that were in production in the backup but became staging here, because the
   * project already has a production version. */
  demoted: string[];
}

interface CheckedBackup {
  manifest: BackupManifest;
  files: Unzipped;
  bytes: number;
}

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END_OF_DIRECTORY = [0x50, 0x4b, 0x05, 0x06];

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

/** Whether the zip's closing record is present (it is the first thing a truncation loses). */
function hasEndRecord(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 22 - 65535);
  for (let at = bytes.length - 22; at >= from; at--) {
    if (startsWith(bytes, ZIP_END_OF_DIRECTORY, at)) return true;
  }
  return false;
}

const foreign = (reason: string) =>
  new WorkbenchError('backup_foreign', `This file is not a workbench backup: ${reason}.`, {
    hint: 'Choose a .zip file made with "Export backup" in the workbench.',
  });

const corrupt = (reason: string) =>
  new WorkbenchError('backup_corrupt', `The backup file is damaged: ${reason}.`, {
    hint: 'Nothing was imported. Export the backup again from the original browser.',
  });

async function toBytes(source: Blob | Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return new Uint8Array(await source.arrayBuffer());
}

function parseManifest(files: Unzipped): BackupManifest {
  const raw = files[MANIFEST_NAME];
  if (!raw) throw foreign('the zip has no manifest.json');
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as BackupManifest;
  } catch {
    throw corrupt('its manifest.json is not valid JSON');
  }
  if (manifest.format !== BACKUP_FORMAT) throw foreign('its manifest names another format');
  const formatVersion = Number(manifest.formatVersion);
  const schemaVersion = Number(manifest.schemaVersion);
  if (formatVersion > BACKUP_FORMAT_VERSION || schemaVersion > SCHEMA_VERSION) {
    throw new WorkbenchError(
      'backup_newer',
      `The backup was made by a newer workbench (backup format ${formatVersion}, storage schema ${schemaVersion}; this one reads up to ${BACKUP_FORMAT_VERSION} and ${SCHEMA_VERSION}).`,
      { hint: 'Update the workbench (reload it when it offers an update), then import again.' },
    );
  }
  if (
    !Array.isArray(manifest.projects) ||
    !Array.isArray(manifest.versions) ||
    !Array.isArray(manifest.files) ||
    typeof manifest.models !== 'object' ||
    manifest.models === null
  ) {
    throw corrupt('its manifest is missing the project, version or file lists');
  }
  return manifest as BackupManifest;
}

/** Unzips and checks the whole file: structure, manifest, and the SHA-256 of every entry. */
export async function checkBackup(source: Blob | Uint8Array | ArrayBuffer): Promise<CheckedBackup> {
  const bytes = await toBytes(source);
  if (!startsWith(bytes, ZIP_LOCAL_HEADER)) throw foreign('it is not a zip file');
  if (!hasEndRecord(bytes)) {
    throw new WorkbenchError(
      'backup_truncated',
      `The backup file is incomplete: it ends after ${bytes.length} bytes, before the zip's closing record.`,
      { hint: 'The download or copy was cut short. Nothing was imported; copy the file again.' },
    );
  }
  let files: Unzipped;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw corrupt(`the zip cannot be read (${error instanceof Error ? error.message : 'unknown'})`);
  }
  const manifest = parseManifest(files);
  for (const entry of manifest.files) {
    const data = files[entry.path];
    if (!data) throw corrupt(`${entry.path} is missing`);
    if (data.byteLength !== entry.bytes || (await sha256Hex(data)) !== entry.sha256) {
      throw corrupt(`${entry.path} does not match its checksum`);
    }
  }
  const projectIds = new Set(manifest.projects.map((project) => project.id));
  const listed = new Set(manifest.files.map((entry) => entry.path));
  for (const version of manifest.versions) {
    const model = manifest.models[version.id];
    if (typeof version.id !== 'string' || !projectIds.has(version.projectId)) {
      throw corrupt(`version ${String(version.id)} has no project`);
    }
    if (!model || ![model.json, ...model.chunks].every((path) => listed.has(path))) {
      throw corrupt(`the model of version ${version.id} is missing`);
    }
  }
  return { manifest, files, bytes: bytes.byteLength };
}

function parseModelJson(files: Unzipped, path: string): unknown {
  return JSON.parse(new TextDecoder().decode(files[path])) as unknown;
}

/** Standalone copies of the chunks, so the stored values do not pin the whole zip in memory. */
function chunkBuffers(files: Unzipped, paths: string[]): ArrayBuffer[] {
  return paths.map((path) => (files[path] ?? new Uint8Array(0)).slice().buffer);
}

export async function importBackupInto(
  source: Blob | Uint8Array | ArrayBuffer,
  write: Writer,
): Promise<ImportSummary> {
  const { manifest, files, bytes } = await checkBackup(source);
  // Decode everything before the transaction: inside it, only IndexedDB work may be awaited.
  const models = manifest.versions.map((version) => {
    const paths = manifest.models[version.id] ?? { json: '', chunks: [] };
    return {
      id: version.id,
      json: parseModelJson(files, paths.json),
      chunks: chunkBuffers(files, paths.chunks),
    };
  });
  return write(bytes, async (tx) => {
    const summary: ImportSummary = {
      projectsAdded: 0,
      versionsAdded: 0,
      versionsSkipped: 0,
      demoted: [],
    };
    const projects = tx.objectStore('projects');
    const versions = tx.objectStore('versions');
    for (const project of manifest.projects) {
      const existing = await projects.get(project.id);
      const highest = Math.max(
        0,
        ...manifest.versions.filter((v) => v.projectId === project.id).map((v) => v.number),
      );
      if (existing) {
        const nextNumber = Math.max(existing.nextNumber, highest + 1);
        await projects.put({ ...existing, nextNumber });
      } else {
        await projects.put({ ...project, nextNumber: Math.max(project.nextNumber, highest + 1) });
        summary.projectsAdded++;
      }
    }
    for (const [index, version] of manifest.versions.entries()) {
      if (await versions.get(version.id)) {
        summary.versionsSkipped++;
        continue;
      }
      let record: VersionRecord = { ...version, deletedAt: null };
      if (record.stage === 'production' && (await hasProduction(tx, record.projectId))) {
        record = {
          ...record,
          stage: 'staging',
          stageHistory: [...record.stageHistory, { stage: 'staging', at: Date.now() }],
        };
        summary.demoted.push(record.id);
      }
      await versions.put(record);
      const model = models[index];
      if (model) await tx.objectStore('models').put(model);
      summary.versionsAdded++;
    }
    return summary;
  });
}

async function hasProduction(tx: WriteTx, projectId: string): Promise<boolean> {
  const records = await tx.objectStore('versions').index('byProject').getAll(projectId);
  return records.some((record) => record.stage === 'production' && record.deletedAt === null);
}
