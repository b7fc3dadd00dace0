/**
 * Watches a page's dedicated workers over the Chrome DevTools Protocol: samples one worker's
 * heap (Runtime.getHeapUsage, answered even while the worker runs a long task) and optionally
 * records its CPU profile. The page asks for this through window.__benchProbe.
 *
 * Playwright's CDPSession has no way to address a worker's own session, so this session
 * auto-attaches in non-flat mode and talks to workers through Target.sendMessageToTarget.
 */
import { summariseProfile } from './profile-summary.mjs';

/** @typedef {import('./types.ts').ProbeRequest} ProbeRequest */
/** @typedef {import('./types.ts').ProbeReport} ProbeReport */
/** @typedef {import('./types.ts').WorkerHeapPeak} WorkerHeapPeak */
/** @typedef {import('./profile-summary.mjs').CpuProfile} CpuProfile */
/** @typedef {import('./profile-summary.mjs').Locate} Locate */
/**
 * @typedef {object} HeapUsage
 * @property {number} usedSize
 * @property {number} totalSize
 * @property {number} [backingStorageSize] ArrayBuffers and external strings (newer Chromium)
 */
/** @typedef {{ id: number, result?: unknown, error?: { message: string } }} Reply */

const SAMPLE_INTERVAL_MS = 100;
/** The page waits for its worker to load first, but the attach event may still be on its way. */
const FIND_WORKER_MS = 5000;
/** 1 ms between CPU samples: Chromium's usual setting for a detailed profile. */
const PROFILE_INTERVAL_US = 1000;

/**
 * @param {import('playwright-core').Page} page
 * @param {{ profile: boolean, locate: Locate }} options
 * @returns {Promise<(request: ProbeRequest) => Promise<ProbeReport>>} the handler for the page
 */
export async function attachWorkerProbe(page, options) {
  const client = await page.context().newCDPSession(page);
  /** Worker script URLs by CDP session id. */
  const workers = new Map();
  /** @type {Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  let nextId = 1;
  client.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.set(sessionId, targetInfo.url);
  });
  client.on('Target.detachedFromTarget', ({ sessionId }) => {
    if (sessionId) workers.delete(sessionId);
  });
  client.on('Target.receivedMessageFromTarget', ({ message }) => {
    /** @type {Reply} */
    const reply = JSON.parse(message);
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(reply.error.message));
    else waiter.resolve(reply.result);
  });
  await client.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });

  /**
   * Sends one CDP command to a worker and resolves with its result.
   * @param {string} sessionId
   * @param {string} method
   * @param {object} [params]
   * @returns {Promise<unknown>}
   */
  function call(sessionId, method, params = {}) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      const message = JSON.stringify({ id, method, params });
      client.send('Target.sendMessageToTarget', { sessionId, message }).catch(reject);
    });
  }

  /** @param {string} urlPart */
  async function findWorker(urlPart) {
    const deadline = Date.now() + FIND_WORKER_MS;
    while (Date.now() < deadline) {
      const found = [...workers].filter(([, url]) => String(url).includes(urlPart)).at(-1);
      if (found) return /** @type {string} */ (found[0]);
      await sleep(50);
    }
    return null;
  }

  /** @type {{ session: string, sampler: HeapSampler } | null} */
  let current = null;

  return async (request) => {
    if (request.command === 'start') {
      const session = await findWorker(request.workerUrlPart);
      if (!session) return { heap: null, profile: null, note: 'no worker to sample' };
      if (options.profile) {
        await call(session, 'Profiler.enable');
        await call(session, 'Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
      }
      const sampler = new HeapSampler(() => call(session, 'Runtime.getHeapUsage'));
      await sampler.start();
      if (options.profile) await call(session, 'Profiler.start');
      current = { session, sampler };
      return { heap: null, profile: null, note: '' };
    }
    if (!current) return { heap: null, profile: null, note: 'the probe was never started' };
    const { session, sampler } = current;
    current = null;
    const stopped = options.profile
      ? /** @type {Promise<{ profile: CpuProfile }>} */ (call(session, 'Profiler.stop'))
      : null;
    const heap = await sampler.stop();
    const profile = stopped
      ? await summariseProfile((await stopped).profile, options.locate)
      : null;
    return { heap, profile, note: heap.samples > 1 ? '' : 'the heap was sampled only once' };
  };
}

/** Polls heap usage every SAMPLE_INTERVAL_MS and keeps the peaks. */
class HeapSampler {
  /** @param {() => Promise<unknown>} read */
  constructor(read) {
    this.read = /** @type {() => Promise<HeapUsage>} */ (read);
    /** @type {WorkerHeapPeak} */
    this.peak = {
      samples: 0,
      intervalMs: SAMPLE_INTERVAL_MS,
      baselineUsedBytes: 0,
      usedBytes: 0,
      totalBytes: 0,
      backingStorageBytes: 0,
      usedPlusBackingBytes: 0,
    };
    this.running = false;
    /** @type {Promise<void>} */
    this.loop = Promise.resolve();
  }

  async start() {
    const first = await this.read();
    this.peak.baselineUsedBytes = first.usedSize;
    this.add(first);
    this.running = true;
    this.loop = this.poll();
  }

  /** @returns {Promise<WorkerHeapPeak>} */
  async stop() {
    this.running = false;
    await this.loop;
    // One last reading: the end state counts too.
    await this.read().then(
      (usage) => this.add(usage),
      () => undefined,
    );
    return this.peak;
  }

  async poll() {
    while (this.running) {
      await sleep(SAMPLE_INTERVAL_MS);
      // A failed reading (the worker went away) ends the sampling; the peaks so far stand.
      if (this.running)
        await this.read().then(
          (usage) => this.add(usage),
          () => this.halt(),
        );
    }
  }

  halt() {
    this.running = false;
  }

  /** @param {HeapUsage} usage */
  add(usage) {
    const peak = this.peak;
    const backing = usage.backingStorageSize ?? 0;
    peak.samples++;
    peak.usedBytes = Math.max(peak.usedBytes, usage.usedSize);
    peak.totalBytes = Math.max(peak.totalBytes, usage.totalSize);
    peak.backingStorageBytes = Math.max(peak.backingStorageBytes, backing);
    peak.usedPlusBackingBytes = Math.max(peak.usedPlusBackingBytes, usage.usedSize + backing);
  }
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
