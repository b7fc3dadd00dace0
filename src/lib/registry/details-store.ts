/**
 * Versions' metrics and training histories, read from the details store: what comparing
 * versions shows, without opening the models store or decoding any weights.
 */
import type { RegistryDb } from './schema';
import { checkDetailsRecord, checkVersionRecord, registryCorrupt } from './stored-records';
import type { VersionRecord } from './types';
import { versionNotFound } from './version-rules';

/** What comparing shows of a version: its record, full metrics and training history. */
export interface VersionDetails {
  version: VersionRecord;
  metrics: unknown;
  history: unknown[];
}

/** The details of these versions, in one read-only transaction, in the order given. */
export async function readDetails(
  db: RegistryDb,
  ids: readonly string[],
): Promise<VersionDetails[]> {
  const tx = db.transaction(['versions', 'details'], 'readonly');
  const [versions, details] = await Promise.all([
    Promise.all(ids.map((id) => tx.objectStore('versions').get(id))),
    Promise.all(ids.map((id) => tx.objectStore('details').get(id))),
  ]);
  await tx.done;
  return ids.map((id, index) => {
    const found = versions[index];
    if (!found) throw versionNotFound(id);
    const version = checkVersionRecord(found);
    const stored = details[index];
    if (!stored) {
      throw registryCorrupt(`The details of version ${version.number}`, 'they are missing', id);
    }
    const { metrics, history } = checkDetailsRecord(stored, version);
    return { version, metrics, history };
  });
}
