/**
 * `npm run bench`: builds the benchmarks (bench/vite.config.ts, apart from the app), serves
 * them, runs bench/index.html in headless Chromium, prints a table and writes
 * bench-results/bench.json. The ship-size entry builds the app itself (vite.config.ts) and
 * measures its precache, its first-visit transfer and the ONNX runtime the page caches after
 * start-up against the README's budget.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_CHROMIUM_ARGS (extra flags,
 * space-separated, e.g. to use a real GPU), BENCH_SECONDS (aimed-for seconds per timed run,
 * default 8), BENCH_REPEATS (timed runs per path, default 2), BENCH_BACKENDS (comma-separated
 * subset, e.g. wasm,cpu; default every available backend).
 *
 * Subsets and CSV settings: BENCH_ONLY (comma-separated benchmark names or prefixes, e.g.
 * training, csv, ship, quantization, export, kernels, scoring, drift or csv-ingest-large;
 * default all; BENCH_ONLY=ship builds only the app, not the bench page), BENCH_CSV_ROWS (rows
 * of the big CSV file, default 1,000,000), BENCH_CSV_FILE (shape of the big file: wide, the
 * default 18 numeric + 2 categorical columns, or mixed or numeric, the throughput files'
 * shapes), BENCH_PROFILE=1 (CPU-profile the big CSV ingest and each drift run and print their
 * top functions; builds unminified with source maps so the profile has names and TypeScript
 * locations).
 */
import { CHROMIUM_ARGS as SHARED_CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { formatReport } from './format-report.mjs';
import { measureShipSize, shipSizeFailed } from './ship-size.mjs';
import { sourceLocator } from './source-map.mjs';
import { attachWorkerProbe } from './worker-probe.mjs';

/** @typedef {import('./types.ts').BenchReport} BenchReport */
/** @typedef {import('./types.ts').PageReport} PageReport */
/** @typedef {import('./types.ts').BenchEntry} BenchEntry */
/** @typedef {import('./types.ts').BenchName} BenchName */
/** @typedef {import('vite').PreviewServer} PreviewServer */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = 'bench-results';
/**
 * Our own build folder, not dist/: the browser tests build and serve dist/ and may run at the
 * same time; a second build there would swap files under their server.
 */
const OUT_DIR = `${RESULTS_DIR}/dist`;
/** The benchmarks' build config: bench pages and workers never go through the app's build. */
const BENCH_CONFIG = `${ROOT}bench/vite.config.ts`;
/** The app as it ships (vite.config.ts), for the ship-size entry; not dist/, for that reason. */
const APP_OUT_DIR = `${RESULTS_DIR}/app-dist`;
/** SwiftShader WebGPU trains at ~2k samples/s, so a full run takes minutes: be generous. */
const PAGE_TIMEOUT_MS = 15 * 60 * 1000;
const PROFILE = process.env.BENCH_PROFILE === '1';

const CHROMIUM_ARGS = [
  ...SHARED_CHROMIUM_ARGS,
  // Lets the CSV bench collect garbage between timed runs, so no parser pays for another's.
  '--js-flags=--expose-gc',
];

async function main() {
  const started = performance.now();
  /** @type {BenchEntry[]} */
  const entries = wanted('ship-size') ? [await shipSizeEntry()] : [];
  if (!pageWanted()) return report(await browserOnly(), entries, started);
  console.log(`Building the benchmarks into ${OUT_DIR}/ ...`);
  // Profiles need function names and source maps; minifying changes names, not how fast V8
  // runs the code.
  await build({
    configFile: BENCH_CONFIG,
    logLevel: 'warn',
    build: { outDir: OUT_DIR, minify: !PROFILE, sourcemap: PROFILE ? 'hidden' : false },
  });
  const { server, origin } = await startServer();
  try {
    const browser = await launchBrowser();
    try {
      return report(await benchInBrowser(browser, origin), entries, started);
    } finally {
      await browser.close();
    }
  } finally {
    await stopServer(server);
  }
}

function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs()],
  });
}

/**
 * BENCH_ONLY (as the page reads ?only=): names or name prefixes; empty means every benchmark.
 * @param {BenchName} name
 */
function wanted(name) {
  const only = onlyList();
  return only.length === 0 || only.some((o) => name === o || name.startsWith(`${o}-`));
}

/** Whether any benchmark of the bench page is asked for (all but ship-size run there). */
function pageWanted() {
  const only = onlyList();
  return only.length === 0 || only.some((o) => o !== 'ship' && o !== 'ship-size');
}

function onlyList() {
  return (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
}

/** Builds the app as it ships and measures it. @returns {Promise<BenchEntry>} */
async function shipSizeEntry() {
  console.log(`Building the app into ${APP_OUT_DIR}/ to measure what it ships ...`);
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: APP_OUT_DIR } });
  const result = await measureShipSize(`${ROOT}${APP_OUT_DIR}`).catch(shipSizeFailed);
  return { name: 'ship-size', results: [result] };
}

/**
 * Without the bench page (BENCH_ONLY=ship): the report's browser fields from a blank page.
 * @returns {Promise<PageReport & { chromium: string }>}
 */
async function browserOnly() {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const { userAgent, hardwareConcurrency } = await page.evaluate(() => ({
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
    }));
    return {
      chromium: browser.version(),
      userAgent,
      hardwareConcurrency,
      webgpuAdapter: null,
      entries: [],
    };
  } finally {
    await browser.close();
  }
}

/**
 * Prints and writes the report; returns how many measurements failed.
 * @param {PageReport & { chromium: string }} pageReport
 * @param {BenchEntry[]} entries measured outside the page (ship-size), listed first
 * @param {number} started
 */
async function report(pageReport, entries, started) {
  /** @type {BenchReport} */
  const report = {
    createdAt: new Date().toISOString(),
    hostCpus: cpus().length,
    wallSeconds: (performance.now() - started) / 1000,
    ...pageReport,
    entries: [...entries, ...pageReport.entries],
  };
  console.log(`\n${formatReport(report)}\n`);
  console.log(`Wrote ${await writeReport(report)}`);
  return failures(report);
}

/**
 * Runs the bench page and returns its report.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin
 * @returns {Promise<PageReport & { chromium: string }>}
 */
async function benchInBrowser(browser, origin) {
  console.log(`Chromium ${browser.version()}, serving ${origin}`);
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [page] ${message.text()}`));
  page.on('pageerror', (error) => console.log(`  [page error] ${error.message}`));
  // The console's "Failed to load resource" line does not say which resource.
  page.on('response', (response) => {
    if (response.status() >= 400) console.log(`  [http ${response.status()}] ${response.url()}`);
  });
  await allowEvalInCsvBenchWorker(page);
  const locate = sourceLocator(`${ROOT}${OUT_DIR}`);
  const probe = await attachWorkerProbe(page, { profile: PROFILE, locate });
  await page.exposeFunction('__benchProbe', probe);
  const pageReport = await runBenchPage(page, `${origin}/bench/${benchQuery()}`);
  return { chromium: browser.version(), ...pageReport };
}

/** @returns {Promise<{ server: PreviewServer, origin: string }>} */
async function startServer() {
  const server = await preview({
    configFile: BENCH_CONFIG,
    logLevel: 'error',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string')
    throw new Error('preview server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/**
 * Closes the server and its kept-alive connections (close() alone waits for them).
 * @param {PreviewServer} server
 */
async function stopServer(server) {
  const http = /** @type {{ closeAllConnections?: () => void }} */ (server.httpServer);
  const closing = server.close();
  http.closeAllConnections?.();
  await closing;
}

/**
 * uDSV compiles its row converters with `new Function`, which the app's CSP forbids. Only the
 * CSV bench worker, where uDSV runs, gets 'unsafe-eval' added to its CSP header; the app and
 * every other bench script keep the policy as served.
 * @param {import('playwright-core').Page} page
 */
async function allowEvalInCsvBenchWorker(page) {
  await page.route('**/assets/csv-bench.worker-*.js', async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    const policy = headers['content-security-policy'];
    if (policy) {
      headers['content-security-policy'] = policy.replace(
        /script-src([^;]*)/,
        "script-src$1 'unsafe-eval'",
      );
    }
    await route.fulfill({ response, headers });
  });
}

function extraArgs() {
  return (process.env.BENCH_CHROMIUM_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** Passes the BENCH_* settings on to the page, which falls back to its defaults. */
function benchQuery() {
  const params = new URLSearchParams();
  if (process.env.BENCH_SECONDS) params.set('seconds', process.env.BENCH_SECONDS);
  if (process.env.BENCH_REPEATS) params.set('repeats', process.env.BENCH_REPEATS);
  if (process.env.BENCH_BACKENDS) params.set('backends', process.env.BENCH_BACKENDS);
  if (process.env.BENCH_ONLY) params.set('only', process.env.BENCH_ONLY);
  if (process.env.BENCH_CSV_ROWS) params.set('csvRows', process.env.BENCH_CSV_ROWS);
  if (process.env.BENCH_CSV_FILE) params.set('csvFile', process.env.BENCH_CSV_FILE);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * Opens the bench page and waits until it publishes its report or its error.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @returns {Promise<PageReport>}
 */
async function runBenchPage(page, url) {
  await page.goto(url);
  await page.waitForFunction(
    () => window.__benchResult !== undefined || window.__benchError !== undefined,
    null,
    { timeout: PAGE_TIMEOUT_MS, polling: 1000 },
  );
  const outcome = await page.evaluate(() => ({
    result: window.__benchResult,
    error: window.__benchError,
  }));
  if (outcome.error !== undefined || outcome.result === undefined) {
    throw new Error(`the bench page failed: ${outcome.error ?? 'no result'}`);
  }
  return outcome.result;
}

/** @param {BenchReport} report */
async function writeReport(report) {
  const dir = `${ROOT}${RESULTS_DIR}`;
  await mkdir(dir, { recursive: true });
  const file = `${dir}/bench.json`;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/**
 * Measurements that could not be taken make the run fail, after the tables show which and why.
 * @param {BenchReport} report
 */
function failures(report) {
  const failed = report.entries.flatMap((entry) =>
    entry.results
      .filter((result) => result.error)
      .map(
        (result) =>
          `${entry.name} ${'backend' in result ? result.backend : 'scheme' in result ? `${result.model} ${result.scheme}` : 'label' in result ? result.label : 'file' in result ? result.file : 'encryption'}: ${result.error}`,
      ),
  );
  for (const line of failed) console.error(`FAILED ${line}`);
  return failed.length;
}

main().then(
  (failed) => process.exit(failed > 0 ? 1 : 0),
  (/** @type {unknown} */ error) => {
    console.error(error);
    process.exit(1);
  },
);
