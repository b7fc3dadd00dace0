/**
 * What happens to a saved version: stage changes, note and tag edits, the trash with undo,
 * purging for good, and dropping its reference snapshot. Each is one strict transaction over
 * only the stores it touches.
 */
import { deleteVersionLogs } from '../prediction-log/log-store';
import type { RegistryConnection } from './connection';
import { latencySchema, versionPatchSchema } from './record-schemas';
import { assertStage, checkOptions, normaliseTags } from './records';
import { listTrash } from './registry-reads';
import { checkVersionRecord } from './stored-records';
import type { Stage, VersionLatency, VersionPatch, VersionRecord } from './types';
import { demoteProduction, getLive, otherProduction, versionNotFound } from './version-rules';

/** Moves a version to a stage, archiving the project's production version when promoting. */
export async function setStage(
  conn: RegistryConnection,
  id: string,
  stage: Stage,
): Promise<VersionRecord> {
  assertStage(stage);
  const now = Date.now();
  return conn.write(['versions'], 0, async (tx) => {
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
export async function updateVersion(
  conn: RegistryConnection,
  id: string,
  patch: VersionPatch,
): Promise<VersionRecord> {
  patch = checkOptions(versionPatchSchema, patch, 'changes');
  return conn.write(['versions'], 0, async (tx) => {
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

/** Records a version's measured latency (replacing an earlier measurement). */
export async function setVersionLatency(
  conn: RegistryConnection,
  id: string,
  latency: VersionLatency,
): Promise<VersionRecord> {
  latency = checkOptions(latencySchema, latency, 'latency');
  return conn.write(['versions'], 0, async (tx) => {
    const record = await getLive(tx, id);
    const updated: VersionRecord = { ...record, latency: { ...latency } };
    await tx.objectStore('versions').put(updated);
    return updated;
  });
}

/** Moves a version to the trash. */
export async function deleteVersion(conn: RegistryConnection, id: string): Promise<VersionRecord> {
  const now = Date.now();
  return conn.write(['versions'], 0, async (tx) => {
    const record = await getLive(tx, id);
    const deleted = { ...record, deletedAt: now };
    await tx.objectStore('versions').put(deleted);
    return deleted;
  });
}

/** Takes a version out of the trash, archived if another version took production meanwhile. */
export async function restoreVersion(conn: RegistryConnection, id: string): Promise<VersionRecord> {
  const now = Date.now();
  return conn.write(['versions'], 0, async (tx) => {
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

/** Removes these versions, their models, details and reference data for good, in one write. */
export async function purgeVersions(
  conn: RegistryConnection,
  ids: readonly string[],
): Promise<void> {
  const stores = ['versions', 'models', 'details', 'references'] as const;
  await conn.write([...stores, 'logBatches', 'logChunks'], 0, async (tx) => {
    const present = stores.filter((name) => tx.objectStoreNames.contains(name));
    await Promise.all(ids.flatMap((id) => present.map((name) => tx.objectStore(name).delete(id))));
    await deleteVersionLogs(tx, ids);
  });
}

/** Purges every version in the trash; resolves to how many. */
export async function emptyTrash(conn: RegistryConnection): Promise<number> {
  const trash = await listTrash(conn);
  await purgeVersions(
    conn,
    trash.map((record) => record.id),
  );
  return trash.length;
}

/** Deletes a version's reference snapshot (the version stays); resolves to the updated record. */
export async function deleteReference(
  conn: RegistryConnection,
  id: string,
): Promise<VersionRecord> {
  if (!conn.has('references')) throw conn.olderSchema('reference data');
  return conn.write(['versions', 'references'], 0, async (tx) => {
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
