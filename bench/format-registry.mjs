/** Tables for the registry benchmarks. */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./registry-types.ts').RegistryThroughputReport} RegistryThroughputResult */
/** @typedef {import('./registry-types.ts').RegistryListReport} RegistryListResult */
/** @typedef {import('./registry-types.ts').ReferenceSnapshotResult} ReferenceSnapshotResult */
/** @typedef {import('./registry-types.ts').ListReadsResult} ListReadsResult */

const GOAL = 0.8;
const MIB = 1024 * 1024;

/** @param {number} ratio */
const verdict = (ratio) =>
  `${ratio.toFixed(2)} ${ratio >= GOAL ? '(goal met)' : `(MISSED goal >= ${GOAL})`}`;

/** @param {RegistryThroughputResult[]} results */
export function registryThroughputTable(results) {
  const header = [
    'operation',
    'parameters',
    'MiB',
    'registry (ms)',
    'raw IndexedDB (ms)',
    'registry MiB/s',
    'raw MiB/s',
    'ratio',
  ];
  const rows = results.flatMap((r) => {
    if (r.error) return [['save / load', 'failed', r.error, '', '', '', '', '']];
    const common = [r.parameters.toLocaleString('en-US'), (r.bytes / MIB).toFixed(1)];
    return [
      [
        'saveVersion vs put',
        ...common,
        r.saveMs.toFixed(1),
        r.rawPutMs.toFixed(1),
        r.saveMibPerSecond.toFixed(0),
        r.rawPutMibPerSecond.toFixed(0),
        verdict(r.saveRatio),
      ],
      [
        'loadVersion vs get',
        ...common,
        r.loadMs.toFixed(1),
        r.rawGetMs.toFixed(1),
        r.loadMibPerSecond.toFixed(0),
        r.rawGetMibPerSecond.toFixed(0),
        verdict(r.loadRatio),
      ],
    ];
  });
  const repeats = results[0]?.repeats ?? 0;
  return [
    ...markdownTable(header, rows, 1),
    '',
    `Medians of ${repeats} alternating runs after a warm-up, each in its own durability: 'strict' transaction; ratio = raw time / registry time.`,
    ...referenceTable(results.flatMap((r) => r.reference ?? [])),
  ];
}

/** @param {(ReferenceSnapshotResult | string)[]} measured */
function referenceTable(measured) {
  if (measured.length === 0) return [];
  const header = [
    'reference snapshot',
    'stored (MiB)',
    'numbers exact',
    'save (ms)',
    'save with reference (ms)',
    'added to a save (ms)',
    'alone: summaries / predictions / all before the transaction (ms)',
    'goal: <= 2 MiB and <= 100 ms',
  ];
  const rows = measured.map((r) =>
    typeof r === 'string'
      ? ['10,000 x 20', 'failed', r, '', '', '', '', '']
      : [
          `${r.rows.toLocaleString('en-US')} rows x ${r.columns} columns`,
          (r.bytes / MIB).toFixed(2),
          r.exact ? 'yes' : 'NO',
          r.saveMs.toFixed(1),
          r.saveWithReferenceMs.toFixed(1),
          r.addedMs.toFixed(1),
          `${r.summariesMs.toFixed(1)} / ${forwardMs(r)} / ${r.prepareMs.toFixed(1)}`,
          r.goalMet ? 'met' : 'MISSED',
        ],
  );
  const found = measured.find((r) => typeof r !== 'string');
  return [
    '',
    ...markdownTable(header, rows, 0),
    '',
    `saveVersion(model, { reference: table }) against saveVersion(model), alternating, ${found?.repeats ?? 0} rounds after a warm-up; added = median of the per-round differences. The snapshot holds the 10,000 sampled rows (18 numeric columns of two-decimal numbers, stored as float64; 2 categorical), summaries of every row and the model's predictions, computed by the forward pass in plain TypeScript (predictWithoutTfjs): no tfjs backend, the same numbers on every machine. Summaries and predictions are also timed alone.`,
    ...predictionsTable(found?.predictions ?? []),
  ];
}

/** @param {ReferenceSnapshotResult} r */
function forwardMs(r) {
  const timing = r.predictions[0]?.timings.find((t) => t.path === 'forward pass');
  return timing && 'ms' in timing ? timing.ms.toFixed(1) : '?';
}

/** @param {ReferenceSnapshotResult['predictions']} predictions */
function predictionsTable(predictions) {
  if (predictions.length === 0) return [];
  const paths = [...new Set(predictions.flatMap((p) => p.timings.map((t) => t.path)))];
  const header = [
    'predictions alone, 10,000 rows x 20 columns',
    ...paths.map((path) =>
      path === 'forward pass' ? 'forward pass (ms)' : `${path} predict (ms, largest difference)`,
    ),
  ];
  const rows = predictions.map((p) => [
    p.model,
    ...paths.map((path) => {
      const t = p.timings.find((timing) => timing.path === path);
      if (!t) return '';
      if ('error' in t) return `failed: ${t.error}`;
      return path === 'forward pass'
        ? t.ms.toFixed(1)
        : `${t.ms.toFixed(1)} (${t.difference.toExponential(1)})`;
    }),
  ]);
  return [
    '',
    ...markdownTable(header, rows, 1),
    '',
    "Medians after a warm-up. The forward pass is what a save with reference runs; predict on each tfjs backend of the page is shown for comparison (a save ran it before, on the page's backend), with the largest absolute difference of its probabilities or values from the forward pass's. The first model is the snapshot's above; the second has the default mlp's size (21 inputs, 64 hidden units).",
  ];
}

/** @param {(ListReadsResult | string | undefined)[]} reads */
function listReadsTable(reads) {
  const measured = reads.filter((r) => r !== undefined);
  if (measured.length === 0) return [];
  const header = [
    'versions listed and compared',
    'read requests (all stores)',
    'reads of the models store',
    'transactions over models',
    'compareVersions (ms)',
    'goal: no weights read',
  ];
  const rows = measured.map((r) =>
    typeof r === 'string'
      ? ['1,000', 'failed', r, '', '', '']
      : [
          `${r.versions.toLocaleString('en-US')} (compared ${r.compared.toLocaleString('en-US')})`,
          String(r.totalReads),
          String(r.modelsReads),
          String(r.modelTransactions),
          r.compareMs.toFixed(1),
          r.goalMet ? 'met' : 'MISSED',
        ],
  );
  return [
    '',
    ...markdownTable(header, rows, 0),
    '',
    'listVersions + listProjects + listAll + compareVersions(every id), with every read request of IDBObjectStore (get, getAll, getAllKeys, getKey, openCursor, openKeyCursor, count) counted per store and every transaction that names the models store counted.',
  ];
}

/** @param {RegistryListResult[]} results */
export function registryListTable(results) {
  const header = [
    'versions',
    'rows in DOM',
    'read metadata (ms)',
    'render (ms)',
    'read + render (ms)',
    'worst read + render (ms)',
    'bytes/record',
    'goal: render within one frame (16.7 ms)',
  ];
  const rows = results.map((r) =>
    r.error
      ? [String(r.versions), 'failed', r.error, '', '', '', '', '']
      : [
          r.versions.toLocaleString('en-US'),
          String(r.rowsRendered),
          r.readMs.toFixed(1),
          r.renderMs.toFixed(1),
          r.totalMs.toFixed(1),
          r.worstTotalMs.toFixed(1),
          r.metadataBytesPerVersion.toFixed(0),
          r.goalMet ? 'met' : 'MISSED',
        ],
  );
  return [
    ...markdownTable(header, rows, 0),
    '',
    'Medians after a warm-up. Read: listVersions() + listProjects() from IndexedDB (version records only, no weights). Render: mounting the version list and forcing style and layout; it renders the rows in view only.',
    ...listReadsTable(results.map((r) => r.reads)),
  ];
}

/** @param {import('./types.ts').BackupImportResult[]} results */
export function backupImportTable(results) {
  const header = [
    'versions',
    'MiB',
    'importBackup (ms)',
    'unchecked import (ms)',
    'ratio',
    'longest main-thread stall: import / unchecked (ms)',
    'goal: no stall over 200 ms',
  ];
  const rows = results.map((r) =>
    r.error
      ? [String(r.versions), 'failed', r.error, '', '', '', '']
      : [
          String(r.versions),
          (r.bytes / 1024 / 1024).toFixed(1),
          r.importMs.toFixed(0),
          r.rawMs.toFixed(0),
          r.ratio.toFixed(2),
          `${r.importStallMs.toFixed(0)} / ${r.rawStallMs.toFixed(0)}`,
          r.importStallMs <= 200 ? 'met' : 'MISSED',
        ],
  );
  return [
    ...markdownTable(header, rows, 0),
    '',
    'Medians of 3 alternating runs after a warm-up, on the page main thread. importBackup: bounded zip reader (CRC-32 of every entry), manifest checksum and schemas, SHA-256 of every entry, every model validated, one strict transaction. Unchecked: fflate unzipSync of the whole file, SHA-256 of every entry, one strict transaction of the same bytes (what the import did before this issue, less its JSON parsing). Ratio = unchecked / importBackup.',
  ];
}
