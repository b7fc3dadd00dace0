/**
 * What the registry reads: version and project lists, one version's record, model, details and
 * reference snapshot. Reads never write; damaged records are left out of lists or refused.
 */
import type { ReferenceData } from '../reference/types';
import type { RegistryConnection } from './connection';
import { readDetails, type VersionDetails } from './details-store';
import { trashOf } from './records';
import { readReference } from './reference-store';
import {
  checkVersionRecord,
  decodeCheckedModel,
  isSoundProject,
  isSoundVersion,
  registryCorrupt,
  splitRecords,
  type DamagedRecord,
} from './stored-records';
import type { ProjectRecord, VersionRecord } from './types';
import { versionNotFound } from './version-rules';
import { sealContext } from './vault';

export interface VersionFilter {
  projectId?: string;
  /** Include versions in the trash (deleted, not yet purged). */
  includeDeleted?: boolean;
}

/** Sound version records matching the filter, oldest first. */
export async function listVersions(
  conn: RegistryConnection,
  filter: VersionFilter,
): Promise<VersionRecord[]> {
  const db = conn.open();
  const records = filter.projectId
    ? await db.getAllFromIndex('versions', 'byProject', filter.projectId)
    : await db.getAll('versions');
  return records
    .filter(isSoundVersion)
    .filter((record) => filter.includeDeleted || record.deletedAt === null)
    .sort((a, b) => a.createdAt - b.createdAt || a.number - b.number);
}

/** Versions in the trash, most recently deleted first. */
export async function listTrash(conn: RegistryConnection): Promise<VersionRecord[]> {
  return trashOf(await listVersions(conn, { includeDeleted: true }));
}

/** Sound projects, oldest first. */
export async function listProjects(conn: RegistryConnection): Promise<ProjectRecord[]> {
  const projects = await conn.open().getAll('projects');
  return projects.filter(isSoundProject).sort((a, b) => a.createdAt - b.createdAt);
}

/** Every project and version, oldest first, and the damaged records, from one read of each. */
export async function listAll(conn: RegistryConnection): Promise<{
  projects: ProjectRecord[];
  versions: VersionRecord[];
  damaged: DamagedRecord[];
}> {
  const db = conn.open();
  const [projects, versions] = await Promise.all([db.getAll('projects'), db.getAll('versions')]);
  const split = splitRecords(projects, versions);
  split.projects.sort((a, b) => a.createdAt - b.createdAt);
  split.versions.sort((a, b) => a.createdAt - b.createdAt || a.number - b.number);
  return split;
}

/** One version's record, checked. */
export async function getVersion(conn: RegistryConnection, id: string): Promise<VersionRecord> {
  const record = await conn.open().get('versions', id);
  if (!record) throw versionNotFound(id);
  return checkVersionRecord(record);
}

/** A version's model, decoded and proven against its checksum. */
export async function loadVersion<T>(conn: RegistryConnection, id: string): Promise<T> {
  const tx = conn.open().transaction(['versions', 'models'], 'readonly');
  const [version, stored] = await Promise.all([
    tx.objectStore('versions').get(id),
    tx.objectStore('models').get(id),
  ]);
  await tx.done;
  if (!version || !stored) throw versionNotFound(id);
  const record = checkVersionRecord(version);
  const opened = await conn.vault.open(stored, sealContext.model(id));
  return decodeCheckedModel<T>(record, opened, (reason) =>
    registryCorrupt(`The model of version ${record.number} (${id})`, reason, id),
  );
}

/** The details of several versions in one read, in the order given. */
export async function compareVersions(
  conn: RegistryConnection,
  ids: readonly string[],
): Promise<VersionDetails[]> {
  if (!conn.has('details')) throw conn.olderSchema('version details');
  return readDetails(conn.open(), ids);
}

/** A version's reference snapshot. */
export async function loadReference(conn: RegistryConnection, id: string): Promise<ReferenceData> {
  if (!conn.has('references')) throw conn.olderSchema('reference data');
  return readReference(conn.open(), id, conn.vault);
}
