import type { SerializedError } from '../lib/errors';
import type { VersionRecord } from '../lib/registry/types';
import type { ScoreFileResult, ScoreProgress } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import { PredictFormState } from './predict-form.svelte';
import { PredictionLogState } from './prediction-log.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/** A batch-scoring run: reading or scoring (with progress), done, failed or cancelled. */
export type ScoreRun =
  | { status: 'running'; name: string; progress: ScoreProgress | null }
  | {
      status: 'done';
      name: string;
      result: Omit<ScoreFileResult, 'csv'>;
      size: number;
      url: string;
    }
  | { status: 'failed'; name: string; error: SerializedError }
  | { status: 'cancelled'; name: string };

/**
 * The version that serves predictions by default: the newest production version, else the
 * newest version of all.
 */
export function defaultDeployVersion(versions: readonly VersionRecord[]): VersionRecord | null {
  const newest = (list: readonly VersionRecord[]) =>
    list.reduce<VersionRecord | null>(
      (best, v) => (!best || v.createdAt > best.createdAt ? v : best),
      null,
    );
  return newest(versions.filter((v) => v.stage === 'production')) ?? newest(versions);
}

/** The Deploy screen: which version scores, and the batch-scoring run (one at a time). */
export class DeployState {
  /** The chosen version; null follows `defaultDeployVersion`. */
  chosen = $state<string | null>(null);
  run = $state.raw<ScoreRun | null>(null);

  readonly form: PredictFormState;
  readonly log: PredictionLogState;

  #client: WorkerClient;
  #jobs: JobsState;
  #job: RunningJob<ScoreFileResult> | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
    this.form = new PredictFormState(client);
    this.log = new PredictionLogState(client, jobs);
  }

  get busy(): boolean {
    return this.run?.status === 'running';
  }

  async score(versionId: string, file: Blob, name: string): Promise<void> {
    if (this.busy) return;
    this.#set({ status: 'running', name, progress: null });
    const listed = this.#jobs.start('score', `Scoring ${name}`, () => this.cancel());
    const job = this.#client.job<ScoreFileResult>((api, jobId) =>
      api.scoreFile(
        jobId,
        versionId,
        file,
        name,
        this.#client.callback((progress: ScoreProgress) => {
          if (this.run?.status === 'running') this.run = { ...this.run, progress };
          listed.progress(progress.phase === 'read' ? 0 : progress.done, progress.total);
        }),
      ),
    );
    this.#job = job;
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') {
        const { csv, ...result } = outcome.value;
        const url = URL.createObjectURL(csv);
        this.#set({ status: 'done', name, result, size: csv.size, url });
      } else if (outcome.status === 'failed') {
        this.#set({ status: 'failed', name, error: outcome.error });
      } else {
        this.#set({ status: 'cancelled', name });
      }
    } finally {
      listed.end();
      this.#job = null;
    }
  }

  cancel(): void {
    this.#job?.cancel();
  }

  dismiss(): void {
    if (!this.busy) this.#set(null);
  }

  #set(run: ScoreRun | null): void {
    if (this.run?.status === 'done') URL.revokeObjectURL(this.run.url);
    this.run = run;
  }
}
