/**
 * The registry's IndexedDB schema and its migrations. Each migration takes the database from
 * version n - 1 to n; `upgrade` runs every one the stored database has not seen yet, in order,
 * inside the browser's single version-change transaction (so an upgrade is all or nothing).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ProjectRecord, Stage, VersionRecord } from './types';

export const DEFAULT_DB_NAME = 'tabular-workbench';
export const SCHEMA_VERSION = 2;

/** A model's JSON half and its binary chunks, stored apart from the small version record. */
export interface ModelRecord {
  id: string;
  json: unknown;
  chunks: ArrayBuffer[];
  /** xxHash64 of the JSON text and of each chunk; absent on versions saved before it existed. */
  xxh64?: { json: string; chunks: string[] };
}

export interface RegistrySchema extends DBSchema {
  projects: { key: string; value: ProjectRecord };
  versions: {
    key: string;
    value: VersionRecord;
    indexes: { byProject: string; byCreated: number; byTag: string; byStage: [string, Stage] };
  };
  models: { key: string; value: ModelRecord };
}

export type RegistryDb = IDBPDatabase<RegistrySchema>;
type UpgradeTransaction = IDBPTransaction<
  RegistrySchema,
  StoreNames<RegistrySchema>[],
  'versionchange'
>;

type Migration = (db: RegistryDb, tx: UpgradeTransaction) => void;

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

export const STORE_NAMES = ['projects', 'versions', 'models'] as const;

/** A read-write transaction over every store: how the registry writes. */
export type WriteTx = IDBPTransaction<RegistrySchema, typeof STORE_NAMES, 'readwrite'>;
