/**
 * The scoring benchmark's prediction-log table: what logging a scored file costs besides its
 * rows/s (time, bytes per row, the page's long tasks, the worker's longest block).
 */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./scoring-types.ts').ScoringResult} ScoringResult */
/** @typedef {import('./scoring-types.ts').LongTaskFigures} LongTaskFigures */

/** The bound on a main-thread long task while logging. */
const LONG_TASK_GOAL_MS = 100;

/** @param {number} value */
const count = (value) => value.toLocaleString('en-US');

/** @param {number | null | undefined} value @param {number} digits */
const fixed = (value, digits) =>
  value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);

/** @param {LongTaskFigures} m */
const longTaskGoalMet = (m) => m.supported && m.longestMs <= LONG_TASK_GOAL_MS;

/** @param {ScoringResult} r */
function logShare(r) {
  const b = r.breakdown;
  if (!b) return 'n/a';
  return `${b.logMs.toFixed(0)} (${Math.round((100 * b.logMs) / b.oursMs)}%)`;
}

/** @param {ScoringResult} r */
function row(r) {
  const log = r.log;
  const m = r.mainThread;
  return [
    r.backend,
    count(r.rows),
    logShare(r),
    fixed(log?.statsBytesPerRow, 1),
    `${fixed(log?.storageBytesPerRow, 1)} / ${fixed(log?.repeatedStorageBytesPerRow, 1)}`,
    m ? (m.supported ? String(m.count) : 'unsupported') : 'n/a',
    m ? fixed(m.longestMs, 0) : 'n/a',
    m ? (longTaskGoalMet(m) ? 'met' : 'MISSED') : 'n/a',
    fixed(log?.workerLongestBlockMs, 0),
    log ? `${log.chunkEncodeMs.toFixed(1)} / ${log.chunkLogMs.toFixed(0)}` : 'n/a',
  ];
}

/**
 * "main thread: N long tasks, longest X ms" for each measured row, largest files first.
 * @param {ScoringResult[]} results
 */
function mainThreadLines(results) {
  return results
    .filter((r) => !r.error && r.mainThread)
    .sort((a, b) => b.rows - a.rows)
    .map((r) => {
      const m = /** @type {LongTaskFigures} */ (r.mainThread);
      const seen = m.probeMs === null ? 'not seen' : `seen as ${m.probeMs.toFixed(0)} ms`;
      return (
        `- ${r.backend} ${count(r.rows)} rows: main thread: ${m.count} long tasks, longest ` +
        `${m.longestMs.toFixed(0)} ms, over ${(m.watchedMs / 1000).toFixed(1)} s watched ` +
        `(goal: none over ${LONG_TASK_GOAL_MS} ms: ${longTaskGoalMet(m) ? 'met' : 'MISSED'}; ` +
        `the observer's 150 ms probe block ${seen}).`
      );
    });
}

/** @param {ScoringResult[]} results */
export function logTable(results) {
  const measured = results.filter((r) => !r.error && r.log);
  if (measured.length === 0) return [];
  const header = [
    'backend',
    'rows',
    'logPredictions of the file (ms, vs scoreTable)',
    'log bytes/row (predictionLogStats)',
    'on disk bytes/row (storage.estimate delta: varied / repeated rows)',
    'main-thread long tasks',
    'longest long task (ms)',
    `goal: none over ${LONG_TASK_GOAL_MS} ms`,
    "worker's longest block while logging (ms)",
    'one 65,536-row chunk: encode / logPredictions (ms)',
  ];
  return [
    ...markdownTable(header, measured.map(row), 1),
    '',
    [
      'logPredictions of the file: the logging part of the fastest scoring + logging run',
      '(checks, encoding into columnar chunks, one IndexedDB transaction, awaited), and its share',
      "of the fastest scoreTable run. log bytes/row: by the log's own count (predictionLogStats:",
      'bytes / rows, its typed arrays and category text, after one more untimed scoring +',
      'logging run of the whole file into an emptied log). on disk: what the browser says the',
      'write added, navigator.storage.estimate() usage after minus before, per row, with',
      "IndexedDB's records, indexes and Chromium's compression of stored values included (n/a",
      "when it did not grow). varied rows: the file's numbers each scaled by 0.9 to 1.1 and",
      'rounded to one decimal (fixed seed), scored and logged: the figure to expect of a real',
      "file. repeated rows: the bench file as it is, whose rows repeat the sample's 1,461 rows,",
      'which Chromium compresses to almost nothing: not a real footprint. main-thread long',
      "tasks: PerformanceObserver 'longtask' entries (buffered: false) on the page while the",
      "worker ran every scoring + logging run and the untimed one. worker's longest block: the",
      'largest gap between two 0 ms timers in the worker during the untimed logPredictions calls',
      'of the whole file (its longest synchronous step; the page is not blocked by it). one',
      'chunk: encodeLogChunks of the first 65,536 rows alone, and logPredictions of those rows',
      'end to end; medians of 3.',
    ].join(' '),
    '',
    ...mainThreadLines(measured),
  ];
}
