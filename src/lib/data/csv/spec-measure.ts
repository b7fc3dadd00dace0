/**
 * Measures one read for the hostile-CSV tests (not used by the reader itself): wall time, the
 * peak memory above what was live before it started, and the longest time the event loop was
 * blocked.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Exposes `gc` at run time, so that the test needs no --expose-gc in the vitest config: a fresh
// context created after the flag is set gets the function.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** How often memory is sampled; a tick that comes late also measures how long the loop stalled. */
const SAMPLE_MS = 5;

export interface ReadMeasure<T> {
  outcome: { ok: true; value: T } | { ok: false; error: unknown };
  seconds: number;
  /** Peak of V8's heap in use plus memory outside it (ArrayBuffers included), above baseline. */
  peakBytes: number;
  /**
   * Peak resident memory above baseline, for reports only: pages freed earlier may be reused
   * (hiding growth) and the allocator keeps freed pages (showing growth that is gone).
   */
  peakRssBytes: number;
  /** Longest gap between two timer ticks (or the start or end and a tick). */
  longestStallMs: number;
}

/**
 * JS heap in use plus external memory. Node counts ArrayBuffers inside `external` (its docs:
 * "arrayBuffers ... is also included in the external value"), so adding them again would count
 * every typed array twice.
 */
function inUse(): { bytes: number; rss: number } {
  const { heapUsed, external, rss } = process.memoryUsage();
  return { bytes: heapUsed + external, rss };
}

/** Runs `read` with memory sampled every few milliseconds; a failure is an outcome too. */
export async function measureRead<T>(read: () => Promise<T>): Promise<ReadMeasure<T>> {
  collectGarbage();
  collectGarbage();
  const baseline = inUse();
  let peak = baseline.bytes;
  let peakRss = baseline.rss;
  const sample = () => {
    const now = inUse();
    peak = Math.max(peak, now.bytes);
    peakRss = Math.max(peakRss, now.rss);
  };
  let longest = 0;
  const started = performance.now();
  let tick = started;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - tick);
    tick = now;
    sample();
  }, SAMPLE_MS);
  let outcome: ReadMeasure<T>['outcome'];
  try {
    outcome = { ok: true, value: await read() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const ended = performance.now();
  clearInterval(timer);
  sample();
  longest = Math.max(longest, ended - tick);
  return {
    outcome,
    seconds: (ended - started) / 1000,
    peakBytes: peak - baseline.bytes,
    peakRssBytes: peakRss - baseline.rss,
    longestStallMs: longest,
  };
}

/** Collects garbage now (to free one case's input before the next case builds its own). */
export function collectNow(): void {
  collectGarbage();
}
