/**
 * The registry's IndexedDB schema and its migrations. Each migration takes the database from
 * version n - 1 to n; `upgrade` runs every one the stored database has not seen yet, in order,
 * inside the browser's single version-change transaction (so an upgrade is all or nothing).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { recordFields } from './precision';
import type { DecisionRecord } from '../improve/decision-types';
import type { LogBatchRecord, LogChunkRecord } from '../prediction-log/types';
import type { ProjectRecord, Stage, VersionRecord } from './types';

export const DEFAULT_DB_NAME = 'tabular-workbench';
export const SCHEMA_VERSION = 5;

/** A model's JSON half and its binary chunks, stored apart from the small version record. */
export interface ModelRecord {
  id: string;
  json: unknown;
  chunks: ArrayBuffer[];
  /** xxHash64 of the JSON text and of each chunk; absent on versions saved before it existed. */
  xxh64?: { json: string; chunks: string[] };
}

/**
 * What comparing versions reads: a model's full metrics and training history, kept apart from
 * its weights so that comparing never loads or decodes them.
 */
export interface DetailsRecord {
  id: string;
  metrics: unknown;
  history: unknown[];
}

export interface RegistrySchema extends DBSchema {
  projects: { key: string; value: ProjectRecord };
  versions: {
    key: string;
    value: VersionRecord;
    indexes: { byProject: string; byCreated: number; byTag: string; byStage: [string, Stage] };
  };
  models: { key: string; value: ModelRecord };
  /** A version's metrics and history (schema 3). */
  details: { key: string; value: DetailsRecord };
  /** A version's reference snapshot, in the same stored form as a model (schema 3). */
  references: { key: string; value: ModelRecord };
  /** The prediction log's batches: light records to list, count and trim (schema 4). */
  logBatches: {
    key: number;
    value: LogBatchRecord;
    indexes: { byTime: number; byVersion: [string, number]; byProject: [string, number] };
  };
  /** Each logged batch's values, columnar, under its batch's id (schema 4). */
  logChunks: { key: number; value: LogChunkRecord };
  /** Workspace settings by key, such as the log's retention (schema 4). */
  settings: { key: string; value: SettingRecord };
  /** Decisions to promote, keep or roll back, with their evidence (schema 5). */
  decisions: {
    key: string;
    value: DecisionRecord;
    indexes: { byProject: [string, number] };
  };
}

/** One workspace setting. */
export interface SettingRecord {
  key: string;
  value: unknown;
}

/** A model's metrics and history, as the details store keeps them. */
export function detailsOf(id: string, model: unknown): DetailsRecord {
  const value = (typeof model === 'object' && model !== null ? model : {}) as {
    metrics?: unknown;
    history?: unknown;
  };
  return {
    id,
    metrics: value.metrics ?? null,
    history: Array.isArray(value.history) ? (value.history as unknown[]) : [],
  };
}

export type RegistryDb = IDBPDatabase<RegistrySchema>;
type UpgradeTransaction = IDBPTransaction<
  RegistrySchema,
  StoreNames<RegistrySchema>[],
  'versionchange'
>;

type Migration = (db: RegistryDb, tx: UpgradeTransaction) => void;

/**
 * Schema 3 fills what older version records lack (precision, bytes, referenceBytes) and each
 * version's details, from its stored model's JSON half (no weights are decoded). A record or
 * model too damaged to read is left as it is: `listDamaged` names it afterwards.
 */
async function upgradeVersionsTo3(tx: UpgradeTransaction): Promise<void> {
  const models = tx.objectStore('models');
  const details = tx.objectStore('details');
  let cursor = await tx.objectStore('versions').openCursor();
  while (cursor) {
    const record = cursor.value as Partial<VersionRecord> | null;
    if (typeof record === 'object' && record !== null && typeof record.id === 'string') {
      const stored = await models.get(record.id);
      const json = (stored as { json?: unknown } | undefined)?.json;
      const weightBytes = typeof record.weightBytes === 'number' ? record.weightBytes : 0;
      await cursor.update({
        ...record,
        ...recordFields(json, weightBytes),
        referenceBytes: null,
      } as VersionRecord);
      if (stored) await details.put(detailsOf(record.id, json));
    }
    cursor = await cursor.continue();
  }
}

/** MIGRATIONS[n - 1] upgrades version n - 1 to n. */
const MIGRATIONS: Migration[] = [
  // 1: projects, version metadata, and models (JSON + chunks) in separate stores.
  (db) => {
    db.createObjectStore('projects', { keyPath: 'id' });
    const versions = db.createObjectStore('versions', { keyPath: 'id' });
    versions.createIndex('byProject', 'projectId');
    versions.createIndex('byCreated', 'createdAt');
    db.createObjectStore('models', { keyPath: 'id' });
  },
  // 2: find versions by tag, and a project's production version without a scan.
  (_db, tx) => {
    const versions = tx.objectStore('versions');
    versions.createIndex('byTag', 'tags', { multiEntry: true });
    versions.createIndex('byStage', ['projectId', 'stage']);
  },
  // 3: metrics and history apart from the weights; reference snapshots; precision and bytes.
  (db, tx) => {
    db.createObjectStore('details', { keyPath: 'id' });
    db.createObjectStore('references', { keyPath: 'id' });
    // Only IndexedDB requests are awaited, so the version-change transaction stays open.
    upgradeVersionsTo3(tx).catch(() => {
      try {
        tx.abort();
      } catch {
        // Already finished: the failure aborted it.
      }
    });
  },
  // 4: the prediction log (light batch records, columnar chunks) and workspace settings.
  (db) => {
    const batches = db.createObjectStore('logBatches', { keyPath: 'id', autoIncrement: true });
    batches.createIndex('byTime', 'time');
    batches.createIndex('byVersion', ['versionId', 'time']);
    batches.createIndex('byProject', ['projectId', 'time']);
    db.createObjectStore('logChunks', { keyPath: 'id' });
    db.createObjectStore('settings', { keyPath: 'key' });
  },
  // 5: decision records (promote, keep, roll back) with their evidence.
  (db) => {
    const decisions = db.createObjectStore('decisions', { keyPath: 'id' });
    decisions.createIndex('byProject', ['projectId', 'time']);
  },
];

export function migrate(
  db: RegistryDb,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
) {
  for (let version = oldVersion + 1; version <= newVersion; version++) {
    MIGRATIONS[version - 1]?.(db, tx);
  }
}

export const STORE_NAMES = [
  'projects',
  'versions',
  'models',
  'details',
  'references',
  'logBatches',
  'logChunks',
  'settings',
  'decisions',
] as const;

export type StoreName = (typeof STORE_NAMES)[number];

/** A read-write transaction over the stores a write touches (`S`). */
export type WriteTx<S extends StoreName = StoreName> = IDBPTransaction<
  RegistrySchema,
  S[],
  'readwrite'
>;
