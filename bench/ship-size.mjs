/**
 * What the app ships: the service worker's precache (read from the built sw.js, so it is what
 * browsers install, not what we meant to list), the bytes a first visit downloads, raw and
 * compressed per file as a server would send them (gzip level 9, brotli quality 11), and
 * onnxruntime-web's wasm, which is in neither: the page caches it after start-up, for the export
 * check (src/state/onnx-runtime-cache.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** @typedef {import('./ship-types.ts').ShipSizeResult} ShipSizeResult */
/** @typedef {import('./ship-types.ts').ShippedFile} ShippedFile */
/** @typedef {import('./ship-types.ts').LazyFiles} LazyFiles */

const MIB = 1024 * 1024;

/**
 * The budget in the README ("Size budget"): a little above what the app ships today, so growth
 * is a decision, not an accident.
 */
export const SHIP_BUDGET = {
  precacheBytes: 3.0 * MIB,
  firstVisitGzipBytes: 0.95 * MIB,
  onnxRuntimeBytes: 14.5 * MIB,
};

/** onnxruntime-web's wasm as the build names it (vite.config.ts leaves it out of the precache). */
const ONNX_RUNTIME_FILE = /^ort-wasm-.*\.wasm$/;

/** Files listed in the top list of the report. */
const TOP_FILES = 5;

/**
 * Measures a production build folder (the output of `vite build`).
 * @param {string} distDir
 * @returns {Promise<ShipSizeResult>}
 */
export async function measureShipSize(distDir) {
  const serviceWorker = await readFile(join(distDir, 'sw.js'), 'utf8');
  // A URL listed twice is still cached once.
  const precache = [...new Set(precacheUrls(serviceWorker))];
  // A first visit loads the page, registers sw.js (which loads its workbox runtime), and the
  // service worker's install downloads every precached URL; each file counts once.
  const firstVisit = [
    ...new Set(['index.html', 'sw.js', ...workboxRuntime(serviceWorker), ...precache]),
  ];
  const files = await Promise.all(firstVisit.map((url) => measureFile(distDir, url)));
  const byUrl = new Map(files.map((file) => [file.url, file]));
  const sum = (/** @type {ShippedFile[]} */ list, /** @type {keyof ShippedFile} */ key) =>
    list.reduce((total, file) => total + Number(file[key]), 0);
  const precached = precache.map((url) => /** @type {ShippedFile} */ (byUrl.get(url)));
  const onnxRuntime = await measureOnnxRuntime(distDir, new Set(precache));
  const result = {
    precacheEntries: precache.length,
    precacheBytes: sum(precached, 'bytes'),
    firstVisitFiles: files.length,
    firstVisitBytes: sum(files, 'bytes'),
    firstVisitGzipBytes: sum(files, 'gzipBytes'),
    firstVisitBrotliBytes: sum(files, 'brotliBytes'),
    onnxRuntime,
    largest: [...files].sort((a, b) => b.bytes - a.bytes).slice(0, TOP_FILES),
    budget: SHIP_BUDGET,
  };
  return {
    ...result,
    withinBudget:
      result.precacheBytes <= SHIP_BUDGET.precacheBytes &&
      result.firstVisitGzipBytes <= SHIP_BUDGET.firstVisitGzipBytes &&
      onnxRuntime.bytes <= SHIP_BUDGET.onnxRuntimeBytes,
    error: '',
  };
}

/**
 * The entry of a build that could not be measured (no sw.js, no precache call).
 * @param {unknown} error
 * @returns {ShipSizeResult}
 */
export function shipSizeFailed(error) {
  return {
    precacheEntries: 0,
    precacheBytes: 0,
    firstVisitFiles: 0,
    firstVisitBytes: 0,
    firstVisitGzipBytes: 0,
    firstVisitBrotliBytes: 0,
    onnxRuntime: { files: 0, bytes: 0, gzipBytes: 0, brotliBytes: 0, precached: 0 },
    largest: [],
    budget: SHIP_BUDGET,
    withinBudget: false,
    error: error instanceof Error ? error.message : String(error),
  };
}

/**
 * The built onnxruntime-web wasm files (assets/ort-wasm-*.wasm), summed, and how many of them
 * the precache lists after all (none, while vite.config.ts leaves them out).
 * @param {string} distDir
 * @param {Set<string>} precache
 * @returns {Promise<LazyFiles>}
 */
async function measureOnnxRuntime(distDir, precache) {
  const names = (await readdir(join(distDir, 'assets'))).filter((name) =>
    ONNX_RUNTIME_FILE.test(name),
  );
  const files = await Promise.all(names.map((name) => measureFile(distDir, `assets/${name}`)));
  return {
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    brotliBytes: files.reduce((sum, file) => sum + file.brotliBytes, 0),
    precached: files.filter((file) => precache.has(file.url)).length,
  };
}

/**
 * The URLs of workbox-build's `precacheAndRoute([{url:"...",revision:...}, ...])` call.
 * @param {string} serviceWorker the text of sw.js
 */
export function precacheUrls(serviceWorker) {
  const call = /precacheAndRoute\(\s*\[([\s\S]*?)\]\s*[,)]/.exec(serviceWorker);
  if (!call) throw new Error('sw.js has no precacheAndRoute([...]) call');
  const urls = [...(call[1] ?? '').matchAll(/\burl\s*:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
  if (urls.length === 0) throw new Error('the precache manifest in sw.js lists no URL');
  return urls;
}

/**
 * The workbox runtime sw.js loads: generateSW emits `define(["./workbox-<hash>"], ...)`.
 * @param {string} serviceWorker
 */
function workboxRuntime(serviceWorker) {
  return [...serviceWorker.matchAll(/"\.\/(workbox-[\w-]+)"/g)].map((m) => `${m[1]}.js`);
}

/**
 * @param {string} distDir
 * @param {string} url a path relative to the build folder, as the precache lists it
 * @returns {Promise<ShippedFile>}
 */
async function measureFile(distDir, url) {
  const content = await readFile(join(distDir, decodeURIComponent(url)));
  return {
    url,
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: 9 }).length,
    brotliBytes: brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }).length,
  };
}
