import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { EpochReport, FeatureChoice } from '../lib/page';
import type { VersionRecord } from '../lib/registry/types';
import type { ModelSummary, TrainEvent } from '../workers/protocol';
import type { JobHandle, JobsState } from './jobs.svelte';
import { DEFAULT_SETTINGS, toSpec, type TrainSettings } from './train-settings';
import type { RunningJob, WorkerClient } from './worker-client';

/** How long a cancelled run may take to stop before its worker is replaced. */
export const CANCEL_GRACE_MS = 4000;

/** Epoch reports are shown in batches this far apart. */
const EPOCH_REDRAW_MS = 100;

export type TrainingStatus = 'idle' | 'training' | 'cancelling';

/** What the owner is told when a run ends badly or a cancel is ignored. */
export interface TrainingEvents {
  failed(error: SerializedError): void;
  notice(text: string): void;
  /** A cancelled run did not stop in time: the worker must be replaced. */
  stuck(): void;
}

/** Training: the target and features, the settings, the running job and its outcome. */
export class TrainingState {
  status = $state<TrainingStatus>('idle');
  target = $state('');
  features = $state.raw<FeatureChoice[]>([]);
  /** Features the user ticked or unticked, overriding the defaults (by column name). */
  featureOverrides = $state<Record<string, boolean>>({});
  settings = $state<TrainSettings>({ ...DEFAULT_SETTINGS });
  /** Whether the settings are unfolded; kept here so it survives a visit to another screen. */
  settingsOpen = $state(false);
  paused = $state(false);
  /** Paused, and the worker has stopped: the epoch shown is where the run stands. */
  held = $state(false);
  /** Cross-validation progress while folds train. */
  fold = $state<{ done: number; total: number } | null>(null);
  history = $state.raw<EpochReport[]>([]);
  model = $state.raw<ModelSummary | null>(null);
  /** Whether the last trained model is in the registry yet. */
  saved = $state.raw<
    | { status: 'saving' }
    | { status: 'saved'; version: VersionRecord }
    | { status: 'failed'; error: SerializedError }
    | null
  >(null);

  #client: WorkerClient;
  #jobs: JobsState;
  #events: TrainingEvents;
  #running: RunningJob<ModelSummary> | null = null;
  #pendingEpochs: EpochReport[] = [];
  #epochTimer: ReturnType<typeof setTimeout> | null = null;
  /** The run as the jobs list shows it, for its progress. */
  #listed: JobHandle | null = null;

  constructor(client: WorkerClient, jobs: JobsState, events: TrainingEvents) {
    this.#client = client;
    this.#jobs = jobs;
    this.#events = events;
  }

  get running(): boolean {
    return this.status !== 'idle';
  }

  /** The features training will use: defaults, changed by the user's ticks. */
  get selectedFeatures(): string[] {
    return this.features
      .filter((f) =>
        // Own keys only: a column named "__proto__" must not read the object's prototype.
        Object.hasOwn(this.featureOverrides, f.name) ? this.featureOverrides[f.name] : f.included,
      )
      .map((f) => f.name);
  }

  toggleFeature(name: string, included: boolean): void {
    this.featureOverrides = { ...this.featureOverrides, [name]: included };
  }

  /** Picks the target and asks the worker which columns make good features for it. */
  async setTarget(target: string): Promise<void> {
    this.target = target;
    this.featureOverrides = {};
    try {
      this.features = await this.#client.call((api) => api.featureChoices(target));
    } catch (error) {
      this.#events.failed(toWorkbenchError(error).toJSON());
    }
  }

  /** A new table arrived: the last model and its curves no longer describe it. */
  forgetModel(): void {
    if (this.running) return;
    this.model = null;
    this.saved = null;
    this.history = [];
  }

  /** Trains on the worker's dataset, streaming epoch reports into `history`, then saves. */
  async train(datasetName: string): Promise<void> {
    if (this.running) return;
    this.status = 'training';
    this.history = [];
    this.model = null;
    this.saved = null;
    this.paused = false;
    this.fold = null;
    const spec = toSpec($state.snapshot(this.settings), this.target, this.selectedFeatures);
    const listed = this.#jobs.start('train', `Training ${spec.target}`, () => this.cancel());
    this.#listed = listed;
    const onEvent = this.#client.callback((event: TrainEvent) => {
      // Epochs can arrive 50 times a second: the charts and the list redraw at most 10 times.
      if (event.kind === 'epoch') {
        this.#pendingEpochs.push(event.report);
        this.#epochTimer ??= setTimeout(() => this.#showEpochs(), EPOCH_REDRAW_MS);
      } else if (event.kind === 'fold') {
        this.fold = { done: event.done, total: event.total };
      } else {
        // Every epoch the worker finished before it stopped came before this, on this channel.
        this.#showEpochs();
        if (this.paused) this.held = true;
      }
    });
    const job = this.#client.job<ModelSummary>((api, jobId) => api.train(jobId, spec, onEvent));
    this.#running = job;
    try {
      const outcome = await job.outcome;
      this.#showEpochs();
      if (this.#running !== job) return; // abandoned: the worker was replaced meanwhile
      if (outcome.status === 'done') {
        this.model = outcome.value;
        this.#running = null;
        await this.saveModel(datasetName);
      } else if (outcome.status === 'cancelled') {
        this.#events.notice('Training cancelled. Nothing was changed; press Train to start again.');
      } else {
        this.#events.failed(outcome.error);
      }
    } finally {
      listed.end();
      this.#listed = null;
      if (this.#running === job) this.#running = null;
      this.paused = false;
      this.held = false;
      this.fold = null;
      this.status = 'idle';
    }
  }

  /**
   * Saves the last trained model as a registry version (training does this by itself). A failure
   * (a full disk, say) keeps the model in the worker, so saving can be tried again.
   */
  async saveModel(datasetName: string): Promise<void> {
    if (!this.model || this.saved?.status === 'saving' || this.saved?.status === 'saved') return;
    this.saved = { status: 'saving' };
    const projectName = `${datasetName} → ${this.model.target}`;
    try {
      const version = await this.#client.call((api) => api.saveModel({ projectName }));
      this.saved = { status: 'saved', version };
    } catch (error) {
      this.saved = { status: 'failed', error: toWorkbenchError(error).toJSON() };
    }
  }

  /** Shows the epoch reports that arrived since the last redraw. */
  #showEpochs(): void {
    if (this.#epochTimer) clearTimeout(this.#epochTimer);
    this.#epochTimer = null;
    const reports = this.#pendingEpochs;
    this.#pendingEpochs = [];
    const last = reports.at(-1);
    if (!last) return;
    this.history = [...this.history, ...reports];
    this.#listed?.progress(last.epoch, last.epochs);
  }

  /** Pauses or resumes the running training (between batches). */
  togglePause(): void {
    if (this.status !== 'training' || !this.#running) return;
    this.#showEpochs();
    this.held = false;
    this.paused = !this.paused;
    this.#running.setPaused(this.paused);
  }

  /** Restores every training setting to its default. */
  resetSettings(): void {
    this.settings = { ...DEFAULT_SETTINGS };
  }

  /** Stops the run; a worker that does not stop in time is reported as stuck. */
  cancel(): void {
    const job = this.#running;
    if (this.status !== 'training' || !job) return;
    this.status = 'cancelling';
    job.cancel();
    setTimeout(() => {
      if (this.#running === job && this.status === 'cancelling') this.#events.stuck();
    }, CANCEL_GRACE_MS);
  }

  /** Forgets the run in progress (its worker is gone). */
  abandon(): void {
    this.#running = null;
    this.status = 'idle';
    this.paused = false;
    this.fold = null;
  }
}
