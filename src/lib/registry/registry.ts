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
import { prepareSave } from './prepare-model';
import { readReference } from './reference-store';
import { readDetails, type VersionDetails } from './details-store';
import type { ReferenceData } from '../reference/types';
import { versionPatchSchema } from './record-schemas';
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
  detailsOf,
  migrate,
  SCHEMA_VERSION,
  STORE_NAMES,
  type RegistryDb,
  type RegistrySchema,
  type StoreName,
  type WriteTx,
} from './schema';
import {
  demoteProduction,
  getLive,
  otherProduction,
  projectNotFound,
  versionNotFound,
} from './version-rules';
import { estimateStorage, openError, storageError, type StorageEstimate } from './storage';
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
export type { VersionDetails };

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

  /**
   * Stores a model as a new version; resolves to its record (with its `id`). With `reference`
   * (the training table), a reference snapshot is stored beside it (`loadReference`).
   */
  async saveVersion(value: unknown, options: SaveMeta = {}): Promise<VersionRecord> {
    // All non-IndexedDB work happens before the transaction opens.
    const { model, meta, encoded, jsonBytes, xxh64, reference } = await prepareSave(
      value,
      options,
      this.#has('references'),
    );
    const id = crypto.randomUUID();
    const newProjectId = crypto.randomUUID();
    const now = Date.now();
    const stores = ['projects', 'versions', 'models', 'details', 'references'] as const;
    const needed = encoded.binaryBytes + jsonBytes + (reference?.bytes ?? 0);
    return this.#write(stores, needed, async (tx) => {
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
        referenceBytes: reference?.bytes ?? null,
      });
      // The model goes first: if it cannot be cloned, put() throws before any other request
      // exists, so no request is left to fail unobserved when the transaction aborts.
      await Promise.all([
        tx.objectStore('models').put({ id, json: encoded.json, chunks: encoded.chunks, xxh64 }),
        reference ? tx.objectStore('references').put({ id, ...reference.record }) : undefined,
        this.#has('details') ? tx.objectStore('details').put(detailsOf(id, model)) : undefined,
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
   * A version's record, full metrics and training history: what comparing versions shows. Reads
   * no weights (the models store is never opened).
   */
  async loadDetails(id: string): Promise<VersionDetails> {
    return (await this.compareVersions([id]))[0] as VersionDetails;
  }

  /** `loadDetails` of several versions in one read, in the order given. */
  async compareVersions(ids: readonly string[]): Promise<VersionDetails[]> {
    if (!this.#has('details')) throw this.#olderSchema('version details');
    return readDetails(this.#open(), ids);
  }

  /**
   * A version's reference snapshot: `{ table, splits, rows, summaries, predictions, ... }`.
   * Refused with `reference_not_found` when the version was saved without one.
   */
  async loadReference(id: string): Promise<ReferenceData> {
    if (!this.#has('references')) throw this.#olderSchema('reference data');
    return readReference(this.#open(), id);
  }

  /** Deletes a version's reference snapshot (the version stays); resolves to the updated record. */
  async deleteReference(id: string): Promise<VersionRecord> {
    if (!this.#has('references')) throw this.#olderSchema('reference data');
    return this.#write(['versions', 'references'], 0, async (tx) => {
      const found = await tx.objectStore('versions').get(id);
      if (!found) throw versionNotFound(id);
      const updated: VersionRecord = { ...checkVersionRecord(found), referenceBytes: null };
      await Promise.all([
        tx.objectStore('references').delete(id),
        tx.objectStore('versions').put(updated),
      ]);
      return updated;
    });
  }

  /**
   * Moves a version to a stage. Promoting to production archives the project's current
   * production version, so promoting an older version is a rollback.
   */
  async setStage(id: string, stage: Stage): Promise<VersionRecord> {
    assertStage(stage);
    const now = Date.now();
    return this.#write(['versions'], 0, async (tx) => {
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
    return this.#write(['versions'], 0, async (tx) => {
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
    return this.#write(['versions'], 0, async (tx) => {
      const record = await getLive(tx, id);
      const deleted = { ...record, deletedAt: now };
      await tx.objectStore('versions').put(deleted);
      return deleted;
    });
  }

  /** Takes a version out of the trash. If another version took production meanwhile, it is archived. */
  async restoreVersion(id: string): Promise<VersionRecord> {
    const now = Date.now();
    return this.#write(['versions'], 0, async (tx) => {
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

  /** Removes a version, its model, details and reference data for good. */
  async purgeVersion(id: string): Promise<void> {
    await this.#purge([id]);
  }

  /** Purges every version in the trash; resolves to how many. */
  async emptyTrash(): Promise<number> {
    const trash = await this.listTrash();
    await this.#purge(trash.map((record) => record.id));
    return trash.length;
  }

  async #purge(ids: readonly string[]): Promise<void> {
    const stores = ['versions', 'models', 'details', 'references'] as const;
    await this.#write(stores, 0, async (tx) => {
      const present = stores.filter((name) => tx.objectStoreNames.contains(name));
      await Promise.all(
        ids.flatMap((id) => present.map((name) => tx.objectStore(name).delete(id))),
      );
    });
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
    if (!this.#has('references')) throw this.#olderSchema('backup import');
    return importBackupInto(
      source,
      (needed, write) => this.#write(STORE_NAMES, needed, write),
      options,
    );
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

  /** Whether the database has this store (a test may open an older schema). */
  #has(store: StoreName): boolean {
    return this.#open().objectStoreNames.contains(store);
  }

  #olderSchema(what: string): WorkbenchError {
    return new WorkbenchError(
      'storage_unavailable',
      `This registry was opened at schema ${this.schemaVersion}, which has no ${what}.`,
      { hint: `Open the registry at the current schema (${SCHEMA_VERSION}).` },
    );
  }

  /**
   * One strict read-write transaction over the stores a write touches (those the database
   * has); on failure nothing is changed.
   */
  async #write<S extends StoreName, T>(
    stores: readonly S[],
    neededBytes: number,
    work: (tx: WriteTx<S>) => Promise<T>,
  ): Promise<T> {
    const db = this.#open();
    const names = stores.filter((name) => db.objectStoreNames.contains(name));
    const tx = db.transaction(names, 'readwrite', { durability: 'strict' });
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
