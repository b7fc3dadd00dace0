import {
  fastestBackend,
  type BackendInfo,
  type BackendMeasurement,
  type BackendName,
} from '../lib/backends/choice';
import {
  deviceKey,
  loadMeasurements,
  loadOverride,
  saveMeasurements,
  saveOverride,
} from './backend-cache';
import type { JobsState } from './jobs.svelte';
import type { WorkerClient } from './worker-client';

export type BackendStatus = 'probing' | 'measuring' | 'switching' | 'ready' | 'failed';

/**
 * The compute backend: which exist here, how fast each trains, and which is in use. Only
 * training needs it, so data loading never waits for it.
 */
export class BackendState {
  status = $state<BackendStatus>('probing');
  backends = $state.raw<BackendInfo[]>([]);
  measurements = $state.raw<BackendMeasurement[]>([]);
  measuring = $state<{ done: number; total: number; name: string } | null>(null);
  mode = $state<BackendName | 'auto'>('auto');
  active = $state.raw<BackendInfo | null>(null);

  #client: WorkerClient;
  #jobs: JobsState;
  #storage: Storage;

  constructor(client: WorkerClient, jobs: JobsState, storage: Storage) {
    this.#client = client;
    this.#jobs = jobs;
    this.#storage = storage;
    this.mode = loadOverride(storage);
  }

  /** The backend the workbench would pick by measurement. */
  get fastest(): BackendMeasurement | undefined {
    return fastestBackend(this.measurements);
  }

  /** Whether training can start now. */
  get ready(): boolean {
    return this.status === 'ready' && this.active !== null;
  }

  /**
   * Probes, then measures in the background with the quick preset when this device has no
   * saved measurements (about 3 s), and activates the pick.
   */
  async start(): Promise<void> {
    await this.#step('probing', async () => {
      this.backends = await this.#client.call((api) => api.probeBackends());
      const cached = loadMeasurements(this.#storage, this.#deviceKey());
      if (cached) this.measurements = cached.measurements;
      else await this.#measure('quick');
      await this.#activate();
    });
  }

  /** Measures every backend again, thoroughly (the user asked, e.g. after plugging in a GPU). */
  async remeasure(): Promise<void> {
    await this.#step('measuring', async () => {
      await this.#measure('full');
      await this.#activate();
    });
  }

  /** Sets 'auto' or a specific backend, remembered for next time. */
  async choose(mode: BackendName | 'auto'): Promise<void> {
    this.mode = mode;
    saveOverride(this.#storage, mode);
    await this.#step('switching', () => this.#activate());
  }

  /** After the worker was replaced: the new one starts on the backend chosen before. */
  async reactivate(): Promise<void> {
    await this.#step('switching', async () => {
      this.backends = await this.#client.call((api) => api.probeBackends());
      await this.#activate();
    });
  }

  async #step(status: BackendStatus, work: () => Promise<void>): Promise<void> {
    this.status = status;
    try {
      await work();
      this.status = 'ready';
    } catch (error) {
      this.status = 'failed';
      throw error;
    } finally {
      this.measuring = null;
    }
  }

  async #measure(preset: 'quick' | 'full'): Promise<void> {
    this.status = 'measuring';
    const job = this.#jobs.start('measure', 'Measuring compute backends');
    try {
      const onProgress = this.#client.callback((done: number, total: number, name: string) => {
        this.measuring = { done, total, name };
        job.progress(done, total);
      });
      this.measurements = await this.#client.call((api) => api.measureBackends(preset, onProgress));
      saveMeasurements(this.#storage, this.#deviceKey(), this.measurements);
    } finally {
      job.end();
    }
  }

  async #activate(): Promise<void> {
    const name = this.mode === 'auto' ? (this.fastest?.name ?? 'cpu') : this.mode;
    this.active = await this.#client.call((api) => api.useBackend(name));
  }

  #deviceKey(): string {
    return deviceKey(this.backends, navigator);
  }
}
