/**
 * Saving a model as a new version: everything but IndexedDB work is done first
 * (`prepareSave`), then one strict transaction finds or creates its project and writes the
 * version, its model, details and reference snapshot together.
 */
import type { RegistryConnection } from './connection';
import { prepareSave } from './prepare-model';
import { matchProject, newProject, newVersion } from './records';
import { detailsOf, type ModelRecord } from './schema';
import { checkProjectRecord, isSoundProject } from './stored-records';
import type { SaveMeta, VersionRecord } from './types';
import { sealContext } from './vault';
import { demoteProduction, projectNotFound, versionNotFound } from './version-rules';

/** Stores a model as a new version; resolves to its record. */
export async function saveVersion(
  conn: RegistryConnection,
  value: unknown,
  options: SaveMeta,
): Promise<VersionRecord> {
  // All non-IndexedDB work happens before the transaction opens.
  const { model, meta, encoded, jsonBytes, xxh64, reference } = await prepareSave(
    value,
    options,
    conn.has('references'),
  );
  const id = crypto.randomUUID();
  // Sealed (when the workspace is encrypted) before the transaction: only IndexedDB work may be
  // awaited inside it.
  const seal = await conn.vault.sealer();
  const modelRecord = await seal(
    id,
    { id, json: encoded.json, chunks: encoded.chunks, xxh64 },
    sealContext.model(id),
  );
  const referenceRecord = reference
    ? await seal(id, { id, ...reference.record }, sealContext.reference(id))
    : undefined;
  const newProjectId = crypto.randomUUID();
  const now = Date.now();
  const stores = ['projects', 'versions', 'models', 'details', 'references'] as const;
  const needed = encoded.binaryBytes + jsonBytes + (reference?.bytes ?? 0);
  return conn.write(stores, needed, async (tx) => {
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
    const project = found ? checkProjectRecord(found) : newProject(model, meta, newProjectId, now);
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
      tx.objectStore('models').put(modelRecord as ModelRecord),
      referenceRecord
        ? tx.objectStore('references').put(referenceRecord as ModelRecord)
        : undefined,
      conn.has('details') ? tx.objectStore('details').put(detailsOf(id, model)) : undefined,
      version.stage === 'production' ? demoteProduction(tx, project.id, id, now) : undefined,
      projects.put({ ...project, nextNumber: project.nextNumber + 1, updatedAt: now }),
      versions.put(version),
    ]);
    return version;
  });
}
