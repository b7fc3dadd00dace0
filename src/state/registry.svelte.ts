// Imported module by module (not from lib/index) so the page bundle stays free of tfjs.
import { toWorkbenchError, type SerializedError, type WorkbenchError } from '../lib/errors';
import type { ImportSummary } from '../lib/registry/backup-import';
import { trashOf } from '../lib/registry/records';
import { openRegistry, type DamagedRecord, type Registry } from '../lib/registry/registry';
import { estimateStorage, requestPersistence, type StorageEstimate } from '../lib/registry/storage';
import type { ProjectRecord, Stage, VersionRecord } from '../lib/registry/types';
import type { EpochReport, Metrics } from '../lib/train/types';
import type { JobsState } from './jobs.svelte';
import {
  DEFAULT_FILTER,
  DEFAULT_SORT,
  byId,
  indexBy,
  filterVersions,
  sortVersions,
  type VersionFilterState,
  type VersionSort,
} from './version-list';

/** How long the "Deleted · Undo" offer stays before the version is purged for good. */
export const UNDO_MS = 10_000;
/** At most this many versions side by side. */
export const MAX_COMPARED = 4;

export type RegistryStatus = 'opening' | 'ready' | 'blocked' | 'closed' | 'unavailable';

/** What the comparison view shows of a version: full metrics and its training curves. */
export interface ComparedVersion {
  version: VersionRecord;
  metrics: { validation: Metrics | null; test: Metrics } | null;
  history: EpochReport[];
}

interface ModelDetails {
  metrics?: { validation: Metrics | null; test: Metrics };
  history?: EpochReport[];
}

/** The page's view of the model registry: versions, stages, trash, storage and backups. */
export class RegistryState {
  status = $state<RegistryStatus>('opening');
  versions = $state.raw<VersionRecord[]>([]);
  projects = $state.raw<ProjectRecord[]>([]);
  trash = $state.raw<VersionRecord[]>([]);
  /** Stored records that fail their checks (edited in devtools, a failing disk), kept out of the lists. */
  damaged = $state.raw<DamagedRecord[]>([]);
  storage = $state.raw<StorageEstimate | null>(null);
  sort = $state<VersionSort>({ ...DEFAULT_SORT });
  filter = $state<VersionFilterState>({ ...DEFAULT_FILTER });
  compareIds = $state.raw<string[]>([]);
  compared = $state.raw<ComparedVersion[]>([]);
  /** The version just deleted, while its undo is on offer. */
  undoable = $state.raw<VersionRecord | null>(null);
  backup = $state.raw<{ kind: 'export' | 'import'; done: number; total: number } | null>(null);
  /** An encrypted backup waiting for its passphrase (the import asks for it). */
  sealedBackup = $state.raw<{ file: Blob; name: string } | null>(null);
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');
  /** Counts prediction-log writes (here, in the worker or in another tab), for views to re-read. */
  logChanges = $state(0);

  #registry: Registry | null = null;
  #jobs: JobsState | null;
  #undoTimer: ReturnType<typeof setTimeout> | null = null;

  readonly projectsById = $derived(byId(this.projects));
  readonly shown = $derived(
    sortVersions(filterVersions(this.versions, this.filter, this.projectsById), this.sort),
  );

  /** `jobs` lists backups being written or read among the app's running jobs. */
  constructor(jobs: JobsState | null = null) {
    this.#jobs = jobs;
  }

  /** The open registry, for views that read it themselves (the prediction log); null until open. */
  get handle(): Registry | null {
    // Reading the status makes views that use the handle update once the registry is open.
    if (this.status !== 'ready') return null;
    const registry = this.#registry;
    return registry && !registry.closed ? registry : null;
  }

  async start(): Promise<void> {
    try {
      this.#registry = await openRegistry({
        onBlocked: () => {
          this.status = 'blocked';
        },
        onVersionChange: () => {
          this.status = 'closed';
          this.notice =
            'A newer version of the workbench opened in another tab. Reload this page to keep working with your models.';
        },
        onTerminated: () => {
          this.status = 'closed';
          this.notice = 'The browser closed the model storage. Reload the page.';
        },
        onChange: () => void this.refresh(),
        onLogChange: () => this.logChanges++,
      });
      this.status = 'ready';
      await this.refresh();
    } catch (error) {
      this.status = 'unavailable';
      this.error = toWorkbenchError(error).toJSON();
    }
  }

  /** Re-reads the list (metadata only), the trash and the storage estimate. */
  async refresh(): Promise<void> {
    const registry = this.#registry;
    if (!registry || registry.closed) return;
    await this.#guard(async () => {
      // One read of every record, split here: the trash is the deleted ones, newest first.
      const [{ versions: all, projects, damaged }, storage] = await Promise.all([
        registry.listAll(),
        estimateStorage(),
      ]);
      this.damaged = damaged;
      const versions = all.filter((v) => v.deletedAt === null);
      this.versions = versions;
      this.projects = projects;
      this.trash = trashOf(all);
      this.storage = storage;
      const live = byId(versions);
      if (this.compareIds.some((id) => !live.has(id))) {
        this.compareIds = this.compareIds.filter((id) => live.has(id));
      }
      await this.#loadCompared();
    });
  }

  async setStage(id: string, stage: Stage): Promise<void> {
    await this.#guard(async () => {
      const updated = await this.#open().setStage(id, stage);
      this.notice =
        stage === 'production'
          ? `v${updated.number} is now in production.`
          : `v${updated.number} moved to ${stage}.`;
    });
  }

  /** Deletes a version's reference data (its sample, summaries and predictions). */
  async deleteReference(id: string): Promise<void> {
    await this.#guard(async () => {
      const updated = await this.#open().deleteReference(id);
      this.notice = `Deleted the reference data of v${updated.number}.`;
    });
  }

  async updateVersion(id: string, note: string, tags: string[]): Promise<void> {
    await this.#guard(() => this.#open().updateVersion(id, { note, tags }));
  }

  /** Deletes into the trash with an Undo offer; when the offer lapses the version is purged. */
  async remove(id: string): Promise<void> {
    await this.#guard(async () => {
      await this.#finishPendingUndo();
      this.undoable = await this.#open().deleteVersion(id);
      this.#undoTimer = setTimeout(() => void this.#finishPendingUndo(), UNDO_MS);
    });
  }

  async undo(): Promise<void> {
    const version = this.undoable;
    if (!version) return;
    this.#clearUndo();
    await this.restore(version.id);
  }

  async restore(id: string): Promise<void> {
    await this.#guard(async () => {
      const restored = await this.#open().restoreVersion(id);
      this.notice = `v${restored.number} is back${restored.stage === 'archived' ? ' (archived: another version is in production now)' : ''}.`;
    });
  }

  /** Removes a damaged version record and its model for good (they cannot be read anyway). */
  async purgeDamaged(id: string): Promise<void> {
    await this.#guard(async () => {
      await this.#open().purgeVersion(id);
      this.notice = 'Removed the damaged version.';
    });
  }

  async emptyTrash(): Promise<void> {
    this.#clearUndo();
    await this.#guard(async () => {
      const count = await this.#open().emptyTrash();
      this.notice = `Deleted ${count} version${count === 1 ? '' : 's'} for good.`;
    });
  }

  toggleCompare(id: string): void {
    if (this.compareIds.includes(id)) {
      this.compareIds = this.compareIds.filter((other) => other !== id);
    } else if (this.compareIds.length < MAX_COMPARED) {
      this.compareIds = [...this.compareIds, id];
    }
    void this.#guard(() => this.#loadCompared());
  }

  /** The workspace (or one project) as a zip, for the caller to download. */
  async exportBackup(projectId?: string): Promise<Blob | null> {
    let blob: Blob | null = null;
    this.backup = { kind: 'export', done: 0, total: 0 };
    const listed = this.#jobs?.start('backup-export', 'Writing a backup');
    await this.#guard(async () => {
      blob = await this.#open().exportBackup({
        ...(projectId ? { projectId } : {}),
        onProgress: (done, total) => {
          this.backup = { kind: 'export', done, total };
          listed?.progress(done, total);
        },
      });
    });
    listed?.end();
    this.backup = null;
    return blob;
  }

  /**
   * Imports a backup. An encrypted one without its passphrase is kept in `sealedBackup` so the
   * panel can ask for it; a wrong passphrase keeps it there with the error shown.
   */
  async importBackup(file: Blob, passphrase?: string): Promise<ImportSummary | null> {
    let summary: ImportSummary | null = null;
    this.backup = { kind: 'import', done: 0, total: 1 };
    const listed = this.#jobs?.start('backup-import', 'Importing a backup');
    await this.#guard(
      async () => {
        const result = await this.#open().importBackup(file, {
          ...(passphrase === undefined ? {} : { passphrase }),
          onProgress: (done, total) => {
            this.backup = { kind: 'import', done, total };
            listed?.progress(done, total);
          },
        });
        summary = result;
        this.sealedBackup = null;
        this.notice = importMessage(result);
      },
      (error) => {
        if (error.code !== 'backup_encrypted' && error.code !== 'wrong_passphrase') return false;
        this.sealedBackup = { file, name: file instanceof File ? file.name : 'the backup' };
        // Asked for in the panel; a wrong passphrase is said there too.
        return error.code === 'backup_encrypted';
      },
    );
    listed?.end();
    this.backup = null;
    return summary;
  }

  /** Asks the browser to keep the data; must run from a click. */
  async persist(): Promise<void> {
    const granted = await requestPersistence();
    this.notice = granted
      ? 'The browser will keep your models even when space runs low.'
      : 'The browser did not promise to keep the data (it decides by how you use the site). Export a backup to be safe.';
    this.storage = await estimateStorage();
  }

  dismissError(): void {
    this.error = null;
  }

  /** Metrics and curves of the compared versions, read without their weights. */
  async #loadCompared(): Promise<void> {
    const registry = this.#registry;
    if (!registry) return;
    const known = indexBy(this.compared, (c) => c.version.id);
    const versions = byId(this.versions);
    const ids = this.compareIds.filter((id) => versions.has(id));
    const missing = ids.filter((id) => !known.has(id));
    const read = indexBy(await registry.compareVersions(missing), (d) => d.version.id);
    this.compared = ids.flatMap((id): ComparedVersion[] => {
      const version = versions.get(id);
      const cached = known.get(id);
      if (!version) return [];
      if (cached) return [{ ...cached, version }];
      const details = read.get(id) as ModelDetails | undefined;
      return [{ version, metrics: details?.metrics ?? null, history: details?.history ?? [] }];
    });
  }

  async #finishPendingUndo(): Promise<void> {
    const pending = this.undoable;
    this.#clearUndo();
    if (pending) await this.#open().purgeVersion(pending.id);
  }

  #clearUndo(): void {
    if (this.#undoTimer) clearTimeout(this.#undoTimer);
    this.#undoTimer = null;
    this.undoable = null;
  }

  #open(): Registry {
    if (!this.#registry) throw new Error('The registry is not open yet.');
    return this.#registry;
  }

  /** Runs `work`; a failure is shown as the error banner unless `handled` takes it. */
  async #guard(
    work: () => Promise<unknown>,
    handled: (error: WorkbenchError) => boolean = () => false,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      const failure = toWorkbenchError(error);
      if (!handled(failure)) this.error = failure.toJSON();
    }
  }

  dismissSealedBackup(): void {
    this.sealedBackup = null;
  }
}

function importMessage(summary: ImportSummary): string {
  const parts = [
    `Imported ${summary.versionsAdded} version${summary.versionsAdded === 1 ? '' : 's'}`,
  ];
  if (summary.projectsAdded) parts.push(`${summary.projectsAdded} new project(s)`);
  if (summary.versionsSkipped) parts.push(`${summary.versionsSkipped} already here, skipped`);
  if (summary.renumbered.length) {
    parts.push(
      `${summary.renumbered.length} renumbered because this browser had saved its own versions with those numbers`,
    );
  }
  if (summary.demoted.length) {
    parts.push(
      `${summary.demoted.length} kept in staging because a project already has a production version`,
    );
  }
  return `${parts.join('; ')}.`;
}
