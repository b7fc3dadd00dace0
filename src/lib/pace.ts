/**
 * Lets other tasks run during long work (reading a CSV, unpacking a zip). `for await` over a
 * string, bytes or a Blob that hands its chunks over at once only waits for microtasks, which
 * never let the event loop turn: a 60 MB string was read in one go, blocking its worker (cancel
 * and progress messages included) for seconds.
 */

/** The longest a read works before it lets other tasks run. */
const SLICE_MS = 30;

type Scheduler = { yield?: () => Promise<void> };

/**
 * Resolves in a later task: scheduler.yield where there is one (Chromium, also in workers),
 * else a timer. Not setImmediate: in Node an immediate can run before the timers' turn comes,
 * so the read would go on with the timers still waiting.
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Call `pause` between pieces of work: it lets other tasks run once SLICE_MS have passed. */
export class Pacer {
  #since = performance.now();

  /** Whether the read has worked for SLICE_MS since it last let other tasks run. */
  get due(): boolean {
    return performance.now() - this.#since >= SLICE_MS;
  }

  async pause(): Promise<void> {
    if (!this.due) return;
    await nextTask();
    this.#since = performance.now();
  }
}
