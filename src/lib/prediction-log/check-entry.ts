/**
 * What a caller gives the log is checked before anything is encoded: a table with a row count,
 * one prediction per row that fits the version's task and classes, and times and settings in
 * range. A script's mistake is refused with a code, never stored as a silently wrong log.
 */
import { ScoredOutputs } from '../deploy/scored-outputs';
import { WorkbenchError } from '../errors';
import type { Task } from '../train/types';
import {
  LOG_SOURCES,
  RETENTION_LIMITS,
  type LogRetention,
  type PredictionLogEntry,
  type PredictionLogQuery,
} from './types';

function invalidEntry(problem: string): WorkbenchError {
  return new WorkbenchError(
    'invalid_log_entry',
    `These predictions cannot be logged: ${problem}.`,
    {
      hint: 'Pass the table that was predicted and the predictions `predict` or `scoreTable` gave for it, one per row.',
    },
  );
}

export function invalidOptions(problem: string): WorkbenchError {
  return new WorkbenchError(
    'invalid_log_options',
    `The prediction log setting is out of range: ${problem}.`,
    {
      hint: `Keep between ${RETENTION_LIMITS.minRows.toLocaleString('en-US')} and ${RETENTION_LIMITS.maxRows.toLocaleString('en-US')} rows, for ${RETENTION_LIMITS.minDays} to ${RETENTION_LIMITS.maxDays} days; times are ms since 1970 or Dates.`,
    },
  );
}

function predictionProblem(value: unknown, task: Task, classes: readonly string[]): string | null {
  if (typeof value !== 'object' || value === null) return 'it is not a prediction';
  if (task === 'regression') {
    const number = (value as { value?: unknown }).value;
    return typeof number === 'number' && Number.isFinite(number)
      ? null
      : 'it has no finite `value`, as a regression model gives';
  }
  const { label, probabilities } = value as { label?: unknown; probabilities?: unknown };
  if (typeof label !== 'string' || !classes.includes(label)) {
    return "its `label` is not one of the model's classes";
  }
  if (!Array.isArray(probabilities) || probabilities.length !== classes.length) {
    return `it does not have one probability per class (${classes.length})`;
  }
  return probabilities.every((p) => typeof p === 'number' && p >= 0 && p <= 1)
    ? null
    : 'a probability is not a number from 0 to 1';
}

/** The entry's time, source and rows, checked against the version's task and classes. */
export function checkEntry(
  entry: PredictionLogEntry,
  task: Task,
  classes: readonly string[],
): { time: number; source: PredictionLogEntry['source'] & string; logged: number } {
  const table = entry.table as Partial<PredictionLogEntry['table']> | null | undefined;
  const rows = table?.rowCount;
  if (
    !table ||
    !Array.isArray(table.columns) ||
    typeof rows !== 'number' ||
    !Number.isInteger(rows) ||
    rows < 0
  ) {
    throw invalidEntry('`table` is not a table (a row count and columns), as readCsv gives');
  }
  const given = entry.predictions;
  if (given instanceof ScoredOutputs) {
    if (given.rows !== rows)
      throw invalidEntry(`the outputs are of ${given.rows} rows, not ${rows}`);
    const same =
      given.classes.length === classes.length && given.classes.every((c, i) => c === classes[i]);
    if (given.task !== task || !same)
      throw invalidEntry("the outputs are of another model's task or classes");
  } else if (!Array.isArray(given) || given.length !== rows) {
    throw invalidEntry(`there must be one prediction per table row (${rows})`);
  }
  if (
    typeof entry.latencyMs !== 'number' ||
    !Number.isFinite(entry.latencyMs) ||
    entry.latencyMs < 0
  ) {
    throw invalidEntry('`latencyMs` is not a number of milliseconds');
  }
  const time = entry.time ?? Date.now();
  if (typeof time !== 'number' || !Number.isFinite(time))
    throw invalidEntry('`time` is not ms since 1970');
  const source = entry.source ?? (rows === 1 ? 'single' : 'batch');
  if (!LOG_SOURCES.includes(source))
    throw invalidEntry(`\`source\` is not one of ${LOG_SOURCES.join(', ')}`);
  return { time, source, logged: checkedPredictions(given, rows, task, classes) };
}

/** How many rows have a prediction; refuses one that does not fit the task and classes. */
function checkedPredictions(
  given: PredictionLogEntry['predictions'],
  rows: number,
  task: Task,
  classes: readonly string[],
): number {
  if (given instanceof ScoredOutputs) return given.scored.reduce((sum, s) => sum + s, 0);
  let logged = 0;
  for (let row = 0; row < rows; row++) {
    const prediction: unknown = given[row];
    if (prediction === null) continue;
    const problem = predictionProblem(prediction, task, classes);
    if (problem) throw invalidEntry(`the prediction of row ${row + 1}: ${problem}`);
    logged++;
  }
  return logged;
}

/** A retention setting in range. */
export function checkRetention(value: Partial<LogRetention>, current: LogRetention): LogRetention {
  const retention = { ...current, ...value };
  const { minRows, maxRows, minDays, maxDays } = RETENTION_LIMITS;
  const rows = retention.maxRows;
  if (!Number.isInteger(rows) || rows < minRows || rows > maxRows) {
    throw invalidOptions(`maxRows ${String(rows)}`);
  }
  const days = retention.maxAgeDays;
  if (typeof days !== 'number' || !Number.isFinite(days) || days < minDays || days > maxDays) {
    throw invalidOptions(`maxAgeDays ${String(days)}`);
  }
  return { maxRows: rows, maxAgeDays: days };
}

function timeOf(value: number | Date | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const time = value instanceof Date ? value.getTime() : value;
  if (typeof time !== 'number' || Number.isNaN(time))
    throw invalidOptions(`\`${name}\` is not a time`);
  return time;
}

/** A query's time range (inclusive) and row limit, checked. */
export function checkQuery(query: PredictionLogQuery): {
  from: number;
  to: number;
  lastRows: number;
} {
  const from = timeOf(query.from, 'from', -Infinity);
  const to = timeOf(query.to, 'to', Infinity);
  if (from > to) throw invalidOptions('`from` is after `to`');
  const lastRows = query.lastRows ?? Infinity;
  if (typeof lastRows !== 'number' || Number.isNaN(lastRows) || lastRows < 1) {
    throw invalidOptions('`lastRows` is not a positive number of rows');
  }
  return { from, to, lastRows };
}
