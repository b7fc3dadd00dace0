/**
 * Reads a backup zip, checks every part of it, then adds it to the registry in one transaction.
 * Nothing is written until the whole file has proven sound, so a foreign, truncated or damaged
 * file leaves the workspace as it was.
 */
import { checkBackup } from './backup-check';
import { isSoundProject } from './stored-records';
import type { WriteTx } from './schema';
import type { VersionRecord } from './types';

type Writer = <T>(neededBytes: number, work: (tx: WriteTx) => Promise<T>) => Promise<T>;

export interface ImportSummary {
  projectsAdded: number;
  versionsAdded: number;
  /** Versions already here (same id), left as they are. */
  versionsSkipped: number;
  /** Versions that were in production in the backup but became staging here, because the
   * project already has a production version. */
  demoted: string[];
}

export interface ImportOptions {
  /** Versions read and checked so far, of how many (all are checked before any is written). */
  onProgress?: (done: number, total: number) => void;
}

export async function importBackupInto(
  source: Blob | Uint8Array | ArrayBuffer,
  write: Writer,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  // Everything is read and checked before the transaction: inside it, only IndexedDB work
  // may be awaited.
  const { manifest, models, bytes } = await checkBackup(source, options.onProgress);
  return write(bytes, async (tx) => {
    const summary: ImportSummary = {
      projectsAdded: 0,
      versionsAdded: 0,
      versionsSkipped: 0,
      demoted: [],
    };
    const projects = tx.objectStore('projects');
    const versions = tx.objectStore('versions');
    for (const project of manifest.projects) {
      const existing = await projects.get(project.id);
      const highest = Math.max(
        0,
        ...manifest.versions.filter((v) => v.projectId === project.id).map((v) => v.number),
      );
      // A damaged record here (edited in devtools) is replaced by the backup's sound one.
      if (existing && isSoundProject(existing)) {
        const nextNumber = Math.max(existing.nextNumber, highest + 1);
        await projects.put({ ...existing, nextNumber });
      } else {
        await projects.put({ ...project, nextNumber: Math.max(project.nextNumber, highest + 1) });
        summary.projectsAdded++;
      }
    }
    for (const version of manifest.versions) {
      if (await versions.get(version.id)) {
        summary.versionsSkipped++;
        continue;
      }
      let record: VersionRecord = { ...version, deletedAt: null };
      if (record.stage === 'production' && (await hasProduction(tx, record.projectId))) {
        record = {
          ...record,
          stage: 'staging',
          stageHistory: [...record.stageHistory, { stage: 'staging', at: Date.now() }],
        };
        summary.demoted.push(record.id);
      }
      await versions.put(record);
      const model = models.get(version.id);
      if (model) await tx.objectStore('models').put(model);
      summary.versionsAdded++;
    }
    return summary;
  });
}

async function hasProduction(tx: WriteTx, projectId: string): Promise<boolean> {
  const records = await tx.objectStore('versions').index('byProject').getAll(projectId);
  return records.some((record) => record.stage === 'production' && record.deletedAt === null);
}
