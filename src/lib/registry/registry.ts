/**
 * The model registry: projects and their versions in IndexedDB, with stages, a trash with undo,
 * and single-file backups. Works wherever IndexedDB does (page, worker, Node with
 * fake-indexeddb). Every write is one `durability: 'strict'` transaction that awaits nothing but
 * IndexedDB requests, so a crash or a full disk leaves the previous state exactly as it was.
 */
import { openDB } from 'idb';
import { WorkbenchError } from '../errors';
import { writeBackup, type BackupOptions } from './backup-write';
import { importBackupInto, type ImportOptions, type ImportSummary } from './backup-import';
import { prepareModel } from './prepare-model';
import { validateModel } from '../model/formats';
import { saveMetaSchema, versionPatchSchema } from './record-schemas';
import {
  checkProjectRecord,
  checkVersionRecord,
  decodeCheckedModel,
  isSoundProject,
  isSoundVersion,
  registryCorrupt,
  splitRecords,
  type DamagedRecord,
} from './stored-records';
import {
  assertStage,
  checkOptions,
  matchProject,
  newProject,
  newVersion,
  normaliseTags,
  trashOf,
} from './records';
import {
  DEFAULT_DB_NAME,
  migrate,
  SCHEMA_VERSION,
  STORE_NAMES,
  type RegistryDb,
  type RegistrySchema,
  type WriteTx,
} from './schema';
import {
  demoteProduction,
  getLive,
  otherProduction,
  projectNotFound,
  versionNotFound,
} from './version-rules';
import { estimateStorage, storageError, type StorageEstimate } from './storage';
import type {
  ProjectRecord,
  RegistryOptions,
  SaveMeta,
  Stage,
  VersionPatch,
  VersionRecord,
} from './types';

/** A stored record that fails its checks, and why (`Registry.listDamaged`). */
export type { DamagedRecord };

export interface VersionFilter {
  projectId?: string;
  /** Include versions in the trash (deleted, not yet purged). */
  includeDeleted?: boolean;
}

export class Registry {
  readonly name: string;
  readonly schemaVersion: number;
  #db: RegistryDb;
  #options: RegistryOptions;
  #channel: BroadcastChannel | null = null;
  #closedBecause: 'closed' | 'upgrade' | 'terminated' | null = null;

  constructor(db: RegistryDb, name: string, options: RegistryOptions) {
    this.#db = db;
    this.name = name;
    this.schemaVersion = db.version;
    this.#options = options;
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(`${name}:changes`);
      this.#channel.onmessage = () => this.#options.onChange?.();
      // In Node an open channel keeps the process alive; a registry should not (browsers lack unref).
      (this.#channel as { unref?: () => void }).unref?.();
    }
  }

  /** Stores a model as a new version; resolves to its record (with its `id`). */
  async saveVersion(model: unknown, meta: SaveMeta = {}): Promise<VersionRecord> {
    validateModel(model);
    if (meta.stage !== undefined) assertStage(meta.stage);
    meta = checkOptions(saveMetaSchema, meta, 'save options');
    // All non-IndexedDB work happens before the transaction opens.
    const { encoded, jsonBytes, xxh64 } = await prepareModel(model);
    const id = crypto.randomUUID();
    const newProjectId = crypto.randomUUID();
    const now = Date.now();
    return this.#write(encoded.binaryBytes + jsonBytes, async (tx) => {
      const projects = tx.objectStore('projects');
      const versions = tx.objectStore('versions');
      // Reads together, then every write issued at once: each awaited request is a round trip.
      const [found, parentKey] = await Promise.all([
        meta.projectId
          ? projects.get(meta.projectId)
          : projects.getAll().then((all) => matchProject(all.filter(isSoundProject), model)),
        meta.parentId ? versions.getKey(meta.parentId) : undefined,
      ]);
      if (meta.projectId && !found) throw projectNotFound(meta.projectId);
      if (meta.parentId && parentKey === undefined) throw versionNotFound(meta.parentId);
      const project = found
        ? checkProjectRecord(found)
        : newProject(model, meta, newProjectId, now);
      const version = newVersion({
        model,
        meta,
        id,
        project,
        now,
        weightBytes: encoded.binaryBytes,
        storedBytes: encoded.binaryBytes + jsonBytes,
      });
      // The model goes first: if it cannot be cloned, put() throws before any other request
      // exists, so no request is left to fail unobserved when the transaction aborts.
      await Promise.all([
        tx.objectStore('models').put({ id, json: encoded.json, chunks: encoded.chunks, xxh64 }),
        version.stage === 'production' ? demoteProduction(tx, project.id, id, now) : undefined,
        projects.put({ ...project, nextNumber: project.nextNumber + 1, updatedAt: now }),
        versions.put(version),
      ]);
      return version;
    });
  }

  /**
   * Version records (metadata only, no weights), oldest first. Damaged records are left out;
   * `listDamaged` names them.
   */
  async listVersions(filter: VersionFilter = {}): Promise<VersionRecord[]> {
    const db = this.#open();
    const records = filter.projectId
      ? await db.getAllFromIndex('versions', 'byProject', filter.projectId)
      : await db.getAll('versions');
    return records
      .filter(isSoundVersion)
      .filter((record) => filter.includeDeleted || record.deletedAt === null)
      .sort((a, b) => a.createdAt - b.createdAt || a.number - b.number);
  }

  /** Versions in the trash, most recently deleted first. */
  async listTrash(): Promise<VersionRecord[]> {
    return trashOf(await this.listVersions({ includeDeleted: true }));
  }

  /** Projects, oldest first (damaged records left out, as in `listVersions`). */
  async listProjects(): Promise<ProjectRecord[]> {
    const projects = await this.#open().getAll('projects');
    return projects.filter(isSoundProject).sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Stored records that fail their schema (edited in devtools, or a failing disk): what they
   * are and why. `purgeVersion(id)` removes a damaged version.
   */
  async listDamaged(): Promise<DamagedRecord[]> {
    return (await this.listAll()).damaged;
  }

  /**
   * Every project and version (the trash included), oldest first, and the damaged records: one
   * read of each store and one check of each record, for a view that shows them all.
   */
  async listAll(): Promise<{
    projects: ProjectRecord[];
    versions: VersionRecord[];
    damaged: DamagedRecord[];
  }> {
    const db = this.#open();
    const [projects, versions] = await Promise.all([db.getAll('projects'), db.getAll('versions')]);
    const split = splitRecords(projects, versions);
    split.projects.sort((a, b) => a.createdAt - b.createdAt);
    split.versions.sort((a, b) => a.createdAt - b.createdAt || a.number - b.number);
    return split;
  }

  async getVersion(id: string): Promise<VersionRecord> {
    const record = await this.#open().get('versions', id);
    if (!record) throw versionNotFound(id);
    return checkVersionRecord(record);
  }

  /** The stored model, ready for `predict`: the same weights, so the same predictions. */
  async loadVersion<T = unknown>(id: string): Promise<T> {
    const tx = this.#open().transaction(['versions', 'models'], 'readonly');
    const [version, stored] = await Promise.all([
      tx.objectStore('versions').get(id),
      tx.objectStore('models').get(id),
    ]);
    await tx.done;
    if (!version || !stored) throw versionNotFound(id);
    const record = checkVersionRecord(version);
    return decodeCheckedModel<T>(record, stored, (reason) =>
      registryCorrupt(`The model of version ${record.number} (${id})`, reason, id),
    );
  }

  /**
   * Moves a version to a stage. Promoting to production archives the project's current
   * production version, so promoting an older version is a rollback.
   */
  async setStage(id: string, stage: Stage): Promise<VersionRecord> {
    assertStage(stage);
    const now = Date.now();
    return this.#write(0, async (tx) => {
      const record = await getLive(tx, id);
      if (record.stage === stage) return record;
      if (stage === 'production') await demoteProduction(tx, record.projectId, id, now);
      const updated: VersionRecord = {
        ...record,
        stage,
        stageHistory: [...record.stageHistory, { stage, at: now }],
      };
      await tx.objectStore('versions').put(updated);
      return updated;
    });
  }

  /** Changes a version's note or tags. */
  async updateVersion(id: string, patch: VersionPatch): Promise<VersionRecord> {
    patch = checkOptions(versionPatchSchema, patch, 'changes');
    return this.#write(0, async (tx) => {
      const record = await getLive(tx, id);
      const updated: VersionRecord = {
        ...record,
        ...(patch.note === undefined ? {} : { note: String(patch.note) }),
        ...(patch.tags === undefined ? {} : { tags: normaliseTags(patch.tags) }),
      };
      await tx.objectStore('versions').put(updated);
      return updated;
    });
  }

  /** Moves a version to the trash; `restoreVersion` undoes it, `purgeVersion` makes it final. */
  async deleteVersion(id: string): Promise<VersionRecord> {
    const now = Date.now();
    return this.#write(0, async (tx) => {
      const record = await getLive(tx, id);
      const deleted = { ...record, deletedAt: now };
      await tx.objectStore('versions').put(deleted);
      return deleted;
    });
  }

  /** Takes a version out of the trash. If another version took production meanwhile, it is archived. */
  async restoreVersion(id: string): Promise<VersionRecord> {
    const now = Date.now();
    return this.#write(0, async (tx) => {
      const versions = tx.objectStore('versions');
      const found = await versions.get(id);
      if (!found) throw versionNotFound(id);
      const record = checkVersionRecord(found);
      let restored: VersionRecord = { ...record, deletedAt: null };
      if (record.stage === 'production' && (await otherProduction(tx, record.projectId, id))) {
        restored = {
          ...restored,
          stage: 'archived',
          stageHistory: [...record.stageHistory, { stage: 'archived', at: now }],
        };
      }
      await versions.put(restored);
      return restored;
    });
  }

  /** Removes a version and its model for good. */
  async purgeVersion(id: string): Promise<void> {
    await this.#write(0, async (tx) => {
      await tx.objectStore('versions').delete(id);
      await tx.objectStore('models').delete(id);
    });
  }

  /** Purges every version in the trash; resolves to how many. */
  async emptyTrash(): Promise<number> {
    const trash = await this.listTrash();
    await this.#write(0, async (tx) => {
      for (const record of trash) {
        await tx.objectStore('versions').delete(record.id);
        await tx.objectStore('models').delete(record.id);
      }
    });
    return trash.length;
  }

  /** The whole workspace, or one project, as a single zip file (a Blob). */
  exportBackup(options: BackupOptions = {}): Promise<Blob> {
    return writeBackup(this.#open(), options);
  }

  /**
   * Adds a backup's projects and versions. The file is checked in full before anything is
   * written, and written in one transaction: a bad file leaves the workspace untouched.
   */
  async importBackup(
    source: Blob | Uint8Array | ArrayBuffer,
    options: ImportOptions = {},
  ): Promise<ImportSummary> {
    this.#open();
    return importBackupInto(source, (needed, write) => this.#write(needed, write), options);
  }

  estimateStorage(): Promise<StorageEstimate> {
    return estimateStorage();
  }

  /** Closes the connection; later calls fail with `registry_closed`. */
  close(): void {
    if (this.#closedBecause) return;
    this.#closedBecause = 'closed';
    this.#shutdown();
  }

  get closed(): boolean {
    return this.#closedBecause !== null;
  }

  /** A newer schema wants the database: yield to it at once so no tab deadlocks. */
  onBlocking(): void {
    if (this.#closedBecause) return;
    this.#closedBecause = 'upgrade';
    this.#shutdown();
    this.#options.onVersionChange?.();
  }

  onTerminated(): void {
    if (this.#closedBecause) return;
    this.#closedBecause = 'terminated';
    this.#shutdown();
    this.#options.onTerminated?.();
  }

  #shutdown(): void {
    this.#db.close();
    this.#channel?.close();
    this.#channel = null;
  }

  #open(): RegistryDb {
    if (!this.#closedBecause) return this.#db;
    const message = {
      closed: 'The model registry was closed.',
      upgrade:
        'A newer version of the workbench opened in another tab and upgraded the stored models.',
      terminated: 'The browser closed the model storage (it may have been cleared).',
    }[this.#closedBecause];
    throw new WorkbenchError('registry_closed', message, {
      hint: 'Reload the page to go on; your saved versions are kept.',
    });
  }

  /** One strict read-write transaction over every store; on failure nothing is changed. */
  async #write<T>(neededBytes: number, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const tx = this.#open().transaction(STORE_NAMES, 'readwrite', { durability: 'strict' });
    try {
      const result = await work(tx);
      await tx.done;
      this.#channel?.postMessage('changed');
      this.#options.onChange?.();
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished (it failed on its own).
      }
      await tx.done.catch(() => undefined);
      throw await storageError(error, neededBytes);
    }
  }
}

/** Opens (creating or upgrading) the registry database. */
export async function openRegistry(options: RegistryOptions = {}): Promise<Registry> {
  if (typeof indexedDB === 'undefined') {
    throw new WorkbenchError('storage_unavailable', 'This browser offers no IndexedDB storage.', {
      hint: 'Use a current browser outside private mode to keep model versions.',
    });
  }
  const name = options.name ?? DEFAULT_DB_NAME;
  const version = options.schemaVersion ?? SCHEMA_VERSION;
  let registry: Registry | null = null;
  try {
    const db = await openDB<RegistrySchema>(name, version, {
      upgrade: (database, oldVersion, newVersion, tx) =>
        migrate(database, oldVersion, newVersion ?? version, tx),
      blocked: () => options.onBlocked?.(),
      blocking: () => registry?.onBlocking(),
      terminated: () => registry?.onTerminated(),
    });
    registry = new Registry(db, name, options);
    return registry;
  } catch (error) {
    throw openError(error);
  }
}

function openError(error: unknown): WorkbenchError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'VersionError') {
    return new WorkbenchError(
      'storage_newer',
      'The stored models were upgraded by a newer version of the workbench in another tab.',
      { hint: 'Reload this page to use the newer version.', cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WorkbenchError('storage_unavailable', `The model storage could not open: ${message}`, {
    hint: 'Check that this site may store data (not a private window, storage not blocked).',
    cause: error,
  });
}
