import type { SerializedError } from '../lib/errors';
import type { EpochReport, PruningScope } from '../lib/index';
import type { PruneResult } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/**
 * Magnitude pruning of a saved version: the settings, the running fine-tune (its epochs, for
 * progress), and what the last run made (a child version, per-layer sparsity, scores).
 */
export class PruneState {
  sparsity = $state(0.5);
  scope = $state<PruningScope>('layer');
  status = $state<'idle' | 'running' | 'cancelling'>('idle');
  epochs = $state.raw<EpochReport[]>([]);
  /** The last run's result, and the version it pruned. */
  result = $state.raw<{ versionId: string; value: PruneResult } | null>(null);
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');

  #client: WorkerClient;
  #jobs: JobsState;
  #job: RunningJob<PruneResult> | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  get running(): boolean {
    return this.status !== 'idle';
  }

  async prune(versionId: string): Promise<void> {
    if (this.running) return;
    this.status = 'running';
    this.epochs = [];
    this.error = null;
    this.notice = '';
    const options = { sparsity: this.sparsity, scope: this.scope };
    const onEpoch = this.#client.callback((report: EpochReport) => {
      this.epochs = [...this.epochs, report];
      listed.progress(report.epoch, report.epochs);
    });
    const job = this.#client.job<PruneResult>((api, jobId) =>
      api.prune(jobId, versionId, options, onEpoch),
    );
    this.#job = job;
    const listed = this.#jobs.start(
      'quantize',
      `Pruning to ${Math.round(options.sparsity * 100)}%`,
      () => this.cancel(),
    );
    try {
      const outcome = await job.outcome;
      if (outcome.status === 'done') this.result = { versionId, value: outcome.value };
      else if (outcome.status === 'failed') this.error = outcome.error;
      else this.notice = 'Pruning cancelled; nothing was saved.';
    } finally {
      listed.end();
      this.#job = null;
      this.status = 'idle';
    }
  }

  cancel(): void {
    if (this.status !== 'running') return;
    this.status = 'cancelling';
    this.#job?.cancel();
  }
}
