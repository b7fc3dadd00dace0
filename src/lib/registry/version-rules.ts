/** Lookups inside a write transaction: live versions, and the one-production-per-project rule. */
import { WorkbenchError } from '../errors';
import type { WriteTx } from './schema';
import { checkVersionRecord } from './stored-records';
import type { VersionRecord } from './types';

export function versionNotFound(id: string): WorkbenchError {
  return new WorkbenchError('version_not_found', `No saved version has the id "${id}".`, {
    hint: 'It may have been deleted for good; refresh the version list.',
  });
}

export function projectNotFound(id: string): WorkbenchError {
  return new WorkbenchError('project_not_found', `No project has the id "${id}".`, {
    hint: 'Save without a project id to file the version under its dataset and target.',
  });
}

export async function getLive(tx: WriteTx, id: string): Promise<VersionRecord> {
  const found = await tx.objectStore('versions').get(id);
  if (!found) throw versionNotFound(id);
  const record = checkVersionRecord(found);
  if (record.deletedAt !== null) throw versionNotFound(id);
  return record;
}

/** The project's production versions other than `exceptId`. */
async function productionVersions(tx: WriteTx, projectId: string, exceptId: string) {
  const versions = tx.objectStore('versions');
  const records = versions.indexNames.contains('byStage')
    ? await versions.index('byStage').getAll([projectId, 'production'])
    : (await versions.index('byProject').getAll(projectId)).filter(
        (record) => record.stage === 'production',
      );
  return records.filter((record) => record.id !== exceptId);
}

export async function otherProduction(tx: WriteTx, projectId: string, exceptId: string) {
  return (await productionVersions(tx, projectId, exceptId)).some((r) => r.deletedAt === null);
}

/** Archives the project's production version(s), keeping at most one in production. */
export async function demoteProduction(
  tx: WriteTx,
  projectId: string,
  exceptId: string,
  now: number,
) {
  for (const record of await productionVersions(tx, projectId, exceptId)) {
    await tx.objectStore('versions').put({
      ...record,
      stage: 'archived',
      stageHistory: [...record.stageHistory, { stage: 'archived', at: now }],
    });
  }
}
