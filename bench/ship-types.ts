/** What the ship-size benchmark (bench/ship-size.mjs) reports. Types only. */

/** One file a first visit downloads. */
export interface ShippedFile {
  /** Path relative to the build folder, as the precache manifest lists it. */
  url: string;
  bytes: number;
  /** gzip, level 9. */
  gzipBytes: number;
  /** brotli, quality 11. */
  brotliBytes: number;
}

export interface ShipSizeBudget {
  precacheBytes: number;
  firstVisitGzipBytes: number;
  /** onnxruntime-web's wasm, raw. */
  onnxRuntimeBytes: number;
}

/** Files the app downloads after start-up, outside the precache, summed. */
export interface LazyFiles {
  files: number;
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
  /** How many of them the precache lists too (0 is right: they are meant to stay out of it). */
  precached: number;
}

/**
 * The production build's size: what the service worker installs, what a first visit costs and
 * what the page caches after start-up.
 */
export interface ShipSizeResult {
  /** Distinct URLs in the built sw.js's precache manifest. */
  precacheEntries: number;
  /** Their raw bytes: what the install stores. */
  precacheBytes: number;
  /** index.html, sw.js, its workbox runtime and every precached URL, each once. */
  firstVisitFiles: number;
  firstVisitBytes: number;
  firstVisitGzipBytes: number;
  firstVisitBrotliBytes: number;
  /**
   * onnxruntime-web's wasm (assets/ort-wasm-*.wasm), in neither figure above: the page caches it
   * after start-up, for the export check.
   */
  onnxRuntime: LazyFiles;
  /** The largest first-visit files, by raw bytes. */
  largest: ShippedFile[];
  budget: ShipSizeBudget;
  /** All three figures at or under their budget (a miss is reported, not failed). */
  withinBudget: boolean;
  /** Why the build could not be measured; '' when it was. */
  error: string;
  file?: never;
}
