import { toWorkbenchError, WorkbenchError } from '../lib/errors';
import { PauseController } from '../lib/train/pause';
import type { JobOutcome } from './protocol';

/** What a running job may use: its cancel signal and its pause switch. */
export interface JobContext {
  signal: AbortSignal;
  pause: PauseController;
}

interface RunningJob {
  controller: AbortController;
  pause: PauseController;
}

/**
 * The jobs running in this worker, by id. Each job has its own cancel and pause, so starting
 * one never stops another; every job settles to one outcome shape (done, cancelled, failed).
 */
export class JobTable {
  #running = new Map<string, RunningJob>();

  async run<T>(id: string, work: (context: JobContext) => Promise<T>): Promise<JobOutcome<T>> {
    // A job id is the page's handle on the job; reusing a live one would orphan the first job.
    if (this.#running.has(id)) {
      return {
        status: 'failed',
        error: new WorkbenchError('internal', `Job ${id} is already running.`).toJSON(),
      };
    }
    const job: RunningJob = { controller: new AbortController(), pause: new PauseController() };
    this.#running.set(id, job);
    try {
      // Work that finished is done even if a cancel arrived at the last moment: its effects
      // (a table swapped in, a model kept) have happened, so saying 'cancelled' would mislead.
      return {
        status: 'done',
        value: await work({ signal: job.controller.signal, pause: job.pause }),
      };
    } catch (error) {
      if (error instanceof WorkbenchError && error.code === 'aborted')
        return { status: 'cancelled' };
      return { status: 'failed', error: toWorkbenchError(error).toJSON() };
    } finally {
      this.#running.delete(id);
    }
  }

  /** Stops a job (a paused one is woken so it can see the cancel); unknown ids are ignored. */
  cancel(id: string): void {
    const job = this.#running.get(id);
    job?.controller.abort();
    job?.pause.resume();
  }

  setPaused(id: string, paused: boolean): void {
    const job = this.#running.get(id);
    if (paused) job?.pause.pause();
    else job?.pause.resume();
  }

  /** Ids of the jobs running now. */
  get ids(): string[] {
    return [...this.#running.keys()];
  }
}
