/**
 * Batch scoring: every row of a table through a model, in batches, with progress and Cancel.
 * The table's columns are checked against the model before anything is scored (a missing or
 * mistyped column is refused for the whole table); a row that cannot be scored (an infinite
 * value, an output that is not finite) is listed with its reason and the others are scored.
 */
import type { Column, Table } from '../data/table';
import { WorkbenchError, type ErrorCode } from '../errors';
import { validateModel } from '../model/formats';
import { checkedTable } from '../train/predict-inputs';
import { checkScoringColumns } from './check-columns';
import type { Prediction, TrainedModel } from '../train/types';
import { isRawOutputs, ScoredOutputs, type RawOutputs } from './scored-outputs';

/** A row that could not be scored: its row in the file (1-based, as readCsv counts) and why. */
export interface ScoreFailure {
  row: number;
  code: ErrorCode;
  message: string;
}

export interface ScoreResult {
  /**
   * One per table row, in order; null where the row could not be scored. Built from `outputs`
   * when first read (the scored CSV and the log read `outputs` and never need them).
   */
  readonly predictions: (Prediction | null)[];
  failures: ScoreFailure[];
  /** Rows scored. */
  scored: number;
  /** Every row's outputs, columnar. */
  outputs: ScoredOutputs;
}

export interface ScoreOptions {
  /** Rows scored so far, of how many: after every batch. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Rows per batch (default 8,192). */
  batchRows?: number;
  /**
   * What scores a batch: tf.js on the active backend in `scoreTable` (its outputs, before any
   * prediction object is made), or any function that gives predictions.
   */
  predictor: (model: TrainedModel, table: Table) => Promise<Prediction[] | RawOutputs>;
}

/** Errors that belong to one row: the batch is rescored row by row to find it. */
const ROW_ERRORS = new Set<string>(['non_finite_input', 'prediction_not_finite']);

const DEFAULT_BATCH = 8192;

function cancelled(): WorkbenchError {
  return new WorkbenchError('aborted', 'Scoring was cancelled.', {
    hint: 'Nothing was kept; score the file again when you are ready.',
  });
}

/** Scores the rows of one batch one at a time, so that only the bad ones fail. */
async function scoreRowByRow(
  model: TrainedModel,
  table: Table,
  start: number,
  end: number,
  options: ScoreOptions,
  result: ScoreResult,
): Promise<void> {
  for (let row = start; row < end; row++) {
    if (options.signal?.aborted) throw cancelled();
    try {
      keep(result.outputs, row, await options.predictor(model, rowRange(table, row, row + 1)));
      result.scored++;
    } catch (error) {
      if (!(error instanceof WorkbenchError) || !ROW_ERRORS.has(error.code)) throw error;
      result.failures.push({ row: row + 1, code: error.code, message: rowMessage(error, row) });
    }
  }
}

/** Stores what the predictor gave for the rows from `start` on. */
function keep(outputs: ScoredOutputs, start: number, given: Prediction[] | RawOutputs): number {
  if (isRawOutputs(given)) {
    outputs.setOutputs(start, given);
    return given.values.length / given.width;
  }
  outputs.setPredictions(start, given);
  return given.length;
}

/**
 * Rows [start, end) of a table as views of its arrays: a batch costs no copy, and the predictor
 * checks it as any table.
 */
export function rowRange(table: Table, start: number, end: number): Table {
  const columns = table.columns.map((column): Column => {
    // `missing` counts these rows' missing cells, not the whole table's.
    let missing = 0;
    if (column.storage === 'number') {
      const values = column.values.subarray(start, end);
      for (const value of values) if (value !== value) missing++;
      return { ...column, values, missing };
    }
    const codes = column.codes.subarray(start, end);
    for (const code of codes) if (code < 0) missing++;
    return { ...column, codes, missing };
  });
  return { rowCount: end - start, columns, issues: [] };
}

/** The result, with `predictions` built from the outputs on first read only. */
function resultOf(outputs: ScoredOutputs): ScoreResult {
  let predictions: (Prediction | null)[] | null = null;
  return {
    failures: [],
    scored: 0,
    outputs,
    get predictions() {
      predictions ??= outputs.predictions();
      return predictions;
    },
  };
}

/** The error's message with the row counted in the whole file, not in the one-row table. */
function rowMessage(error: WorkbenchError, row: number): string {
  return error.message.replace(/^Row \d+/, `Row ${row + 1}`);
}

/**
 * Scores every row of `table` with `model`. Resolves to one prediction per row (null for rows
 * listed in `failures`); rejects with the table's problem (`unknown_column`,
 * `target_not_usable`) before scoring anything, or `aborted` when `signal` fires.
 */
export async function scoreTableWith(
  model: TrainedModel,
  table: Table,
  options: ScoreOptions,
): Promise<ScoreResult> {
  validateModel(model);
  checkedTable(table, model);
  checkScoringColumns(model, table);
  const total = table.rowCount;
  const batch = Math.max(1, options.batchRows ?? DEFAULT_BATCH);
  const result = resultOf(new ScoredOutputs(total, model));
  options.onProgress?.(0, total);
  for (let start = 0; start < total; start += batch) {
    if (options.signal?.aborted) throw cancelled();
    const end = Math.min(total, start + batch);
    try {
      result.scored += keep(
        result.outputs,
        start,
        await options.predictor(model, rowRange(table, start, end)),
      );
    } catch (error) {
      if (!(error instanceof WorkbenchError) || !ROW_ERRORS.has(error.code)) throw error;
      await scoreRowByRow(model, table, start, end, options, result);
    }
    options.onProgress?.(end, total);
  }
  return result;
}
