/** Tables for the registry benchmarks. */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./types.ts').RegistryThroughputResult} RegistryThroughputResult */
/** @typedef {import('./types.ts').RegistryListResult} RegistryListResult */

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
