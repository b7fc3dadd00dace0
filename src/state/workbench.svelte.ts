import { toWorkbenchError, type SerializedError } from '../lib/errors';
import { BackendState } from './backend.svelte';
import { DatasetState } from './dataset.svelte';
import { JobsState } from './jobs.svelte';
import { OptimizeState } from './optimize.svelte';
import { ParetoState } from './pareto.svelte';
import { TuneState } from './tune.svelte';
import { PruneState } from './prune.svelte';
import { ExplainState } from './explain.svelte';
import { TransferState } from './transfer.svelte';
import { DeployState } from './deploy.svelte';
import { MonitorState } from './monitor.svelte';
import { ImproveState } from './improve.svelte';
import { TrainingState } from './training.svelte';
import { toSpec } from './train-settings';
import { WorkerClient } from './worker-client';
import { LockState } from './lock.svelte';

/** One word for the header's status light, from every concern at once. */
export type Phase =
  'starting' | 'loading' | 'measuring' | 'switching' | 'ready' | 'training' | 'cancelling';

/**
 * The app's state, one class per concern (backend, dataset, training, jobs) sharing one worker
 * client; this root wires them together and holds what they share: the error and notice banners.
 */
export class WorkbenchState {
  readonly jobs = new JobsState();
  readonly client = new WorkerClient();
  readonly backend: BackendState;
  readonly data: DatasetState;
  readonly training: TrainingState;
  readonly optimize: OptimizeState;
  readonly pareto: ParetoState;
  readonly tune: TuneState;
  readonly prune: PruneState;
  readonly explain: ExplainState;
  readonly transfer: TransferState;
  readonly deploy: DeployState;
  readonly monitor: MonitorState;
  readonly improve: ImproveState;
  /** The encrypted workspace's lock (off when not encrypted). */
  readonly lock: LockState;
  error = $state.raw<SerializedError | null>(null);
  notice = $state('');
  #started = $state(false);

  constructor(storage: Storage = localStorage) {
    this.backend = new BackendState(this.client, this.jobs, storage);
    this.data = new DatasetState(this.client, this.jobs, {
      loaded: async (info, preferredTarget) => {
        this.training.forgetModel();
        const names = info.profile.columns.map((c) => c.name);
        await this.setTarget(
          names.includes(preferredTarget) ? preferredTarget : (names.at(-1) ?? ''),
        );
      },
      failed: (error) => this.#fail(error),
      notice: (text) => (this.notice = text),
    });
    this.optimize = new OptimizeState(this.client, this.jobs);
    this.pareto = new ParetoState(this.client, this.jobs);
    this.tune = new TuneState(this.client, this.jobs);
    this.prune = new PruneState(this.client, this.jobs);
    this.explain = new ExplainState(this.client, this.jobs);
    this.transfer = new TransferState(this.client, this.jobs);
    this.deploy = new DeployState(this.client, this.jobs);
    this.monitor = new MonitorState(this.client, this.jobs);
    this.improve = new ImproveState(this.client, this.jobs);
    this.lock = new LockState(this.client);
    this.training = new TrainingState(this.client, this.jobs, {
      failed: (error) => this.#fail(error),
      notice: (text) => (this.notice = text),
      stuck: () => void this.#recoverFromStuckWorker(),
    });
  }

  get phase(): Phase {
    if (this.training.status === 'cancelling' || this.data.cancelling) return 'cancelling';
    if (this.training.status === 'training' || this.tune.running) return 'training';
    if (this.data.loading) return 'loading';
    if (!this.#started || this.backend.status === 'probing') return 'starting';
    if (this.backend.status === 'measuring') return 'measuring';
    if (this.backend.status === 'switching') return 'switching';
    return 'ready';
  }

  /** Whether anything is running (the update banner waits for quiet). */
  get busy(): boolean {
    return this.phase !== 'ready';
  }

  /** Whether Train can be pressed now. */
  get canTrain(): boolean {
    return (
      this.backend.ready &&
      !this.training.running &&
      !this.tune.running &&
      !this.data.loading &&
      this.data.dataset !== null &&
      this.training.selectedFeatures.length > 0
    );
  }

  /**
   * Loads the default sample and, at the same time, gets a backend ready: reading data needs no
   * backend, so a file dropped in the first second is read at once.
   */
  async start(): Promise<void> {
    const backend = this.backend.start().catch((error: unknown) => this.#fail(error));
    const sample = this.data.loadDefaultSample();
    this.#started = true;
    await Promise.all([backend, sample]);
  }

  async remeasure(): Promise<void> {
    await this.backend.remeasure().catch((error: unknown) => this.#fail(error));
  }

  async chooseBackend(mode: Parameters<BackendState['choose']>[0]): Promise<void> {
    await this.backend.choose(mode).catch((error: unknown) => this.#fail(error));
  }

  async setTarget(target: string): Promise<void> {
    this.data.preferTarget(target);
    await this.training.setTarget(target);
  }

  async train(): Promise<void> {
    if (!this.canTrain) return;
    this.error = null;
    this.notice = '';
    await this.training.train(this.data.dataset?.name ?? 'data');
  }

  /** Searches hyperparameters around the Train form's settings, on the loaded dataset. */
  async search(): Promise<void> {
    if (!this.canTrain) return;
    this.error = null;
    const { training } = this;
    await this.tune.search(
      toSpec($state.snapshot(training.settings), training.target, training.selectedFeatures),
    );
  }

  /** Saves search trials' models as versions, in the project Train saves into. */
  async saveTrials(trialIds: readonly number[]): Promise<void> {
    await this.tune.save(
      trialIds,
      `${this.data.dataset?.name ?? 'data'} → ${this.training.target}`,
    );
  }

  async saveModel(): Promise<void> {
    await this.training.saveModel(this.data.dataset?.name ?? 'data');
  }

  /** Shows a failure in the error banner. */
  showError(error: unknown): void {
    this.#fail(error);
  }

  dismissError(): void {
    this.error = null;
  }

  #fail(error: unknown): void {
    this.error = toWorkbenchError(error).toJSON();
  }

  /** A job ignored its cancel: replace the worker, then restore backend and dataset in it. */
  async #recoverFromStuckWorker(): Promise<void> {
    this.client.restart();
    this.training.abandon();
    this.data.abandon();
    this.notice = 'Cancelled (the background worker was restarted).';
    try {
      await this.backend.reactivate();
      const source = this.data.source;
      if (source) await this.data.loadFile(source.blob, source.name, source.options);
    } catch (error) {
      this.#fail(error);
    }
  }
}
