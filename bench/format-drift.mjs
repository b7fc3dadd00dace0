/**
 * The drift benchmark's tables: each case's time, rows/s and the page's long tasks meanwhile;
 * monitorDrift's windows; where detectDrift's time goes per test and per column; and the
 * worker's CPU profile when the runner took one (BENCH_PROFILE=1).
 */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./drift-types.ts').DriftCaseResult} DriftCaseResult */
/** @typedef {import('./drift-types.ts').DriftColumnTiming} DriftColumnTiming */
/** @typedef {import('./types.ts').ProfileEntry} ProfileEntry */

const GOAL = 'no main-thread long task over 100 ms';

/** @param {number} value */
const count = (value) => Math.round(value).toLocaleString('en-US');

/** @param {number} bytes */
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** @param {DriftCaseResult} r */
function longTasks(r) {
  const m = r.mainThread;
  if (!m) return '';
  if (!m.supported) return 'not reported by this browser';
  return `${m.count}, longest ${m.longestMs.toFixed(0)} ms`;
}

/** @param {DriftCaseResult} r */
function heapPeak(r) {
  const heap = r.probe?.heap;
  return heap ? mib(heap.usedPlusBackingBytes) : '';
}

/** @param {DriftCaseResult[]} results */
function caseTable(results) {
  const header = [
    'case',
    'reference rows',
    'current rows',
    'features',
    'seconds',
    'rows/s',
    'main-thread long tasks (count, longest)',
    'goal',
    'worker heap peak',
  ];
  const rows = results.map((r) =>
    r.error
      ? [r.label, '', '', '', 'failed (see below)', '', '', '', '']
      : [
          r.label,
          count(r.referenceRows),
          count(r.currentRows),
          String(r.features),
          r.seconds.toFixed(2),
          count(r.rowsPerSecond),
          longTasks(r),
          r.goalMet ? 'met' : 'MISSED',
          heapPeak(r),
        ],
  );
  return markdownTable(header, rows, 1);
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** @param {DriftCaseResult[]} results */
function monitorTable(results) {
  const monitored = results.filter((r) => r.kind === 'monitorDrift' && !r.error);
  if (monitored.length === 0) return [];
  const header = [
    'monitorDrift',
    'reference rows',
    'logged rows',
    'windows x rows',
    'seconds',
    'windows/s',
    'window ms (median, slowest)',
  ];
  const rows = monitored.map((r) => [
    r.label,
    count(r.referenceRows),
    count(r.currentRows),
    `${r.windows ?? 0} x ${count(r.windowRows ?? 0)}`,
    r.seconds.toFixed(2),
    (r.windowsPerSecond ?? 0).toFixed(2),
    `${median(r.windowMs).toFixed(0)}, ${Math.max(0, ...r.windowMs).toFixed(0)}`,
  ]);
  return ['', ...markdownTable(header, rows, 1)];
}

/** @param {DriftCaseResult[]} results */
const detectCases = (results) => results.filter((r) => r.kind === 'detectDrift' && !r.error);

/**
 * Per case and test: how many columns, their ms in all, per column, and the slowest.
 * @param {DriftCaseResult[]} results
 */
function testTable(results) {
  const header = ['case', 'test (+ PSI)', 'columns', 'ms', 'ms per column', 'slowest column'];
  const rows = detectCases(results).flatMap((r) => {
    /** @type {Map<string, DriftColumnTiming[]>} */
    const byTest = new Map();
    for (const column of r.columns)
      byTest.set(column.test, [...(byTest.get(column.test) ?? []), column]);
    return [...byTest].map(([test, columns]) => {
      const total = columns.reduce((sum, c) => sum + c.ms, 0);
      const slowest = columns.reduce((a, b) => (b.ms > a.ms ? b : a));
      return [
        r.label,
        test,
        String(columns.length),
        total.toFixed(0),
        (total / columns.length).toFixed(0),
        `${slowest.name} ${slowest.ms.toFixed(0)} ms`,
      ];
    });
  });
  return markdownTable(header, rows, 2);
}

/**
 * One row per column: its kind, and per detectDrift case its test, ms and verdict.
 * @param {DriftCaseResult[]} results
 */
function columnTable(results) {
  const cases = detectCases(results);
  const first = cases[0];
  if (!first) return [];
  const header = ['column', 'kind', ...cases.map((r) => r.label)];
  const rows = first.columns.map((column) => [
    column.name,
    column.kind,
    ...cases.map((r) => {
      const c = r.columns.find((other) => other.name === column.name);
      if (!c) return '';
      return `${c.test} ${c.ms.toFixed(0)} ms${c.drifted ? ', drifted' : ''}`;
    }),
  ]);
  return markdownTable(header, rows, 2);
}

/**
 * @param {string} label
 * @param {ProfileEntry[]} entries
 */
function profileTable(label, entries) {
  const rows = entries.map((e) => [
    e.functionName,
    e.source || e.location,
    e.selfMs.toFixed(0),
    `${(e.selfShare * 100).toFixed(1)}%`,
  ]);
  return [
    '',
    `CPU profile of the worker, ${label} (fastest run), top self time (BENCH_PROFILE=1: ` +
      'unminified build, 1 ms sampling; a built-in such as TypedArray sort counts toward the ' +
      'function calling it):',
    '',
    ...markdownTable(['function', 'where', 'self ms', 'share'], rows, 2),
  ];
}

/** @param {DriftCaseResult[]} results */
function note(results) {
  const probeMs = results.find((r) => r.mainThread)?.mainThread?.probeMs;
  const drawn = results.find((r) => r.kind === 'detectDrift' && !r.error);
  return [
    'Seeded tables drawn in the worker (bench/drift-data.ts): 14 numeric features (normal,',
    'lognormal, uniform and mixtures, one-decimal readings, small counts, one with missing',
    'cells; 6 shifted) and 6 categorical ones of 3 to 50 categories (one shifted, one with 5',
    `categories the reference never had)${drawn ? `, 1,000,000 rows drawn in ${drawn.generateSeconds.toFixed(1)} s` : ''}.`,
    'detectDrift with its defaults, end to end in a worker, fastest of 2 runs after a warm-up;',
    'rows/s: current (or logged) rows per second. monitorDrift: a 10,000-row reference',
    'snapshot (3-class target, predictions) against a 1,000,000-row log built as a value',
    '(batches of 65,536 rows, 30% labelled), windows of 100,000 rows: inputs, predictions,',
    'target, accuracy and distributions per window. Long tasks: PerformanceObserver',
    "'longtask' on the page while the worker ran (both runs); the observer saw the page's",
    `own 150 ms block as ${probeMs === null || probeMs === undefined ? 'nothing' : `${probeMs.toFixed(0)} ms`}. Goal: ${GOAL}.`,
  ].join(' ');
}

/** @param {DriftCaseResult[]} results */
export function driftTables(results) {
  const errors = results.filter((r) => r.error).map((r) => `${r.label} failed: ${r.error}`);
  const profiles = results.flatMap((r) =>
    r.probe?.profile ? profileTable(r.label, r.probe.profile) : [],
  );
  return [
    ...caseTable(results),
    '',
    note(results),
    ...monitorTable(results),
    '',
    'Per test (each column also gets PSI for information; the ms are between onProgress calls):',
    '',
    ...testTable(results),
    '',
    ...columnTable(results),
    ...profiles,
    ...errors,
  ];
}
