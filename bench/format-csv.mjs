/**
 * The CSV ingest tables of the bench report, with the issue's goals checked beside the figures:
 * throughput >= 1.0x uDSV; on the big file, peak JS heap <= 2.5x the numeric payload and no
 * main-thread long task over 100 ms.
 */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./types.ts').CsvThroughputResult} CsvThroughputResult */
/** @typedef {import('./types.ts').CsvLargeIngestResult} CsvLargeIngestResult */
/** @typedef {import('./types.ts').CsvParserName} CsvParserName */
/** @typedef {import('./types.ts').ColumnTypes} ColumnTypes */
/** @typedef {import('./types.ts').ProfileEntry} ProfileEntry */

const MIB = 1024 * 1024;
const UDSV_GOAL = 1.0;
const HEAP_GOAL = 2.5;
const LONG_TASK_GOAL_MS = 100;

/** @type {CsvParserName[]} */
const PARSERS = ['workbench readCsv', 'uDSV typedCols', 'PapaParse dynamicTyping'];

/** @param {CsvThroughputResult[]} results */
export function csvThroughputTable(results) {
  const header = [
    'file',
    'MiB',
    'rows x cols',
    'readCsv MiB/s',
    'uDSV MiB/s',
    'PapaParse MiB/s',
    'ours/uDSV',
    'ours/PapaParse',
    'first read ours/uDSV',
    'typed num/date/bool/str (ours; uDSV; Papa)',
  ];
  const rows = results.map((r) => {
    if (r.error) return [r.file, 'failed (see below)', '', '', '', '', '', '', '', ''];
    const run = (/** @type {CsvParserName} */ name) => r.parsers.find((p) => p.parser === name);
    return [
      r.file,
      (r.bytes / MIB).toFixed(1),
      `${r.rows.toLocaleString('en-US')} x ${r.columns}`,
      ...PARSERS.map((name) => (run(name)?.mibPerSecond ?? 0).toFixed(1)),
      `${r.ratioToUdsv.toFixed(2)} ${r.ratioToUdsv >= UDSV_GOAL ? '(goal met)' : `(MISSED goal >= ${UDSV_GOAL.toFixed(1)})`}`,
      r.ratioToPapa.toFixed(2),
      (r.firstRatioToUdsv ?? NaN).toFixed(2),
      PARSERS.map((name) => typedLabel(run(name)?.typed)).join('; '),
    ];
  });
  const files = results
    .filter((r) => !r.error)
    .map((r) => `${r.file}: ${r.description}`)
    .join('; ');
  const footnote =
    `Bytes (Uint8Array) to typed columns in one worker, decoding included; fastest of ` +
    `${results[0]?.repeats ?? 0} runs per parser after one warm-up, order rotated each round. ` +
    `"First read" is each parser's warm-up read (the first of this file in the worker, in the ` +
    `order readCsv, uDSV, PapaParse), closer to a user's single read than the best of many. ` +
    `readCsv also fingerprints the file (SHA-256) and collects warnings. ${files}.`;
  const errors = results.filter((r) => r.error).map((r) => `${r.file} failed: ${r.error}`);
  return [...markdownTable(header, rows, 1), '', footnote, ...errors];
}

/** @param {ColumnTypes | undefined} typed */
function typedLabel(typed) {
  if (!typed) return '-';
  return `${typed.numbers}/${typed.dates}/${typed.booleans}/${typed.strings}`;
}

/** @param {CsvLargeIngestResult[]} results */
export function csvLargeTable(results) {
  return results.flatMap((r) => {
    if (r.error) return [`Large ingest failed: ${r.error}`];
    return [
      ...markdownTable(['measure', 'value'], largeRows(r), 2),
      '',
      'Heap: peaks of CDP Runtime.getHeapUsage on the ingest worker, sampled every ' +
        `${r.heap?.intervalMs ?? 0} ms from the start to the end of readCsv (a fresh worker, so ` +
        'it holds little else). "JS heap used" is what performance.memory calls ' +
        'usedJSHeapSize; ArrayBuffer backing stores (Float64Array columns, stream chunks, the ' +
        'bytes hashed at the end) live outside it and count until they are collected.',
      ...(r.note ? [`Note: ${r.note}`] : []),
      ...(r.profile ? ['', ...profileTable(r.profile)] : []),
    ];
  });
}

/** @param {CsvLargeIngestResult} r */
function largeRows(r) {
  const payload = r.numericPayloadBytes;
  const mib = (/** @type {number} */ bytes) => (bytes / MIB).toFixed(0);
  const times = (/** @type {number} */ bytes) => (payload > 0 ? bytes / payload : 0).toFixed(2);
  const heap = r.heap;
  const longest = r.longTasks.supported ? `${r.longTasks.maxMs.toFixed(0)} ms` : 'not supported';
  const kinds = Object.entries(r.kinds)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  return [
    ['file', `${r.file}: ${r.rows.toLocaleString('en-US')} rows x ${r.columns} columns (${kinds})`],
    ['size', `${mib(r.bytes)} MiB (built in ${r.generateSeconds.toFixed(1)} s, not timed)`],
    ['numeric payload', `${mib(payload)} MiB (${r.numericColumns} numeric columns x 8 bytes)`],
    [
      'readCsv wall time',
      `${r.seconds.toFixed(2)} s (worker clock ${r.workerSeconds.toFixed(2)} s)`,
    ],
    ['throughput', `${r.mibPerSecond.toFixed(1)} MiB/s`],
    [
      'main-thread long tasks',
      `${r.longTasks.count} (total ${r.longTasks.totalMs.toFixed(0)} ms), longest ${longest} ` +
        goal(r.longTasks.maxMs <= LONG_TASK_GOAL_MS, `<= ${LONG_TASK_GOAL_MS} ms`),
    ],
    ...(heap
      ? [
          [
            'peak JS heap used',
            `${mib(heap.usedBytes)} MiB = ${times(heap.usedBytes)}x payload ` +
              goal(heap.usedBytes <= HEAP_GOAL * payload, `<= ${HEAP_GOAL}x`),
          ],
          ['peak JS heap reserved', `${mib(heap.totalBytes)} MiB`],
          [
            'peak ArrayBuffer backing stores',
            `${mib(heap.backingStorageBytes)} MiB = ${times(heap.backingStorageBytes)}x payload`,
          ],
          [
            'peak JS heap used + backing stores',
            `${mib(heap.usedPlusBackingBytes)} MiB = ${times(heap.usedPlusBackingBytes)}x payload ` +
              goal(heap.usedPlusBackingBytes <= HEAP_GOAL * payload, `<= ${HEAP_GOAL}x`),
          ],
          [
            'heap samples',
            `${heap.samples} (worker heap before ingest ${mib(heap.baselineUsedBytes)} MiB)`,
          ],
        ]
      : [['peak heap', 'not measured (no CDP probe)']]),
  ];
}

/**
 * @param {boolean} met
 * @param {string} target
 */
function goal(met, target) {
  return met ? `(goal ${target} met)` : `(MISSED goal ${target})`;
}

/** @param {ProfileEntry[]} entries */
function profileTable(entries) {
  const rows = entries.map((e) => [
    e.functionName,
    e.source || e.location,
    e.selfMs.toFixed(0),
    `${(e.selfShare * 100).toFixed(1)}%`,
  ]);
  return [
    'CPU profile of the ingest worker, top self time (BENCH_PROFILE=1: unminified build, 1 ms ' +
      'sampling; a built-in such as crypto.subtle.digest counts toward the function calling it):',
    '',
    ...markdownTable(['function', 'where', 'self ms', 'share'], rows, 2),
  ];
}
