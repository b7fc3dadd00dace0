/**
 * The model registry: projects and their versions in IndexedDB, with stages, a trash with undo,
 * and single-file backups. Works wherever IndexedDB does (page, worker, Node with
 * fake-indexeddb). Every write is one `durability: 'strict'` transaction that awaits nothing but
 * IndexedDB requests, so a crash or a full disk leaves the previous state exactly as it was.
 *
 * This file is the public facade: saving is in save-version.ts, reads in registry-reads.ts,
 * stage, trash and purge in version-lifecycle.ts, the connection and its writes in connection.ts.
 */
import { openDB } from 'idb';
import { WorkbenchError } from '../errors';
import { writeBackup, type BackupOptions } from './backup-write';
import { importBackupInto, type ImportOptions, type ImportSummary } from './backup-import';
import { RegistryConnection } from './connection';
import * as encryption from './encryption';
import { maskSalt } from './mask-salt';
import type { ResealProgress } from './encryption';
import type { EncryptionStatus } from './vault';
import { isSealedBackup, openSealedBackup } from './backup-sealed';
import type { VersionDetails } from './details-store';
import type { ReferenceData } from '../reference/types';
import * as log from '../prediction-log/log-store';
import { listDecisions, recordDecision } from '../improve/decisions';
import {
  claimAlerts,
  getImprovePolicy,
  setImprovePolicy,
  type ImprovePolicy,
} from '../improve/policy-store';
import type { DecisionInput, DecisionRecord } from '../improve/decision-types';
import { joinLabels, type LabelJoin } from '../prediction-log/join-labels';
import type { Table } from '../data/table';
import type { AlertRules } from '../monitor/alerts';
import { getAlertRules, setAlertRules } from '../monitor/alert-rules-store';
import {
  importPredictionLog,
  type ImportLogOptions,
  type PredictionLogImport,
} from '../prediction-log/import-log';
import type {
  LogBatchRecord,
  LogRetention,
  LogWriteResult,
  PredictionLog,
  PredictionLogEntry,
  PredictionLogQuery,
  PredictionLogStats,
} from '../prediction-log/types';
import * as reads from './registry-reads';
import type { VersionFilter } from './registry-reads';
import { saveVersion } from './save-version';
import type { DamagedRecord } from './stored-records';
import * as lifecycle from './version-lifecycle';
import {
  DEFAULT_DB_NAME,
  migrate,
  SCHEMA_VERSION,
  STORE_NAMES,
  type RegistryDb,
  type RegistrySchema,
} from './schema';
import { estimateStorage, openError, type StorageEstimate } from './storage';
import type {
  ProjectRecord,
  RegistryOptions,
  SaveMeta,
  Stage,
  VersionPatch,
  VersionLatency,
  VersionRecord,
} from './types';

/** A stored record that fails its checks, and why (`Registry.listDamaged`). */
export type { DamagedRecord };
export type { VersionDetails };
export type { VersionFilter };

export class Registry {
  readonly name: string;
  readonly schemaVersion: number;
  #conn: RegistryConnection;

  constructor(db: RegistryDb, name: string, options: RegistryOptions) {
    this.name = name;
    this.schemaVersion = db.version;
    this.#conn = new RegistryConnection(db, name, options);
  }

  /**
   * Stores a model as a new version; resolves to its record (with its `id`). With `reference`
   * (the training table), a reference snapshot is stored beside it (`loadReference`).
   */
  async saveVersion(value: unknown, options: SaveMeta = {}): Promise<VersionRecord> {
    return saveVersion(this.#conn, value, options);
  }

  /**
   * Version records (metadata only, no weights), oldest first. Damaged records are left out;
   * `listDamaged` names them.
   */
  async listVersions(filter: VersionFilter = {}): Promise<VersionRecord[]> {
    return reads.listVersions(this.#conn, filter);
  }

  /** Versions in the trash, most recently deleted first. */
  async listTrash(): Promise<VersionRecord[]> {
    return reads.listTrash(this.#conn);
  }

  /** Projects, oldest first (damaged records left out, as in `listVersions`). */
  async listProjects(): Promise<ProjectRecord[]> {
    return reads.listProjects(this.#conn);
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
    return reads.listAll(this.#conn);
  }

  async getVersion(id: string): Promise<VersionRecord> {
    return reads.getVersion(this.#conn, id);
  }

  /** The stored model, ready for `predict`: the same weights, so the same predictions. */
  async loadVersion<T = unknown>(id: string): Promise<T> {
    return reads.loadVersion<T>(this.#conn, id);
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
    return reads.compareVersions(this.#conn, ids);
  }

  /**
   * A version's reference snapshot: `{ table, splits, rows, summaries, predictions, ... }`.
   * Refused with `reference_not_found` when the version was saved without one.
   */
  async loadReference(id: string): Promise<ReferenceData> {
    return reads.loadReference(this.#conn, id);
  }

  /** Deletes a version's reference snapshot (the version stays); resolves to the updated record. */
  async deleteReference(id: string): Promise<VersionRecord> {
    return lifecycle.deleteReference(this.#conn, id);
  }

  /**
   * Moves a version to a stage. Promoting to production archives the project's current
   * production version, so promoting an older version is a rollback.
   */
  async setStage(id: string, stage: Stage): Promise<VersionRecord> {
    return lifecycle.setStage(this.#conn, id, stage);
  }

  /** Changes a version's note or tags. */
  async updateVersion(id: string, patch: VersionPatch): Promise<VersionRecord> {
    return lifecycle.updateVersion(this.#conn, id, patch);
  }

  /**
   * Records how long a version takes to predict (`{ ms, rows, backend, measuredAt }`), measured
   * by the caller; the Pareto view plots it against the version's score and size.
   */
  async setVersionLatency(id: string, latency: VersionLatency): Promise<VersionRecord> {
    return lifecycle.setVersionLatency(this.#conn, id, latency);
  }

  /** Moves a version to the trash; `restoreVersion` undoes it, `purgeVersion` makes it final. */
  async deleteVersion(id: string): Promise<VersionRecord> {
    return lifecycle.deleteVersion(this.#conn, id);
  }

  /** Takes a version out of the trash. If another version took production meanwhile, it is archived. */
  async restoreVersion(id: string): Promise<VersionRecord> {
    return lifecycle.restoreVersion(this.#conn, id);
  }

  /**
   * Logs predictions a version made: the model's feature columns of `table` (and its target when
   * the table has it), one prediction per row (null rows are left out), the time, the latency.
   * Stored as columnar chunks in one transaction; the log's retention is applied in the same one.
   */
  async logPredictions(entry: PredictionLogEntry): Promise<LogWriteResult> {
    return log.logPredictions(this.#conn, entry);
  }

  /**
   * Imports a prediction log that the version's bundle wrote with `predict.mjs --log` (a Blob,
   * its text or its bytes): every run's header must name this version's task, target, features
   * and classes. The file is read and checked in full first, then logged (source 'import', each
   * batch's own time and latency) in one transaction: a bad line or a cancel logs nothing.
   */
  async importPredictionLog(
    versionId: string,
    source: Blob | string | Uint8Array,
    options: ImportLogOptions = {},
  ): Promise<PredictionLogImport> {
    return importPredictionLog(this.#conn, versionId, source, options);
  }

  /**
   * Logged rows of a version, a project or the whole workspace, in a time range, oldest first:
   * the input values as a Table, the predictions, and each row's time, version and latency.
   * Damaged batches are left out and named in `damaged`.
   */
  async readPredictionLog(query: PredictionLogQuery = {}): Promise<PredictionLog> {
    return log.readPredictionLog(this.#conn, query);
  }

  /** The logged batches in a range, without their values (oldest first). */
  async listLogBatches(query: PredictionLogQuery = {}): Promise<LogBatchRecord[]> {
    return log.listLogBatches(this.#conn, query);
  }

  /** The log's rows, batches, stored bytes, oldest and newest times, and retention. */
  async predictionLogStats(): Promise<PredictionLogStats> {
    return log.predictionLogStats(this.#conn);
  }

  async getLogRetention(): Promise<LogRetention> {
    return log.getLogRetention(this.#conn);
  }

  /** Sets how much the log keeps (rows, days) and applies it at once. */
  async setLogRetention(
    retention: Partial<LogRetention>,
  ): Promise<{ retention: LogRetention; trimmed: LogWriteResult['trimmed'] }> {
    return log.setLogRetention(this.#conn, retention);
  }

  /** Deletes the logged batches a query names (all by default); resolves to the rows removed. */
  async clearPredictionLog(query: PredictionLogQuery = {}): Promise<number> {
    return log.clearPredictionLog(this.#conn, query);
  }

  /**
   * Joins labels that arrived later to a version's logged rows by a key column (by default the
   * first identifier column logged with its predictions that the labels also have): each
   * matched row gets its label in the target column, for monitoring.
   */
  async joinLabels(
    versionId: string,
    labels: Table,
    options: { key?: string } = {},
  ): Promise<LabelJoin> {
    return joinLabels(this.#conn, await this.getVersion(versionId), labels, options.key);
  }

  /**
   * Records a decision with its evidence. A promotion or a rollback puts `challengerId` in
   * production (archiving the version there) in the same transaction as its record.
   */
  async recordDecision(input: DecisionInput): Promise<DecisionRecord> {
    return recordDecision(this.#conn, input);
  }

  /** A project's decisions, oldest first. */
  async listDecisions(projectId: string): Promise<DecisionRecord[]> {
    return listDecisions(this.#conn, projectId);
  }

  /** A project's improvement policy (off until set). */
  async getImprovePolicy(projectId: string): Promise<ImprovePolicy> {
    return getImprovePolicy(this.#conn, projectId);
  }

  async setImprovePolicy(projectId: string, policy: ImprovePolicy): Promise<ImprovePolicy> {
    return setImprovePolicy(this.#conn, projectId, policy);
  }

  /** Marks alerts of a version as acted on; resolves to those that were not before. */
  async claimAlerts(versionId: string, alertIds: readonly string[]): Promise<string[]> {
    return claimAlerts(this.#conn, versionId, alertIds);
  }

  /** A project's alert rules (the defaults until set). */
  async getAlertRules(projectId: string): Promise<AlertRules> {
    return getAlertRules(this.#conn, projectId);
  }

  /** Keeps a project's alert rules; monitoring applies them from then on. */
  async setAlertRules(projectId: string, rules: AlertRules): Promise<AlertRules> {
    return setAlertRules(this.#conn, projectId, rules);
  }

  /** Removes a version, its model, details, reference data and logged predictions for good. */
  async purgeVersion(id: string): Promise<void> {
    await lifecycle.purgeVersions(this.#conn, [id]);
  }

  /** Purges every version in the trash; resolves to how many. */
  async emptyTrash(): Promise<number> {
    return lifecycle.emptyTrash(this.#conn);
  }

  /** The whole workspace, or one project, as a single zip file (a Blob). */
  exportBackup(options: BackupOptions = {}): Promise<Blob> {
    return writeBackup(this.#conn.open(), this.#conn.vault, options);
  }

  /**
   * Adds a backup's projects and versions. The file is checked in full before anything is
   * written, and written in one transaction: a bad file leaves the workspace untouched.
   */
  async importBackup(
    source: Blob | Uint8Array | ArrayBuffer,
    options: ImportOptions = {},
  ): Promise<ImportSummary> {
    const conn = this.#conn;
    conn.open();
    if (!conn.has('references')) throw conn.olderSchema('backup import');
    const zip = (await isSealedBackup(source))
      ? await openSealedBackup(source, options.passphrase)
      : source;
    return importBackupInto(
      zip,
      (needed, write) => conn.write(STORE_NAMES, needed, write),
      options,
      await conn.vault.sealer(),
    );
  }

  estimateStorage(): Promise<StorageEstimate> {
    return estimateStorage();
  }

  /** Whether the workspace is encrypted, and whether this connection holds its key. */
  encryptionStatus(): Promise<EncryptionStatus> {
    return encryption.encryptionStatus(this.#conn);
  }

  /**
   * Turns encryption at rest on: a passphrase of at least 8 characters wraps a new data key,
   * and every stored model, reference snapshot and log chunk is sealed. Stays unlocked.
   * A forgotten passphrase cannot be recovered: the data is lost without it.
   */
  enableEncryption(passphrase: string, onProgress?: ResealProgress): Promise<number> {
    return encryption.enableEncryption(this.#conn, passphrase, onProgress);
  }

  /** Unlocks an encrypted workspace; `wrong_passphrase` decrypts nothing. */
  unlock(passphrase: string, onProgress?: ResealProgress): Promise<void> {
    return encryption.unlock(this.#conn, passphrase, onProgress);
  }

  /** Forgets the key: sealed records cannot be read or written until `unlock`. */
  lock(): void {
    this.#conn.vault.setKey(null);
  }

  /** The unlocked data key (not extractable), to hand to a worker's registry; null when locked. */
  get workspaceKey(): CryptoKey | null {
    return this.#conn.vault.key;
  }

  /** Uses a data key unlocked elsewhere (the page hands it to its worker); null locks. */
  useWorkspaceKey(key: CryptoKey | null): void {
    this.#conn.vault.setKey(key);
  }

  /** Re-wraps the data key under a new passphrase; no record is re-encrypted. */
  changePassphrase(current: string, next: string): Promise<void> {
    return encryption.changePassphrase(this.#conn, current, next);
  }

  /** Opens every sealed record into clear and removes the key (needs the passphrase). */
  disableEncryption(passphrase: string, onProgress?: ResealProgress): Promise<void> {
    return encryption.disableEncryption(this.#conn, passphrase, onProgress);
  }

  /**
   * The workspace's secret masking salt (made on first use; sealed when encrypted). Hashing a
   * column with `maskTable(table, masks, await registry.maskSalt())` keeps equal values equal
   * within this workspace and unreadable outside it.
   */
  maskSalt(): Promise<Uint8Array> {
    return maskSalt(this.#conn);
  }

  /** Seconds without a key press or click before the app locks an encrypted workspace. */
  getIdleLockSeconds(): Promise<number> {
    return encryption.getIdleLockSeconds(this.#conn);
  }

  setIdleLockSeconds(seconds: number): Promise<number> {
    return encryption.setIdleLockSeconds(this.#conn, seconds);
  }

  /** Closes the connection; later calls fail with `registry_closed`. */
  close(): void {
    this.#conn.close('closed');
  }

  get closed(): boolean {
    return this.#conn.closed;
  }

  /** A newer schema wants the database: yield to it at once so no tab deadlocks. */
  onBlocking(): void {
    this.#conn.close('upgrade');
  }

  onTerminated(): void {
    this.#conn.close('terminated');
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
