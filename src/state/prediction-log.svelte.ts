// Imported module by module (not from lib/index) so the page bundle stays free of tfjs.
import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { Registry } from '../lib/registry/registry';
import type {
  LogBatchRecord,
  LogRetention,
  PredictionLogQuery,
  PredictionLogStats,
} from '../lib/prediction-log/types';
import type { LogExport } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { WorkerClient } from './worker-client';

/** Batches listed as the newest of the log. */
const RECENT = 8;

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

  #client: WorkerClient;
  #jobs: JobsState;
  #cancelExport: (() => void) | null = null;

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
      this.notice =
        trimmed.rows > 0
          ? `Retention saved; ${trimmed.rows.toLocaleString('en-US')} older rows were removed.`
          : 'Retention saved.';
      await this.refresh(registry, versionId);
    });
  }

  async clear(registry: Registry, query: PredictionLogQuery, versionId: string) {
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
