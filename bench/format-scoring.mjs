/**
 * The scoring benchmark's tables: rows/s against raw tf.js (scoring alone, with logging, with
 * the scored CSV), what the prediction log costs, and where scoreTable's time goes.
 */
import { logTable } from './format-scoring-log.mjs';
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./scoring-types.ts').ScoringResult} ScoringResult */
/** @typedef {import('./scoring-types.ts').ScoringBreakdown} ScoringBreakdown */

/** @param {number} value */
const rate = (value) => Math.round(value).toLocaleString('en-US');

/** @param {number} value */
const count = (value) => value.toLocaleString('en-US');

/**
 * Rounded, without a minus sign on zero.
 * @param {number} value
 */
const whole = (value) => String(Math.round(value) + 0);

/** @param {number} bytes */
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** @param {ScoringResult} r */
const backendName = (r) =>
  `${r.backend}${r.adapter ? ` (${r.adapter})` : ''}${r.picked ? ', app pick' : ''}`;

/**
 * The parts of the breakdown, in scoreTable's order, with their column titles.
 * @type {[keyof ScoringBreakdown, string][]}
 */
const PARTS = [
  ['checksMs', 'checks'],
  ['rowViewMs', 'batch row views'],
  ['preprocessMs', 'preprocessing'],
  ['networkSetupMs', 'network build per batch'],
  ['networkMs', 'network (predict + data)'],
  ['outputsMs', 'outputs kept columnar'],
  ['resultArraysMs', 'result arrays'],
  ['otherMs', 'other'],
];

/** @param {ScoringResult[]} results */
function rateTable(results) {
  const header = [
    'backend',
    'rows',
    'raw tf.js predict (rows/s)',
    'scoreTable (rows/s)',
    'scoreTable / raw',
    'scoring + logging (rows/s)',
    '(scoring + logging) / raw',
    'goal >= 0.8x',
    'scoreTable + scored CSV (rows/s)',
    'largest |ours - raw|',
  ];
  const rows = results.map((r) =>
    r.error
      ? [backendName(r), count(r.rows), 'failed (see below)', '', '', '', '', '', '', '']
      : [
          backendName(r),
          count(r.rows),
          rate(r.rowsPerSecond.raw),
          rate(r.rowsPerSecond.ours),
          ratioText(r.scoreRatio),
          rate(r.rowsPerSecond.oursLog),
          ratioText(r.ratio),
          r.goalMet ? 'met' : 'MISSED',
          rate(r.rowsPerSecond.oursCsv),
          r.largestDifference.toExponential(1),
        ],
  );
  return markdownTable(header, rows, 1);
}

/** @param {ScoringBreakdown} b @param {number} ms */
const share = (b, ms) => `${whole(ms)} (${whole((100 * ms) / b.oursMs)}%)`;

/** @param {ScoringResult[]} results */
function breakdownTable(results) {
  const header = [
    'backend',
    'rows',
    ...PARTS.map(([, title]) => `${title} (ms)`),
    'scoreTable (ms)',
    'then scoredCsv + Blob (ms)',
  ];
  const rows = results.flatMap((r) => {
    const b = r.breakdown;
    if (!b) return [];
    return [
      [
        r.backend,
        count(r.rows),
        ...PARTS.map(([key]) => share(b, b[key])),
        b.oursMs.toFixed(0),
        b.csvMs.toFixed(0),
      ],
    ];
  });
  return markdownTable(header, rows, 1);
}

/**
 * A ratio rounded down, so that a row just under the goal never reads as reaching it.
 * @param {number} ratio
 */
const ratioText = (ratio) => `${(Math.floor(ratio * 100) / 100).toFixed(2)}x`;

/**
 * Where scoreTable's time goes beyond raw's, in words, for each row that missed the goal.
 * @param {ScoringResult[]} results
 */
function whereTheTimeGoes(results) {
  const missed = results.filter((r) => !r.error && !r.goalMet && r.breakdown);
  if (missed.length === 0) return [];
  const lines = missed.map((r) => {
    const b = /** @type {ScoringBreakdown} */ (r.breakdown);
    const rawMs = r.seconds.raw * 1000;
    const logMs = r.seconds.oursLog * 1000;
    const parts = PARTS.filter(([key]) => key !== 'networkMs')
      .map(([key, title]) => ({ title, ms: b[key] }))
      .sort((x, y) => y.ms - x.ms)
      .map(({ title, ms }) => `${title} ${ms.toFixed(0)}`);
    const besides = b.oursMs - b.networkMs;
    return (
      `${r.backend} ${count(r.rows)} rows: scoring + logging takes ${logMs.toFixed(0)} ms ` +
      `(its logPredictions part ${b.logMs.toFixed(0)} ms), raw ${rawMs.toFixed(0)} ms; 0.8x ` +
      `allows ${(rawMs / 0.8 - rawMs).toFixed(0)} ms beyond raw, scoring + logging takes ` +
      `${(logMs - rawMs).toFixed(0)} ms more. scoreTable alone takes ${b.oursMs.toFixed(0)} ms. ` +
      `Besides the network ` +
      `(${b.networkMs.toFixed(0)} ms when timed alone: the same computation as raw, which varies ` +
      `by some 10% from run to run), it spends ${besides.toFixed(0)} ms, largest first: ` +
      `${parts.join(', ')} ms.`
    );
  });
  return ['', 'Where the time goes where the goal is missed:', ...lines.map((l) => `- ${l}`)];
}

/**
 * What the rates mean, in sentences.
 * @param {ScoringResult[]} results
 */
function rateNote(results) {
  const first = results[0];
  const last = results.at(-1);
  if (!first || !last) return '';
  const micro = first.appPick.micro.map((m) => `${m.name} ${rate(m.samplesPerSecond)}`).join(', ');
  const files = [...new Map(results.map((r) => [r.rows, r])).values()]
    .filter((r) => r.inputBytes > 0)
    .map(
      (r) => `${count(r.rows)} rows, ${mib(r.inputBytes)} (readCsv ${r.readSeconds.toFixed(2)} s)`,
    );
  return [
    `${first.model} (${count(first.parameters)} parameters, ${first.inputWidth} inputs) on the`,
    `${first.dataset} sample's rows repeated, its target column left out; the files are read`,
    `with readCsv outside every timing: ${files.join('; ')}.`,
    'raw: the whole file preprocessed beforehand, then tensor2d + predict + data() per batch of',
    `${count(first.batchRows)} rows on a network built once (as predict builds it);`,
    'scoreTable: end to end (column checks, row copy, preprocessing, predict per batch,',
    'Prediction objects); scoring + logging: scoreTable, then registry.logPredictions of its',
    "whole result into the worker's own registry, awaited until IndexedDB committed it (the log",
    'emptied before each run, outside its clock; retention at 50,000,000 rows, so none is',
    "dropped); the goal's ratio is this one. scoreTable + scored CSV: scoreTable, then scoredCsv",
    'into a Blob, as the Deploy screen does after reading. largest |ours - raw|: over the first',
    "batch's outputs.",
    `Fastest of ${first.repeats} runs per path at ${count(first.rows)} rows and ${last.repeats}`,
    `at ${count(last.rows)}, in turn, after a warm-up per backend; ratios rounded down.`,
    "app pick: the app's quick backend measurement in this worker, as on a first open",
    `(${micro} samples/s); only it scores the larger file (unless BENCH_BACKENDS names`,
    'backends), as cpu and webgl would take minutes there.',
  ].join(' ');
}

/** @param {ScoringResult[]} results */
export function scoringTables(results) {
  const errors = results
    .filter((r) => r.error)
    .map((r) => `${r.backend} ${count(r.rows)} rows failed: ${r.error}`);
  return [
    ...rateTable(results),
    '',
    rateNote(results),
    '',
    ...logTable(results),
    '',
    ...breakdownTable(results),
    '',
    'Each part of scoreTable redone alone over the same batches (bench/scoring-breakdown.ts), ' +
      'ms and share of the fastest scoreTable run; other: scoreTable minus the parts (pauses, ' +
      'garbage collection, and the network part timed alone running faster or slower than in ' +
      'scoreTable: on webgl, SwiftShader here, it varies widely). network build per batch: what ' +
      'predict does per call before predicting (copy the model, build the layers, set the ' +
      'weights, dispose); then scoredCsv + Blob: the CSV part of the fastest ours + CSV run.',
    ...whereTheTimeGoes(results),
    ...errors,
  ];
}
