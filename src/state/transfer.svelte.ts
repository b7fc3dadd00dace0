import type { SerializedError } from '../lib/errors';
import type { VersionRecord } from '../lib/registry/types';
import type { ExportResult } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/** One version's export: running, ready to download (with its check), or why not. */
export type ExportRun =
  | { status: 'running' }
  | { status: 'done'; result: Omit<ExportResult, 'bytes'>; size: number; url: string }
  | { status: 'failed'; error: SerializedError }
  | { status: 'cancelled' };

/** The last import: running, saved as a version, or refused. */
export type ImportRun =
  | { status: 'running'; names: string }
  | { status: 'done'; version: VersionRecord }
  | { status: 'failed'; error: SerializedError };

/**
 * Model bundles in and out: exports are worker jobs (write every format, check the ONNX model
 * in onnxruntime-web, zip), kept per version until the page closes so that a second click
 * downloads at once; imports are worker jobs that save the model as a version.
 */
export class TransferState {
  /** The version whose export dialog is open. */
  dialog = $state<string | null>(null);
  exports = $state.raw<Record<string, ExportRun>>({});
  imported = $state.raw<ImportRun | null>(null);

  #client: WorkerClient;
  #jobs: JobsState;
  // Not reactive: the page reads each run's status from `exports`.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #running = new Map<string, RunningJob<ExportResult>>();

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  /** Opens the export dialog for a version and starts its export unless one is ready. */
  open(versionId: string): void {
    this.dialog = versionId;
    const run = this.exports[versionId];
    if (!run || run.status === 'failed' || run.status === 'cancelled') void this.export(versionId);
  }

  close(): void {
    this.dialog = null;
  }

  async export(versionId: string): Promise<void> {
    if (this.#running.has(versionId)) return;
    this.#set(versionId, { status: 'running' });
    const job = this.#client.job<ExportResult>((api, jobId) => api.exportVersion(jobId, versionId));
    this.#running.set(versionId, job);
    const listed = this.#jobs.start('model-export', 'Writing a model bundle', () => job.cancel());
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') {
        const { bytes, ...result } = outcome.value;
        const url = URL.createObjectURL(
          new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        );
        this.#set(versionId, { status: 'done', result, size: bytes.byteLength, url });
      } else if (outcome.status === 'failed') {
        this.#set(versionId, { status: 'failed', error: outcome.error });
      } else {
        this.#set(versionId, { status: 'cancelled' });
      }
    } finally {
      listed.end();
      this.#running.delete(versionId);
    }
  }

  cancel(versionId: string): void {
    this.#running.get(versionId)?.cancel();
  }

  /** Imports a bundle or TF.js files as a new version (the list refreshes by itself). */
  async importFiles(files: { name: string; file: Blob }[]): Promise<void> {
    if (this.imported?.status === 'running' || files.length === 0) return;
    const names = files.map((f) => f.name).join(', ');
    this.imported = { status: 'running', names };
    const job = this.#client.job<VersionRecord>((api, jobId) => api.importFiles(jobId, files));
    const listed = this.#jobs.start('model-import', `Importing ${names}`, () => job.cancel());
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') this.imported = { status: 'done', version: outcome.value };
      else if (outcome.status === 'failed')
        this.imported = { status: 'failed', error: outcome.error };
      else this.imported = null;
    } finally {
      listed.end();
    }
  }

  dismissImport(): void {
    if (this.imported?.status !== 'running') this.imported = null;
  }

  #set(versionId: string, run: ExportRun): void {
    const previous = this.exports[versionId];
    if (previous?.status === 'done') URL.revokeObjectURL(previous.url);
    this.exports = { ...this.exports, [versionId]: run };
  }
}
