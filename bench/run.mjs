/**
 * `npm run bench`: builds the production app, serves it, runs bench/index.html in headless
 * Chromium, prints a table and writes bench-results/bench.json.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_CHROMIUM_ARGS (extra flags,
 * space-separated, e.g. to use a real GPU), BENCH_SECONDS (aimed-for seconds per timed run,
 * default 8), BENCH_REPEATS (timed runs per path, default 2), BENCH_BACKENDS (comma-separated
 * subset, e.g. wasm,cpu; default every available backend).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { formatReport } from './format-report.mjs';

/** @typedef {import('./types.ts').BenchReport} BenchReport */
/** @typedef {import('./types.ts').PageReport} PageReport */
/** @typedef {import('vite').PreviewServer} PreviewServer */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = 'bench-results';
/**
 * Our own build folder, not dist/: the browser tests build and serve dist/ and may run at the
 * same time; a second build there would swap files under their server.
 */
const OUT_DIR = `${RESULTS_DIR}/dist`;
/** SwiftShader WebGPU trains at ~2k samples/s, so a full run takes minutes: be generous. */
const PAGE_TIMEOUT_MS = 15 * 60 * 1000;

/** Flags from shared/NOTES.md: WebGPU on SwiftShader, no background traffic, root-safe. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

async function main() {
  const started = performance.now();
  console.log(`Building the production app into ${OUT_DIR}/ ...`);
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT_DIR } });
  const { server, origin } = await startServer();
  try {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs()],
    });
    try {
      return await benchInBrowser(browser, origin, started);
    } finally {
      await browser.close();
    }
  } finally {
    await stopServer(server);
  }
}

/**
 * Runs the bench page, prints and writes the report; returns how many measurements failed.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin
 * @param {number} started
 */
async function benchInBrowser(browser, origin, started) {
  console.log(`Chromium ${browser.version()}, serving ${origin}`);
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [page] ${message.text()}`));
  page.on('pageerror', (error) => console.log(`  [page error] ${error.message}`));
  // The console's "Failed to load resource" line does not say which resource.
  page.on('response', (response) => {
    if (response.status() >= 400) console.log(`  [http ${response.status()}] ${response.url()}`);
  });
  const pageReport = await runBenchPage(page, `${origin}/bench/${benchQuery()}`);
  /** @type {BenchReport} */
  const report = {
    createdAt: new Date().toISOString(),
    chromium: browser.version(),
    hostCpus: cpus().length,
    wallSeconds: (performance.now() - started) / 1000,
    ...pageReport,
  };
  console.log(`\n${formatReport(report)}\n`);
  console.log(`Wrote ${await writeReport(report)}`);
  return failures(report);
}

/** @returns {Promise<{ server: PreviewServer, origin: string }>} */
async function startServer() {
  const server = await preview({
    root: ROOT,
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

function extraArgs() {
  return (process.env.BENCH_CHROMIUM_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** Passes BENCH_SECONDS / BENCH_REPEATS / BENCH_BACKENDS on to the page, which falls back to its defaults. */
function benchQuery() {
  const params = new URLSearchParams();
  if (process.env.BENCH_SECONDS) params.set('seconds', process.env.BENCH_SECONDS);
  if (process.env.BENCH_REPEATS) params.set('repeats', process.env.BENCH_REPEATS);
  if (process.env.BENCH_BACKENDS) params.set('backends', process.env.BENCH_BACKENDS);
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
 * Backends that could not be measured make the run fail, after the table shows which and why.
 * @param {BenchReport} report
 */
function failures(report) {
  const failed = report.entries.flatMap((entry) => entry.results.filter((result) => result.error));
  for (const result of failed) console.error(`FAILED ${result.backend}: ${result.error}`);
  return failed.length;
}

main().then(
  (failed) => process.exit(failed > 0 ? 1 : 0),
  (/** @type {unknown} */ error) => {
    console.error(error);
    process.exit(1);
  },
);
