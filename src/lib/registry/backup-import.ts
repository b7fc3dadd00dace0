/**
 * Reads a backup zip, checks every part of it, then adds it to the registry in one transaction.
 * Nothing is written until the whole file has proven sound, so a foreign, truncated or damaged
 * file leaves the workspace as it was.
 */
import { checkBackup } from './backup-check';
import { corrupt } from './backup-zip';
import { isSoundProject } from './stored-records';
import type { ModelRecord, WriteTx } from './schema';
import { sealContext, type RecordSealer } from './vault';
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
  /** Versions whose number was already taken in their project here, and the number they got. */
  renumbered: { id: string; from: number; to: number }[];
  /** Decision records added (those already here, by id, are left as they are). */
  decisionsAdded: number;
}

export interface ImportOptions {
  /** The passphrase of an encrypted backup (the workspace it came from). */
  passphrase?: string;
  /** Versions read and checked so far, of how many (all are checked before any is written). */
  onProgress?: (done: number, total: number) => void;
}

export async function importBackupInto(
  source: Blob | Uint8Array | ArrayBuffer,
  write: Writer,
  options: ImportOptions = {},
  seal: RecordSealer = (_id, value) => Promise.resolve(value),
): Promise<ImportSummary> {
  // Everything is read and checked before the transaction: inside it, only IndexedDB work
  // may be awaited.
  const { manifest, models, details, references, bytes } = await checkBackup(
    source,
    options.onProgress,
  );
  // Sealed before the transaction, where only IndexedDB work may be awaited.
  for (const [id, model] of models)
    models.set(id, (await seal(id, model, sealContext.model(id))) as ModelRecord);
  for (const [id, reference] of references) {
    references.set(id, (await seal(id, reference, sealContext.reference(id))) as ModelRecord);
  }
  return write(bytes, async (tx) => {
    const summary: ImportSummary = {
      projectsAdded: 0,
      versionsAdded: 0,
      versionsSkipped: 0,
      demoted: [],
      renumbered: [],
      decisionsAdded: 0,
    };
    const projects = tx.objectStore('projects');
    const versions = tx.objectStore('versions');
    /** Per project: the numbers taken here, and the next free one. */
    const numbering = new Map<string, { taken: Set<number>; next: number }>();
    for (const project of manifest.projects) {
      const existing = await projects.get(project.id);
      // A damaged record here (edited in devtools) is replaced by the backup's sound one.
      const here = existing && isSoundProject(existing) ? existing : null;
      if (here && (here.task !== project.task || here.target !== project.target)) {
        throw corrupt(
          `its project ${project.id} predicts ${project.target} (${project.task}), but the project with that id here predicts ${here.target} (${here.task})`,
        );
      }
      const local = here ? await versions.index('byProject').getAll(project.id) : [];
      const taken = new Set(local.map((record) => record.number));
      const highest = Math.max(0, ...taken);
      numbering.set(project.id, {
        taken,
        next: Math.max(here?.nextNumber ?? 1, project.nextNumber, highest + 1),
      });
      if (!here) summary.projectsAdded++;
    }
    for (const version of manifest.versions) {
      if (await versions.get(version.id)) {
        summary.versionsSkipped++;
        continue;
      }
      let record: VersionRecord = { ...version, deletedAt: null };
      const numbers = numbering.get(record.projectId) ?? { taken: new Set(), next: 1 };
      // Two browsers that both saved after sharing a backup: keep the version, give it the
      // project's next number here (numbers are never reused or doubled).
      if (numbers.taken.has(record.number)) {
        summary.renumbered.push({ id: record.id, from: record.number, to: numbers.next });
        record = { ...record, number: numbers.next };
      }
      numbers.taken.add(record.number);
      numbers.next = Math.max(numbers.next, record.number + 1);
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
      const detail = details.get(version.id);
      if (detail) await tx.objectStore('details').put(detail);
      const reference = references.get(version.id);
      if (reference) await tx.objectStore('references').put(reference);
      summary.versionsAdded++;
    }
    if (tx.objectStoreNames.contains('decisions')) {
      const decisions = tx.objectStore('decisions');
      for (const decision of manifest.decisions ?? []) {
        if (await decisions.get(decision.id)) continue;
        await decisions.put(decision);
        summary.decisionsAdded++;
      }
    }
    for (const project of manifest.projects) {
      const existing = await projects.get(project.id);
      const base = existing && isSoundProject(existing) ? existing : project;
      const next = numbering.get(project.id)?.next ?? base.nextNumber;
      await projects.put({ ...base, nextNumber: next });
    }
    return summary;
  });
}

async function hasProduction(tx: WriteTx, projectId: string): Promise<boolean> {
  const records = await tx.objectStore('versions').index('byProject').getAll(projectId);
  return records.some((record) => record.stage === 'production' && record.deletedAt === null);
}
