/** Lets a caller pause a running training between batches and resume it later. */
export class PauseController {
  #paused = false;
  #waiters: (() => void)[] = [];
  /** Called when a paused run actually stops and waits (the work in flight has finished). */
  onHold: (() => void) | null = null;

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves at once when running, or when resumed (or the signal aborts) while paused. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.#paused || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.#waiters.length === 0) this.onHold?.();
      this.#waiters.push(resolve);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}
