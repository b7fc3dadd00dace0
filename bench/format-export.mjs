/** The export benchmark's table. */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./export-types.ts').ExportResult} ExportResult */

/** @param {number | null} bytes */
function kib(bytes) {
  return bytes === null ? '—' : (bytes / 1024).toFixed(1);
}

/** @param {number | null} ms */
function millis(ms) {
  return ms === null ? '—' : ms.toFixed(1);
}

/** @param {ExportResult} r */
function check(r) {
  const difference = r.largestDifference.toExponential(1);
  if (r.task === 'regression') return `${difference} (${r.verifyRows} rows)`;
  const labels = r.sameLabel === r.verifyRows ? 'all' : String(r.sameLabel);
  return `${difference} (${labels} of ${r.verifyRows} labels)`;
}

/** @param {ExportResult[]} results */
export function exportTable(results) {
  const header = [
    'model (parameters)',
    'scheme',
    'weights (KiB)',
    'TF.js (ms)',
    'ONNX (ms)',
    'bundle (ms)',
    'model.onnx (KiB)',
    'TF.js (KiB)',
    'bundle (KiB)',
    'bundle / float32',
    'check (ms)',
    'check: largest difference',
  ];
  const rows = results.map((r) => {
    const name = `${r.model} (${r.parameters.toLocaleString('en-US')})`;
    const blank = Array.from({ length: header.length - 3 }, () => '');
    if (r.error) return [name, r.scheme, `failed: ${r.error}`, ...blank];
    if (r.refused) return [name, r.scheme, `refused: ${r.refused}`, ...blank];
    return [
      name,
      r.scheme,
      kib(r.weightBytes),
      millis(r.ms.tfjs),
      millis(r.ms.onnx),
      millis(r.ms.bundle),
      kib(r.onnxBytes),
      kib(r.tfjsBytes),
      kib(r.bundleBytes),
      r.bundleRatio.toFixed(2),
      r.verifyMs.toFixed(0),
      check(r),
    ];
  });
  const runtime = results.find((r) => r.runtime)?.runtime ?? 'onnxruntime-web';
  return [
    ...markdownTable(header, rows, 2),
    '',
    `exportModel per format, median of 5 calls after a warm-up call whose files are measured (TF.js: model.json + group1-shard1of1.bin, none for int8; bundle: model.zip, also relative to the float32 bundle of the same model; weights: model.bytes), and one verifyOnnx in ${runtime} (wasm, one thread, session creation included, after an untimed first check that starts the runtime) on the model's test split, with its largest difference from the workbench's predictions (probabilities, or values relative to max(1, |value|)) and, for classification, how many labels agree.`,
  ];
}
