import * as Comlink from 'comlink';
import { WorkbenchError, toWorkbenchError } from '../lib/errors';
import type { JobOutcome, Result, TrainingWorkerApi } from '../workers/protocol';

/** The worker's API as the page sees it: every call is asynchronous. */
export type WorkerApi = Comlink.Remote<TrainingWorkerApi>;

/**
 * The page's handle on the worker, and the only module that knows the transport (Comlink).
 * Every call resolves or rejects: if the worker dies, pending calls reject with `worker_crashed`
 * instead of hanging, and `restart()` gives a new one.
 */
export class WorkerClient {
  #worker!: Worker;
  #api!: WorkerApi;
  #crashed!: Promise<never>;
  /** Settles when this worker is replaced, so calls and jobs still waiting on it end. */
  #replaced!: Promise<'replaced'>;
  #replace!: () => void;
  #nextJob = 1;
  /** The unlocked workspace key, handed to every worker this client starts. */
  #workspaceKey: CryptoKey | null = null;

  constructor() {
    this.#start();
  }

  /** Calls the worker and unwraps its Result, turning errors back into WorkbenchErrors. */
  async call<T>(invoke: (api: WorkerApi) => Promise<Result<T>>): Promise<T> {
    const result = await Promise.race([invoke(this.#api), this.#crashed, this.#replaced]);
    if (result === 'replaced') {
      throw new WorkbenchError('aborted', 'The background worker was restarted.');
    }
    if (!result.ok) throw toWorkbenchError(result.error);
    return result.value;
  }

  /** Starts a job under a fresh id; a worker crash settles it as failed rather than hanging. */
  job<T>(invoke: (api: WorkerApi, jobId: string) => Promise<JobOutcome<T>>): RunningJob<T> {
    const id = `job-${this.#nextJob++}`;
    const replaced = this.#replaced.then((): JobOutcome<T> => ({ status: 'cancelled' }));
    const outcome = Promise.race([invoke(this.#api, id), this.#crashed, replaced]).catch(
      (error: unknown): JobOutcome<T> => ({
        status: 'failed',
        error: toWorkbenchError(error).toJSON(),
      }),
    );
    return {
      id,
      outcome,
      cancel: () => void this.#api.cancel(id),
      setPaused: (paused) => void this.#api.setPaused(id, paused),
    };
  }

  /** Hands the workspace key to the worker (now and after a restart); null locks it there. */
  async setWorkspaceKey(key: CryptoKey | null): Promise<void> {
    this.#workspaceKey = key;
    await this.call((api) => api.useWorkspaceKey(key));
  }

  /** Wraps a function so the worker can call it back (progress reports). */
  callback<F extends (...args: never[]) => void>(report: F): F {
    return Comlink.proxy(report);
  }

  /** Ends the worker at once (a job that ignores cancel) and starts a fresh one. */
  restart(): void {
    this.#worker.terminate();
    this.#api[Comlink.releaseProxy]();
    this.#replace();
    this.#start();
  }

  #start(): void {
    this.#worker = new Worker(new URL('../workers/training.worker.ts', import.meta.url), {
      type: 'module',
      name: 'training',
    });
    this.#api = Comlink.wrap<TrainingWorkerApi>(this.#worker);
    this.#replaced = new Promise((resolve) => {
      this.#replace = () => resolve('replaced');
    });
    this.#crashed = new Promise<never>((_, reject) => {
      this.#worker.addEventListener('error', (event) => {
        reject(
          new WorkbenchError(
            'worker_crashed',
            `The background worker stopped: ${event.message || 'unknown error'}.`,
            { hint: 'Reload the page. If it happens again, try another backend.' },
          ),
        );
      });
    });
    // Unobserved until a call races it; keep the rejection from being reported as unhandled.
    this.#crashed.catch(() => undefined);
    if (this.#workspaceKey) void this.#api.useWorkspaceKey(this.#workspaceKey);
  }
}

/** A job started in the worker: its id, how it ends, and its controls. */
export interface RunningJob<T> {
  id: string;
  outcome: Promise<JobOutcome<T>>;
  cancel(): void;
  setPaused(paused: boolean): void;
}
