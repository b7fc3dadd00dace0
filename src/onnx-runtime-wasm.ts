/**
 * onnxruntime-web's wasm (the export check), kept in a cache of its own rather than in the
 * service worker's precache: 14 MB would hold back every install and triple a first visit. The
 * page fills the cache a while after start-up; the worker reads the binary from it (or fetches
 * and stores it) and hands it to onnxruntime-web, so the check works offline whether or not a
 * service worker controls the worker.
 */
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { ONNX_RUNTIME_CACHE } from './onnx-runtime-cache-name';

function currentUrl(): string {
  return new URL(wasmUrl, self.location.href).href;
}

/** The cache, with any other version's file removed; null where there is no Cache API. */
async function openCache(): Promise<Cache | null> {
  if (!('caches' in self)) return null;
  const cache = await caches.open(ONNX_RUNTIME_CACHE);
  const url = currentUrl();
  for (const request of await cache.keys()) {
    if (request.url !== url) await cache.delete(request);
  }
  return cache;
}

async function download(cache: Cache | null): Promise<Response> {
  const response = await fetch(currentUrl(), { priority: 'low' });
  if (!response.ok) throw new Error(`the ONNX runtime's wasm answered HTTP ${response.status}`);
  await cache?.put(currentUrl(), response.clone());
  return response;
}

/** The wasm's bytes: from the cache, else downloaded (and cached). */
export async function onnxRuntimeWasm(): Promise<ArrayBuffer> {
  const cache = await openCache();
  const cached = await cache?.match(currentUrl());
  return (cached ?? (await download(cache))).arrayBuffer();
}

/** Caches the wasm unless it is cached already. */
export async function cacheOnnxRuntime(): Promise<void> {
  const cache = await openCache();
  if (cache && !(await cache.match(currentUrl()))) await download(cache);
}

/** How long after start-up the download waits, so it never competes with the first open. */
const DELAY_MS = 10_000;

/** Starts `cacheOnnxRuntime` a while after start-up; a failure only means a later download. */
export function cacheOnnxRuntimeLater(): void {
  setTimeout(() => void cacheOnnxRuntime().catch(() => undefined), DELAY_MS);
}
