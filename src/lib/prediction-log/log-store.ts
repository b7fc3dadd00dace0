/**
 * The prediction log in the registry's database: writes (a batch and its chunks in one strict
 * transaction, with retention applied in the same one), reads of a time range of a version or a
 * project, the log's size, and clearing. Every write goes through the registry's connection, so
 * other tabs hear of it and a full disk leaves the log as it was.
 */
import { WorkbenchError } from '../errors';
import type { RegistryConnection } from '../registry/connection';
import type { RegistryDb, StoreName, WriteTx } from '../registry/schema';
import { checkVersionRecord, registryCorrupt } from '../registry/stored-records';
import { versionNotFound } from '../registry/version-rules';
import type { VersionRecord } from '../registry/types';
import { sealContext, type RecordVault } from '../registry/vault';
import { toWorkbenchError } from '../errors';
import { checkLogChunk, isSoundBatch } from './check-chunk';
import { checkEntry, checkQuery, checkRetention } from './check-entry';
import {
  chunkBytes,
  encodeLogChunks,
  MAX_CHUNK_ROWS,
  withKeyColumns,
  type LogModelInfo,
} from './encode-chunk';
import { mergeLog } from './merge';
import {
  DEFAULT_LOG_RETENTION,
  type DamagedLogBatch,
  type LogBatchRecord,
  type LogChunkRecord,
  type LogRetention,
  type LogSource,
  type LogWriteResult,
  type PredictionLog,
  type PredictionLogEntry,
  type PredictionLogQuery,
  type PredictionLogStats,
} from './types';

const DAY_MS = 86_400_000;
const RETENTION_KEY = 'logRetention';
const LOG_STORES = ['logBatches', 'logChunks', 'settings'] as const;
type LogTx = WriteTx<(typeof LOG_STORES)[number]>;

function requireLog(conn: RegistryConnection): RegistryDb {
  if (!conn.has('logBatches')) throw conn.olderSchema('prediction log');
  return conn.open();
}

/** The stored retention, or the defaults when unset or damaged. */
function retentionOf(value: unknown): LogRetention {
  try {
    return checkRetention(value ?? {}, DEFAULT_LOG_RETENTION);
  } catch {
    return DEFAULT_LOG_RETENTION;
  }
}

async function readRetention(db: RegistryDb): Promise<LogRetention> {
  return retentionOf((await db.get('settings', RETENTION_KEY))?.value);
}

/**
 * Each connection's classes of the versions it has logged. A saved model never changes, so a
 * log write after the first reads only the small version record, not the model's weights (which
 * an encrypted workspace would also have to decrypt).
 */
const classesSeen = new WeakMap<RecordVault, Map<string, string[]>>();

/** The model's classes, from the stored model (checked) or from this connection's cache. */
async function classesOf(db: RegistryDb, vault: RecordVault, version: VersionRecord) {
  let seen = classesSeen.get(vault);
  if (!seen) classesSeen.set(vault, (seen = new Map<string, string[]>()));
  const known = seen.get(version.id);
  if (known) return known;
  const stored = await vault.open<{ json?: unknown } | undefined>(
    await db.get('models', version.id),
    sealContext.model(version.id),
  );
  const classes = (stored?.json as { classes?: unknown } | undefined)?.classes;
  const sound = Array.isArray(classes) && classes.every((c) => typeof c === 'string');
  if (!sound || (version.task !== 'regression') !== classes.length > 0) {
    throw registryCorrupt(
      `The model of version ${version.number}`,
      'its classes are unreadable',
      version.id,
    );
  }
  seen.set(version.id, classes);
  return classes;
}

/** What logging needs of a version: its record, its model's classes, the columns it logs. */
async function modelInfo(db: RegistryDb, vault: RecordVault, versionId: string) {
  const found = await db.get('versions', versionId);
  if (!found) throw versionNotFound(versionId);
  const version = checkVersionRecord(found);
  const classes = await classesOf(db, vault, version);
  const features = version.schema.map((column) => ({ name: column.name, kind: column.kind }));
  const target = features.some((f) => f.name === version.target)
    ? []
    : [{ name: version.target, kind: 'unknown', optional: true }];
  const info: LogModelInfo = { columns: [...features, ...target], classes: classes };
  return { version, info };
}

/**
 * Deletes what retention no longer keeps: batches older than `maxAgeDays`, then the oldest
 * whole batches while the log holds more than `maxRows` rows.
 */
async function applyRetention(tx: LogTx, retention: LogRetention, now: number) {
  const batches = tx.objectStore('logBatches');
  const all = (await batches.getAll()).filter(isSoundBatch);
  all.sort((a, b) => b.time - a.time || b.id - a.id);
  const cutoff = now - retention.maxAgeDays * DAY_MS;
  let kept = 0;
  const trimmed = { batches: 0, rows: 0 };
  const deletions: Promise<unknown>[] = [];
  for (const batch of all) {
    if (batch.time >= cutoff && kept + batch.rows <= retention.maxRows) {
      kept += batch.rows;
      continue;
    }
    trimmed.batches++;
    trimmed.rows += batch.rows;
    deletions.push(batches.delete(batch.id), tx.objectStore('logChunks').delete(batch.id));
  }
  await Promise.all(deletions);
  return trimmed;
}

/** Rows per chunk: small enough that retention trims in steps of an eighth of what it keeps. */
const chunkRowsFor = (retention: LogRetention) =>
  Math.max(1, Math.min(MAX_CHUNK_ROWS, Math.floor(retention.maxRows / 8)));

/** What a write to a version's log needs: its record, the columns it logs, the retention. */
export async function logTarget(conn: RegistryConnection, versionId: string) {
  const db = requireLog(conn);
  const { version, info } = await modelInfo(db, conn.vault, versionId);
  const retention = await readRetention(db);
  return { version, info, retention, chunkRows: chunkRowsFor(retention) };
}

/** A checked batch, encoded, ready to store. */
export interface EncodedBatch {
  chunks: Omit<LogChunkRecord, 'id'>[];
  /** Rows in the chunks: the batch's rows that have a prediction. */
  logged: number;
  /** Milliseconds for the whole batch, shared among its chunks by rows. */
  latencyMs: number;
  time: number;
  source: LogSource;
  file: string | null;
}

/**
 * Stores batches of one version in one transaction, then applies retention once, so that an
 * import of many batches is all or nothing, as one logged batch is.
 */
export async function writeBatches(
  conn: RegistryConnection,
  version: VersionRecord,
  retention: LogRetention,
  batches: readonly EncodedBatch[],
): Promise<LogWriteResult> {
  const chunks = batches.flatMap((batch) => batch.chunks);
  const bytes = chunks.reduce((sum, chunk) => sum + chunkBytes(chunk), 0);
  // Sealed before the transaction (only IndexedDB work may be awaited inside it); the id is
  // given inside, so the seal names the chunk by its batch's version, time and rows.
  const seal = await conn.vault.sealer();
  const sealed = await Promise.all(
    batches.map(({ chunks, time }) =>
      Promise.all(
        chunks.map((chunk) =>
          seal(0, chunk, sealContext.logChunk({ versionId: version.id, time, rows: chunk.rows })),
        ),
      ),
    ),
  );
  return conn.write(
    LOG_STORES,
    bytes,
    async (tx) => {
      const added: LogBatchRecord[] = [];
      for (const [b, { chunks, logged, latencyMs, time, source, file }] of batches.entries()) {
        for (const [c, chunk] of chunks.entries()) {
          const batch = batchRecord(version, chunk, { time, source, file });
          batch.latencyMs = logged > 0 ? (latencyMs * chunk.rows) / logged : 0;
          const id = await tx.objectStore('logBatches').add(batch as LogBatchRecord);
          added.push({ ...batch, id });
          const stored = sealed[b]?.[c] ?? chunk;
          await tx.objectStore('logChunks').put({ ...stored, id } as LogChunkRecord);
        }
      }
      const trimmed = await applyRetention(tx, retention, Date.now());
      const rows = batches.reduce((sum, batch) => sum + batch.logged, 0);
      return { batches: added, rows, trimmed };
    },
    'log',
  );
}

export async function logPredictions(
  conn: RegistryConnection,
  entry: PredictionLogEntry,
): Promise<LogWriteResult> {
  requireLog(conn);
  if (typeof entry !== 'object' || entry === null || typeof entry.versionId !== 'string') {
    throw new WorkbenchError(
      'invalid_log_entry',
      'These predictions cannot be logged: `versionId` is missing.',
      {
        hint: 'Pass { versionId, table, predictions, latencyMs }.',
      },
    );
  }
  const { version, info, retention, chunkRows } = await logTarget(conn, entry.versionId);
  const { time, source, logged } = checkEntry(entry, version.task, info.classes);
  const columns = withKeyColumns(info, entry.table);
  const chunks = encodeLogChunks(columns, entry.table, entry.predictions, chunkRows);
  const file = entry.file ?? null;
  return writeBatches(conn, version, retention, [
    { chunks, logged, latencyMs: entry.latencyMs, time, source, file },
  ]);
}

function batchRecord(
  version: VersionRecord,
  chunk: Omit<LogChunkRecord, 'id'>,
  meta: Pick<LogBatchRecord, 'time' | 'source' | 'file'>,
): Omit<LogBatchRecord, 'id'> & { latencyMs: number } {
  return {
    versionId: version.id,
    versionNumber: version.number,
    projectId: version.projectId,
    ...meta,
    rows: chunk.rows,
    latencyMs: 0,
    bytes: chunkBytes(chunk),
  };
}

/** Sound batches in the query's range (oldest first), and the damaged ones named. */
async function batchesIn(db: RegistryDb, query: PredictionLogQuery) {
  const { from, to, lastRows } = checkQuery(query);
  const store = db.transaction('logBatches').store;
  const raw = query.versionId
    ? await store
        .index('byVersion')
        .getAll(IDBKeyRange.bound([query.versionId, from], [query.versionId, to]))
    : query.projectId
      ? await store
          .index('byProject')
          .getAll(IDBKeyRange.bound([query.projectId, from], [query.projectId, to]))
      : await store.index('byTime').getAll(IDBKeyRange.bound(from, to));
  const damaged: DamagedLogBatch[] = [];
  const sound: LogBatchRecord[] = [];
  for (const record of raw as unknown[]) {
    if (isSoundBatch(record)) sound.push(record);
    else
      damaged.push({
        id: Number((record as { id?: unknown } | null)?.id),
        reason: 'its record is malformed',
      });
  }
  let batches = sound
    .filter((b) => !query.projectId || b.projectId === query.projectId)
    .sort((a, b) => a.time - b.time || a.id - b.id);
  if (Number.isFinite(lastRows)) {
    let rows = 0;
    let first = batches.length;
    while (first > 0 && rows < lastRows) rows += batches[--first]?.rows ?? 0;
    batches = batches.slice(first);
  }
  return { batches, damaged };
}

export async function readPredictionLog(
  conn: RegistryConnection,
  query: PredictionLogQuery = {},
): Promise<PredictionLog> {
  const db = requireLog(conn);
  const { batches, damaged } = await batchesIn(db, query);
  const checks = await readLogChunks(conn, batches);
  const keptBatches: LogBatchRecord[] = [];
  const chunks: LogChunkRecord[] = [];
  batches.forEach((batch, i) => {
    const checked = checks[i] ?? { ok: false as const, reason: 'its values are missing' };
    if (checked.ok) {
      keptBatches.push(batch);
      chunks.push(checked.chunk);
    } else damaged.push({ id: batch.id, reason: checked.reason });
  });
  return mergeLog(keptBatches, chunks, damaged);
}

/**
 * The stored values of these batches, opened (sealed ones with the workspace key) and checked
 * against their batch. A chunk whose seal fails is damaged, like a malformed one; a locked
 * workspace is an error.
 */
export async function readLogChunks(
  conn: RegistryConnection,
  batches: readonly LogBatchRecord[],
): Promise<ReturnType<typeof checkLogChunk>[]> {
  const tx = conn.open().transaction('logChunks');
  const stored = await Promise.all(batches.map((batch) => tx.store.get(batch.id)));
  await tx.done;
  return Promise.all(
    batches.map(async (batch, i) => {
      try {
        const opened = await conn.vault.open(stored[i], sealContext.logChunk(batch));
        return checkLogChunk(opened, batch);
      } catch (error) {
        const failure = toWorkbenchError(error);
        if (failure.code !== 'data_tampered') throw failure;
        return { ok: false as const, reason: 'its sealed values failed their integrity check' };
      }
    }),
  );
}

/** The batches in a query's range, without their values (oldest first). */
export async function listLogBatches(
  conn: RegistryConnection,
  query: PredictionLogQuery = {},
): Promise<LogBatchRecord[]> {
  return (await batchesIn(requireLog(conn), query)).batches;
}

export async function predictionLogStats(conn: RegistryConnection): Promise<PredictionLogStats> {
  const db = requireLog(conn);
  const [all, retention] = await Promise.all([db.getAll('logBatches'), readRetention(db)]);
  const sound = all.filter(isSoundBatch);
  const times = sound.map((b) => b.time);
  return {
    rows: sound.reduce((sum, b) => sum + b.rows, 0),
    batches: sound.length,
    bytes: sound.reduce((sum, b) => sum + b.bytes, 0),
    oldest: times.length > 0 ? Math.min(...times) : null,
    newest: times.length > 0 ? Math.max(...times) : null,
    retention,
  };
}

export async function getLogRetention(conn: RegistryConnection): Promise<LogRetention> {
  return readRetention(requireLog(conn));
}

/** Sets the retention and applies it at once; resolves to it and to what it removed. */
export async function setLogRetention(
  conn: RegistryConnection,
  value: Partial<LogRetention>,
): Promise<{ retention: LogRetention; trimmed: LogWriteResult['trimmed'] }> {
  const db = requireLog(conn);
  const retention = checkRetention(value, await readRetention(db));
  return conn.write(
    LOG_STORES,
    0,
    async (tx) => {
      await tx.objectStore('settings').put({ key: RETENTION_KEY, value: retention });
      return { retention, trimmed: await applyRetention(tx, retention, Date.now()) };
    },
    'log',
  );
}

/** Deletes the batches a query names (the whole log by default); resolves to the rows removed. */
export async function clearPredictionLog(
  conn: RegistryConnection,
  query: PredictionLogQuery = {},
): Promise<number> {
  const db = requireLog(conn);
  const { batches, damaged } = await batchesIn(db, query);
  const ids = [...batches.map((b) => b.id), ...damaged.map((d) => d.id).filter(Number.isFinite)];
  return conn.write(
    LOG_STORES,
    0,
    async (tx) => {
      await Promise.all(
        ids.flatMap((id) => [
          tx.objectStore('logBatches').delete(id),
          tx.objectStore('logChunks').delete(id),
        ]),
      );
      return batches.reduce((sum, b) => sum + b.rows, 0);
    },
    'log',
  );
}

/** Deletes every logged batch of these versions, inside a purge's transaction. */
export async function deleteVersionLogs<S extends StoreName>(
  tx: WriteTx<S | 'logBatches' | 'logChunks'>,
  versionIds: readonly string[],
): Promise<void> {
  if (!tx.objectStoreNames.contains('logBatches')) return;
  const index = tx.objectStore('logBatches').index('byVersion');
  for (const id of versionIds) {
    const keys = await index.getAllKeys(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
    await Promise.all(
      keys.flatMap((key) => [
        tx.objectStore('logBatches').delete(key),
        tx.objectStore('logChunks').delete(key),
      ]),
    );
  }
}
