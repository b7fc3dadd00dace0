import { SvelteMap } from 'svelte/reactivity';
import type { SerializedError } from '../lib/errors';
import type { QuantizeResult } from '../workers/protocol';
import type { JobsState } from './jobs.svelte';
import type { RunningJob, WorkerClient } from './worker-client';

/** The schemes the Optimize screen offers, smallest change first. */
export const SCHEMES = [
  { scheme: 'float16', label: 'float16', detail: 'half precision: about half the size' },
  {
    scheme: 'uint8',
    label: 'uint8',
    detail: 'affine per tensor, as the TF.js converter writes it',
  },
  { scheme: 'int8', label: 'int8', detail: 'symmetric per output channel, calibrated' },
] as const;

export type SchemeName = (typeof SCHEMES)[number]['scheme'];

/** One scheme's row of the comparison: running, done, or failed with its reason. */
export type SchemeRun =
  | { status: 'running' }
  | { status: 'done'; result: QuantizeResult }
  | { status: 'failed'; error: SerializedError }
  | { status: 'cancelled' };

/**
 * The Optimize screen: which version is being optimized, and what each quantization scheme
 * made of it (each run is a worker job that saves a child version).
 */
export class OptimizeState {
  /** The version to quantize; the Models screen's "Quantize" action sets it. */
  versionId = $state<string | null>(null);
  runs = $state.raw<Partial<Record<SchemeName, SchemeRun>>>({});

  #client: WorkerClient;
  #jobs: JobsState;
  /** Reactive, so the Quantize button follows `busy`. */
  #running = new SvelteMap<SchemeName, RunningJob<QuantizeResult>>();

  constructor(client: WorkerClient, jobs: JobsState) {
    this.#client = client;
    this.#jobs = jobs;
  }

  /** Picks the version to work on; the comparison starts afresh. */
  choose(versionId: string): void {
    if (this.versionId === versionId) return;
    for (const job of this.#running.values()) job.cancel();
    this.versionId = versionId;
    this.runs = {};
  }

  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Quantizes a version with each scheme in turn, one job each. */
  async quantizeAll(versionId: string, schemes: readonly SchemeName[]): Promise<void> {
    this.choose(versionId);
    for (const scheme of schemes) {
      if (this.versionId !== versionId) return; // another version was chosen meanwhile
      await this.quantize(scheme);
    }
  }

  async quantize(scheme: SchemeName): Promise<void> {
    const versionId = this.versionId;
    if (!versionId || this.#running.has(scheme)) return;
    this.#set(scheme, { status: 'running' });
    const job = this.#client.job<QuantizeResult>((api, jobId) =>
      api.quantize(jobId, versionId, scheme),
    );
    this.#running.set(scheme, job);
    const listed = this.#jobs.start('quantize', `Quantizing to ${scheme}`, () => job.cancel());
    try {
      const outcome = await job.outcome;
      if (this.versionId !== versionId) return; // another version was chosen meanwhile
      if (outcome.status === 'done') this.#set(scheme, { status: 'done', result: outcome.value });
      else if (outcome.status === 'failed')
        this.#set(scheme, { status: 'failed', error: outcome.error });
      else this.#set(scheme, { status: 'cancelled' });
    } finally {
      listed.end();
      this.#running.delete(scheme);
    }
  }

  #set(scheme: SchemeName, run: SchemeRun): void {
    this.runs = { ...this.runs, [scheme]: run };
  }
}
