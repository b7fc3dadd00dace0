/**
 * The ship-size tables of the bench report: the precache, the first visit and the ONNX runtime
 * cached after start-up against their budgets (bench/ship-size.mjs, README "Size budget"), then
 * the largest first-visit files.
 */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./ship-types.ts').ShipSizeResult} ShipSizeResult */

/** @param {number} bytes */
function mib(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
}

/** @param {number} bytes */
function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** @param {ShipSizeResult[]} results */
export function shipSizeTable(results) {
  const lines = [];
  for (const r of results) {
    if (r.error) {
      lines.push(`ship size failed: ${r.error}`);
      continue;
    }
    /**
     * @param {number} value
     * @param {number} budget
     */
    const verdict = (value, budget) => (value <= budget ? 'pass' : 'OVER');
    const header = ['measure', 'files', 'raw', 'gzip -9', 'brotli 11', 'budget', 'verdict'];
    const rows = [
      [
        'precache (sw.js)',
        String(r.precacheEntries),
        mib(r.precacheBytes),
        '',
        '',
        `raw <= ${mib(r.budget.precacheBytes)}`,
        verdict(r.precacheBytes, r.budget.precacheBytes),
      ],
      [
        'first visit',
        String(r.firstVisitFiles),
        mib(r.firstVisitBytes),
        mib(r.firstVisitGzipBytes),
        mib(r.firstVisitBrotliBytes),
        `gzip <= ${mib(r.budget.firstVisitGzipBytes)}`,
        verdict(r.firstVisitGzipBytes, r.budget.firstVisitGzipBytes),
      ],
      [
        'ONNX runtime (cached after start-up, for the export check)',
        String(r.onnxRuntime.files),
        mib(r.onnxRuntime.bytes),
        mib(r.onnxRuntime.gzipBytes),
        mib(r.onnxRuntime.brotliBytes),
        `raw <= ${mib(r.budget.onnxRuntimeBytes)}`,
        verdict(r.onnxRuntime.bytes, r.budget.onnxRuntimeBytes),
      ],
    ];
    lines.push(...markdownTable(header, rows, 1), '');
    const top = r.largest.map((file) => [
      file.url,
      kib(file.bytes),
      kib(file.gzipBytes),
      kib(file.brotliBytes),
    ]);
    lines.push(
      ...markdownTable(['largest files', 'raw', 'gzip -9', 'brotli 11'], top, 1),
      '',
      'first visit: index.html, sw.js, its workbox runtime and every precached URL, each once, ' +
        'compressed file by file. ONNX runtime: assets/ort-wasm-*.wasm, ' +
        (r.onnxRuntime.precached === 0
          ? 'in neither the precache nor the first visit.'
          : `of which ${r.onnxRuntime.precached} file(s) are precached too (counted in both).`),
    );
  }
  return lines;
}
