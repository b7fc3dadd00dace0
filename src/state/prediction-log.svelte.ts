// Imported module by module (not from lib/index) so the page bundle stays free of tfjs.
import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { Registry } from '../lib/registry/registry';
import type {
  LogBatchRecord,
  LogRetention,
  PredictionLogQuery,
  PredictionLogStats,
} from '../lib/prediction-log/types';
import type { PredictionLogImport } from '../lib/prediction-log/import-log';
import type { LogExport } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { WorkerClient } from './worker-client';

/** Batches listed as the newest of the log. */
const RECENT = 8;

const count = (n: number) => n.toLocaleString('en-US');

/** What an import did, in a sentence. */
export function importNotice(result: PredictionLogImport, name: string, version: number): string {
  const runs = result.runs === 1 ? '1 run' : `${count(result.runs)} runs`;
  const parts = [
    `Imported ${count(result.rows)} predictions of ${runs} from ${name} into v${version}'s log.`,
  ];
  if (result.skippedCells > 0) {
    parts.push(
      `${count(result.skippedCells)} cells could not be read as their column's kind and are kept as missing (the model saw them so too).`,
    );
  }
  if (result.trimmed.rows > 0) {
    parts.push(
      `The log's retention then removed ${count(result.trimmed.rows)} rows (too old, or over its row limit).`,
    );
  }
  return parts.join(' ');
}

/** A CSV of the log, ready to download. */
export interface LogDownload {
  fileName: string;
  url: string;
  size: number;
  rows: number;
}

/**
 * The Deploy screen's prediction log: its size and retention (read in the page's registry: light
 * records only), the newest batches, and the CSV export and the import of a predict.mjs log (in the
 * worker: they may hold millions of rows).
 */
export class PredictionLogState {
  stats = $state.raw<PredictionLogStats | null>(null);
  recent = $state.raw<LogBatchRecord[]>([]);
  /** Rows logged by the version shown. */
  versionRows = $state(0);
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');
  exporting = $state(false);
  download = $state.raw<LogDownload | null>(null);
  /** An import running: the file's name and how much of it is read. */
  importing = $state.raw<{ name: string; done: number; total: number } | null>(null);

  #client: WorkerClient;
  #jobs: JobsState;
  #cancelExport: (() => void) | null = null;
  #cancelImport: (() => void) | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  /** Re-reads the log's size and the version's newest batches. */
  async refresh(registry: Registry, versionId: string): Promise<void> {
    await this.#guard(async () => {
      const [stats, batches] = await Promise.all([
        registry.predictionLogStats(),
        registry.listLogBatches({ versionId }),
      ]);
      this.stats = stats;
      this.versionRows = batches.reduce((sum, b) => sum + b.rows, 0);
      this.recent = batches.slice(-RECENT).reverse();
    });
  }

  async setRetention(registry: Registry, retention: LogRetention, versionId: string) {
    await this.#guard(async () => {
      const { trimmed } = await registry.setLogRetention(retention);
      if (trimmed.rows > 0) this.#setDownload(null);
      this.notice =
        trimmed.rows > 0
          ? `Retention saved; ${trimmed.rows.toLocaleString('en-US')} older rows were removed.`
          : 'Retention saved.';
      await this.refresh(registry, versionId);
    });
  }

  async clear(registry: Registry, query: PredictionLogQuery, versionId: string) {
    this.#setDownload(null);
    await this.#guard(async () => {
      const rows = await registry.clearPredictionLog(query);
      this.notice = `${rows.toLocaleString('en-US')} logged rows were deleted.`;
      await this.refresh(registry, versionId);
    });
  }

  /** Writes the log (or the part `query` names) as CSV in the worker, with Cancel. */
  async exportCsv(query: PredictionLogQuery, label: string): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    this.error = null;
    this.#setDownload(null);
    const listed = this.#jobs.start('log-export', `Exporting ${label}`, () => this.cancelExport());
    const job = this.#client.job<LogExport>((api, jobId) => api.exportLog(jobId, query));
    this.#cancelExport = () => job.cancel();
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') {
        const { csv, fileName, rows } = outcome.value;
        this.#setDownload({ fileName, rows, size: csv.size, url: URL.createObjectURL(csv) });
      } else if (outcome.status === 'failed') {
        this.error = outcome.error;
      }
    } finally {
      listed.end();
      this.exporting = false;
      this.#cancelExport = null;
    }
  }

  /**
   * Imports a log that a bundle's predict.mjs wrote (--log) into a version's log, in the worker:
   * the whole file is checked against the version's model before anything is written.
   */
  async importLog(registry: Registry, version: { id: string; number: number }, file: File) {
    if (this.importing) return;
    this.error = null;
    this.notice = '';
    // A CSV written before would no longer be the log.
    this.#setDownload(null);
    this.importing = { name: file.name, done: 0, total: file.size };
    const listed = this.#jobs.start('log-import', `Importing ${file.name}`, () =>
      this.cancelImport(),
    );
    const job = this.#client.job<PredictionLogImport>((api, jobId) =>
      api.importLog(
        jobId,
        version.id,
        file,
        this.#client.callback((done: number, total: number) => {
          if (this.importing) this.importing = { ...this.importing, done, total };
          listed.progress(done, total);
        }),
      ),
    );
    this.#cancelImport = () => job.cancel();
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') {
        this.notice = importNotice(outcome.value, file.name, version.number);
        await this.refresh(registry, version.id);
      } else if (outcome.status === 'failed') {
        this.error = outcome.error;
      } else {
        this.notice = `Importing ${file.name} was cancelled; nothing was logged.`;
      }
    } finally {
      listed.end();
      this.importing = null;
      this.#cancelImport = null;
    }
  }

  cancelImport(): void {
    this.#cancelImport?.();
  }

  cancelExport(): void {
    this.#cancelExport?.();
  }

  dismissError(): void {
    this.error = null;
  }

  #setDownload(download: LogDownload | null): void {
    if (this.download) URL.revokeObjectURL(this.download.url);
    this.download = download;
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      this.error = null;
      await work();
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    }
  }
}
