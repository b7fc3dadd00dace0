import type { SerializedError } from '../lib/errors';
import type { VersionRecord } from '../lib/page';
import type { JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/**
 * The Pareto view: which project it shows, and measuring the latency of versions saved before
 * latency was recorded (a worker job; the records change in the registry, which the page's
 * registry state hears about and reloads).
 */
export class ParetoState {
  /** The project shown; null shows the newest project. */
  projectId = $state<string | null>(null);
  /** The point picked on a chart or in the table. */
  selectedId = $state<string | null>(null);
  measuring = $state.raw<{ done: number; total: number } | null>(null);
  error = $state.raw<SerializedError | null>(null);

  #client: WorkerClient;
  #jobs: JobsState;
  #job: RunningJob<VersionRecord[]> | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  choose(projectId: string): void {
    this.projectId = projectId;
    this.selectedId = null;
  }

  select(versionId: string | null): void {
    this.selectedId = versionId;
  }

  /** Measures each version's latency in the worker and stores it on its record. */
  async measure(versionIds: readonly string[]): Promise<void> {
    if (this.#job || versionIds.length === 0) return;
    this.error = null;
    this.measuring = { done: 0, total: versionIds.length };
    const onProgress = this.#client.callback((done: number, total: number) => {
      this.measuring = { done, total };
      listed.progress(done, total);
    });
    const job = this.#client.job<VersionRecord[]>((api, jobId) =>
      api.measureLatencies(jobId, [...versionIds], onProgress),
    );
    this.#job = job;
    const listed = this.#jobs.start('measure', 'Measuring latency', () => job.cancel());
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'failed') this.error = outcome.error;
    } finally {
      listed.end();
      this.#job = null;
      this.measuring = null;
    }
  }

  cancel(): void {
    this.#job?.cancel();
  }
}
