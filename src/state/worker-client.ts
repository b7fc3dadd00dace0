import * as Comlink from 'comlink';
import { WorkbenchError, toWorkbenchError } from '../lib/errors';
import type { Result, TrainingWorkerApi } from '../workers/protocol';

/**
 * The page's handle on the training worker. Every call resolves or rejects: if the worker dies,
 * pending calls reject with `worker_crashed` instead of hanging, and `restart()` gives a new one.
 */
export class TrainingClient {
  #worker!: Worker;
  #api!: Comlink.Remote<TrainingWorkerApi>;
  #crashed!: Promise<never>;

  constructor() {
    this.#start();
  }

  /** Calls the worker and unwraps its Result, turning errors back into WorkbenchErrors. */
  async call<T>(
    invoke: (api: Comlink.Remote<TrainingWorkerApi>) => Promise<Result<T>>,
  ): Promise<T> {
    const result = await Promise.race([invoke(this.#api), this.#crashed]);
    if (!result.ok) throw toWorkbenchError(result.error);
    return result.value;
  }

  /** Asks the running job to stop; it settles with a 'cancelled' outcome. */
  cancel(): void {
    void this.#api.cancel();
  }

  /** Pauses or resumes the running training. */
  setPaused(paused: boolean): void {
    void (paused ? this.#api.pause() : this.#api.resume());
  }

  /** Ends the worker at once (a job that ignores cancel) and starts a fresh one. */
  restart(): void {
    this.#worker.terminate();
    this.#api[Comlink.releaseProxy]();
    this.#start();
  }

  #start(): void {
    this.#worker = new Worker(new URL('../workers/training.worker.ts', import.meta.url), {
      type: 'module',
      name: 'training',
    });
    this.#api = Comlink.wrap<TrainingWorkerApi>(this.#worker);
    this.#crashed = new Promise<never>((_, reject) => {
      this.#worker.addEventListener('error', (event) => {
        reject(
          new WorkbenchError(
            'worker_crashed',
            `The background worker stopped: ${event.message || 'unknown error'}.`,
            {
              hint: 'Reload the page. If it happens again, try another backend.',
            },
          ),
        );
      });
    });
    // Unobserved until a call races it; keep the rejection from being reported as unhandled.
    this.#crashed.catch(() => undefined);
  }
}

export { Comlink };
