/**
 * Lets other tasks run during long work (reading a CSV, unpacking a zip). `for await` over a
 * string, bytes or a Blob that hands its chunks over at once only waits for microtasks, which
 * never let the event loop turn: a 60 MB string was read in one go, blocking its worker (cancel
 * and progress messages included) for seconds.
 */

/** The longest a read works before it lets other tasks run. */
const SLICE_MS = 30;

/**
 * Resolves in a later task, behind the messages already queued. In a browser a message to
 * ourselves on a MessageChannel does that: it queues behind a Cancel that the page posted.
 * Not scheduler.yield: its continuation runs ahead of queued tasks of the same priority, so a
 * worker busy writing a million rows never heard its Cancel. Not setImmediate in Node (tests):
 * there an immediate can run before the timers' turn comes; a timer is used instead.
 */
const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

function inBrowser(): boolean {
  return (
    typeof MessageChannel !== 'undefined' &&
    typeof (globalThis as { process?: unknown }).process === 'undefined'
  );
}

function nextTask(): Promise<void> {
  if (!inBrowser()) return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new MessageChannel();
    // One message per waiter, delivered in order: each resolves the oldest waiter.
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
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
