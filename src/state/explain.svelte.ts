import type { SerializedError } from '../lib/errors';
import type {
  ModelExplanation,
  PartialDependence,
  PredictionExplanation,
  RecordRow,
} from '../lib/page';
import type { JobOutcome } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { WorkerClient } from './worker-client';

/** One explanation's state: running (with progress and its Cancel), done, failed or cancelled. */
export type Explained<T> =
  | { status: 'running'; done: number; total: number | null; cancel: () => void }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: SerializedError }
  | { status: 'cancelled' };

/**
 * Explanations, each a worker job: a version's permutation importance (kept per version, so
 * the Train results, the comparison and the card share one), a feature's partial dependence,
 * and why one prediction of the Deploy form came out as it did.
 */
export class ExplainState {
  importance = $state.raw<Readonly<Record<string, Explained<ModelExplanation>>>>({});
  dependence = $state.raw<{
    versionId: string;
    feature: string;
    /** The class whose probability it shows ('' for regression). */
    className: string;
    run: Explained<PartialDependence>;
  } | null>(null);
  /** The last "why this prediction", with the row it explains (compared by identity). */
  prediction = $state.raw<{
    versionId: string;
    row: RecordRow;
    run: Explained<PredictionExplanation>;
  } | null>(null);

  #client: WorkerClient;
  #jobs: JobsState;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  /** Measures a version's importance once (again only after a failure, a cancel or `force`). */
  async explain(versionId: string, force = false): Promise<void> {
    const current = this.importance[versionId];
    if (current && !force && (current.status === 'running' || current.status === 'done')) return;
    const onProgress = this.#client.callback((done: number, total: number) => {
      const now = this.importance[versionId];
      if (now?.status === 'running') this.#setImportance(versionId, { ...now, done, total });
      listed.progress(done, total);
    });
    const job = this.#client.job<ModelExplanation>((api, jobId) =>
      api.explainVersion(jobId, versionId, onProgress),
    );
    const listed = this.#jobs.start('explain', 'Measuring feature importance', () => job.cancel());
    this.#setImportance(versionId, {
      status: 'running',
      done: 0,
      total: null,
      cancel: () => job.cancel(),
    });
    try {
      this.#setImportance(versionId, settled(await job.outcome));
    } finally {
      listed.end();
    }
  }

  /** Partial dependence and ICE curves of one feature. */
  async dependOn(versionId: string, feature: string, className?: string): Promise<void> {
    const job = this.#client.job<PartialDependence>((api, jobId) =>
      api.partialDependence(jobId, versionId, feature, className ?? null),
    );
    const listed = this.#jobs.start('explain', `Partial dependence on ${feature}`, () =>
      job.cancel(),
    );
    const mine = {
      versionId,
      feature,
      className: className ?? '',
      run: { status: 'running', done: 0, total: null, cancel: () => job.cancel() },
    } as const;
    this.dependence = mine;
    try {
      const run = settled(await job.outcome);
      // A later request (another feature or class) wins.
      if (this.dependence === mine) this.dependence = { ...mine, run };
    } finally {
      listed.end();
    }
  }

  /** Why one prediction: Shapley values of the row against the version's training rows. */
  async explainRow(versionId: string, row: RecordRow): Promise<void> {
    const job = this.#client.job<PredictionExplanation>((api, jobId) =>
      api.explainRow(jobId, versionId, row),
    );
    const listed = this.#jobs.start('explain', 'Explaining a prediction', () => job.cancel());
    const mine = {
      versionId,
      row,
      run: { status: 'running', done: 0, total: null, cancel: () => job.cancel() },
    } as const;
    this.prediction = mine;
    try {
      const run = settled(await job.outcome);
      if (this.prediction === mine) this.prediction = { versionId, row, run };
    } finally {
      listed.end();
    }
  }

  /** Forgets the explanation of the last prediction (the form changed). */
  clearPrediction(): void {
    if (this.prediction?.run.status === 'running') this.prediction.run.cancel();
    this.prediction = null;
  }

  #setImportance(versionId: string, run: Explained<ModelExplanation>): void {
    this.importance = { ...this.importance, [versionId]: run };
  }
}

function settled<T>(outcome: JobOutcome<T>): Explained<T> {
  if (outcome.status === 'done') return { status: 'done', value: outcome.value };
  if (outcome.status === 'failed') return { status: 'failed', error: outcome.error };
  return { status: 'cancelled' };
}
