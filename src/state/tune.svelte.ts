import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { VersionRecord } from '../lib/page';
import type { SearchProgress, SearchSpec, SearchTrial } from '../lib/search/types';
import type { SearchJobOptions, SearchSummary } from '../workers/protocol';
import type { JobHandle, JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/** The search form: strategy, budget (trials or minutes), seed, and how many models to keep. */
export interface TuneSettings {
  strategy: 'hyperband' | 'random';
  budget: 'trials' | 'minutes';
  trials: number;
  minutes: number;
  seed: number;
  /** Models of the best trials kept for saving. */
  keep: number;
}

export const DEFAULT_TUNE_SETTINGS: TuneSettings = {
  strategy: 'hyperband',
  budget: 'minutes',
  trials: 30,
  minutes: 2,
  seed: 42,
  keep: 5,
};

/** Trial updates are shown in batches this far apart (a fast search reports many a second). */
const REDRAW_MS = 150;

/**
 * Hyperparameter search: the running job, its live leaderboard (every trial as it trains, by
 * id), and saving the best trials' models as versions. Cancel keeps the trials so far.
 */
export class TuneState {
  settings = $state<TuneSettings>({ ...DEFAULT_TUNE_SETTINGS });
  status = $state<'idle' | 'running' | 'cancelling'>('idle');
  /** Every trial so far, in the order they started. */
  trials = $state.raw<SearchTrial[]>([]);
  progress = $state.raw<SearchProgress | null>(null);
  summary = $state.raw<SearchSummary | null>(null);
  error = $state.raw<SerializedError | null>(null);
  /** Trials saved as versions, by trial id. */
  saved = $state.raw<Readonly<Record<number, VersionRecord>>>({});
  saving = $state(false);

  #client: WorkerClient;
  #jobs: JobsState;
  #job: RunningJob<SearchSummary> | null = null;
  #pending: SearchTrial[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #listed: JobHandle | null = null;

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  get running(): boolean {
    return this.status !== 'idle';
  }

  /** Searches around `spec` (the Train form's settings are the baseline trial). */
  async search(spec: SearchSpec): Promise<void> {
    if (this.running) return;
    const settings = $state.snapshot(this.settings);
    this.status = 'running';
    this.trials = [];
    this.summary = null;
    this.error = null;
    this.saved = {};
    this.progress = null;
    const options: SearchJobOptions = {
      strategy: settings.strategy,
      seed: settings.seed,
      keep: settings.keep,
      ...(settings.budget === 'trials'
        ? { trials: settings.trials }
        : { minutes: settings.minutes }),
    };
    const onTrial = this.#client.callback((trial: SearchTrial, progress: SearchProgress) => {
      this.#pending.push(trial);
      this.progress = progress;
      this.#timer ??= setTimeout(() => this.#show(), REDRAW_MS);
    });
    const job = this.#client.job<SearchSummary>((api, jobId) =>
      // Cross-validation per trial would multiply the search's cost by k: trials are ranked on validation.
      api.search(jobId, { ...spec, folds: 0 }, options, onTrial),
    );
    this.#job = job;
    this.#listed = this.#jobs.start('train', `Searching settings for ${spec.target}`, () =>
      this.cancel(),
    );
    try {
      const outcome = await job.outcome;
      this.#show();
      if (outcome.status === 'done') {
        this.summary = outcome.value;
        this.trials = [...outcome.value.trials].sort((a, b) => a.id - b.id);
      } else if (outcome.status === 'failed') {
        this.error = outcome.error;
      }
    } finally {
      this.#listed.end();
      this.#listed = null;
      this.#job = null;
      this.status = 'idle';
    }
  }

  /** Stops the search; it resolves with the trials finished so far. */
  cancel(): void {
    if (this.status !== 'running') return;
    this.status = 'cancelling';
    this.#job?.cancel();
  }

  /** Saves the kept models of these trials as versions, in the order given. */
  async save(trialIds: readonly number[], projectName: string): Promise<void> {
    const ids = trialIds.filter((id) => !this.saved[id]);
    if (this.saving || ids.length === 0) return;
    this.saving = true;
    this.error = null;
    try {
      const versions = await this.#client.call((api) => api.saveSearchTrials(ids, projectName));
      const next = { ...this.saved };
      ids.forEach((id, index) => {
        const version = versions[index];
        if (version) next[id] = version;
      });
      this.saved = next;
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    } finally {
      this.saving = false;
    }
  }

  #show(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.length === 0) return;
    // The newest report of each trial replaces the one shown (reports arrive in order).
    const byId: Record<number, SearchTrial> = {};
    for (const trial of [...this.trials, ...this.#pending.splice(0)]) byId[trial.id] = trial;
    this.trials = Object.values(byId).sort((a, b) => a.id - b.id);
    const { done, total } = this.progress ?? { done: 0, total: null };
    if (total !== null) this.#listed?.progress(done, total);
  }
}
