/**
 * Turns a bench report into the text `npm run bench` prints: a header and one markdown table per
 * benchmark entry, padded so it also reads well in a terminal.
 */

import { csvLargeTable, csvThroughputTable } from './format-csv.mjs';
import { driftTables } from './format-drift.mjs';
import { encryptionTable } from './format-encryption.mjs';
import { exportTable } from './format-export.mjs';
import { kernelsTables } from './format-kernels.mjs';
import { markdownTable } from './markdown-table.mjs';
import { quantizationTable } from './format-quantize.mjs';
import { scoringTables } from './format-scoring.mjs';
import { shipSizeTable } from './format-ship.mjs';
import {
  backupImportTable,
  registryListTable,
  registryThroughputTable,
} from './format-registry.mjs';

/** @typedef {import('./types.ts').BenchReport} BenchReport */
/** @typedef {import('./types.ts').BenchEntry} BenchEntry */
/** @typedef {import('./types.ts').TrainingThroughputResult} TrainingThroughputResult */
/** @typedef {import('./types.ts').BackendChoiceResult} BackendChoiceResult */

/** @param {BenchReport} report */
export function formatReport(report) {
  const lines = [
    `Benchmarks ${report.createdAt}`,
    `Chromium ${report.chromium}, ${report.hostCpus} CPUs (navigator.hardwareConcurrency ` +
      `${report.hardwareConcurrency}), WebGPU adapter: ${describeAdapter(report)}`,
    `Wall time ${report.wallSeconds.toFixed(0)} s (build, browser start and every benchmark)`,
  ];
  for (const entry of report.entries) {
    lines.push('', `## ${entry.name}`, '', ...entryTable(entry));
  }
  return lines.join('\n');
}

/** @param {BenchEntry} entry */
function entryTable(entry) {
  switch (entry.name) {
    case 'training-throughput':
      return trainingTable(entry.results);
    case 'backend-choice':
      return backendChoiceTable(entry.results);
    case 'csv-ingest-throughput':
      return csvThroughputTable(entry.results);
    case 'csv-ingest-large':
      return csvLargeTable(entry.results);
    case 'registry-throughput':
      return registryThroughputTable(entry.results);
    case 'registry-encryption':
      return encryptionTable(entry.results);
    case 'registry-list':
      return registryListTable(entry.results);
    case 'backup-import':
      return backupImportTable(entry.results);
    case 'ship-size':
      return shipSizeTable(entry.results);
    case 'quantization':
      return quantizationTable(entry.results);
    case 'export':
      return exportTable(entry.results);
    case 'kernels':
      return kernelsTables(entry.results);
    case 'scoring':
      return scoringTables(entry.results);
    case 'drift':
      return driftTables(entry.results);
  }
}

/** @param {BenchReport} report */
function describeAdapter(report) {
  const info = report.webgpuAdapter;
  if (!info) return 'none';
  return [info.vendor, info.architecture, info.device, info.description]
    .filter(Boolean)
    .join(' / ');
}

/** @param {TrainingThroughputResult[]} results */
function trainingTable(results) {
  const header = [
    'backend',
    'adapter',
    'rows (train) x epochs',
    'batch',
    'plain model.fit (samples/s)',
    'workbench trainModel (samples/s)',
    'trainModel fit phase (samples/s)',
    'ratio',
    'fit ratio',
    'leaked tensors',
  ];
  const rows = results.map((r) =>
    r.error
      ? [r.backend, r.adapter, 'failed (see below)', '', '', '', '', '', '', '']
      : [
          r.backend,
          r.adapter,
          `${r.rows} (${r.trainRows}) x ${r.epochs}`,
          String(r.batchSize),
          rate(r.baselineSamplesPerSecond),
          rate(r.workbenchSamplesPerSecond),
          rate(r.workbenchFitSamplesPerSecond),
          r.ratio.toFixed(2),
          r.fitRatio.toFixed(2),
          `${r.leakedTensors} (plain ${r.baselineLeakedTensors})`,
        ],
  );
  const footnote =
    'ratio: trainModel end to end / plain fit; fit ratio: trainModel fit phase / plain fit; ' +
    `fastest of ${results[0]?.repeats ?? 0} alternating runs per path.`;
  const errors = results.filter((r) => r.error).map((r) => `${r.backend} failed: ${r.error}`);
  return [...markdownTable(header, rows, 2), '', footnote, ...errors];
}

/** @param {number} value */
function rate(value) {
  return Math.round(value).toLocaleString('en-US');
}

/** @param {BackendChoiceResult[]} results */
function backendChoiceTable(results) {
  const header = [
    'picked at first open (quick micro-benchmark)',
    'its training samples/s',
    'fastest measured',
    'its samples/s',
    'ratio',
    'goal >= 0.9',
    'first-open measurement (goal <= 3 s)',
    'full measurement: time, pick',
  ];
  const rows = results.map((r) => [
    `${r.picked} (${r.micro.map((m) => `${m.name} ${rate(m.samplesPerSecond)}`).join(', ')})`,
    rate(r.pickedSamplesPerSecond),
    r.fastest,
    rate(r.fastestSamplesPerSecond),
    r.ratio.toFixed(2),
    r.goalMet ? 'met' : 'MISSED',
    `${(r.quickMs / 1000).toFixed(2)} s (${r.quickMs <= 3000 ? 'met' : 'MISSED'})`,
    `${(r.fullMs / 1000).toFixed(2)} s, ${r.fullPicked}`,
  ]);
  return markdownTable(header, rows, 1);
}
