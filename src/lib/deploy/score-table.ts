/**
 * Batch scoring: every row of a table through a model, in batches, with progress and Cancel.
 * The table's columns are checked against the model before anything is scored (a missing or
 * mistyped column is refused for the whole table); a row that cannot be scored (an infinite
 * value, an output that is not finite) is listed with its reason and the others are scored.
 */
import type { Table } from '../data/table';
import { WorkbenchError, type ErrorCode } from '../errors';
import { validateModel } from '../model/formats';
import { takeRows } from '../reference/sample';
import { checkedTable } from '../train/predict-inputs';
import { checkScoringColumns } from './check-columns';
import type { Prediction, TrainedModel } from '../train/types';

/** A row that could not be scored: its row in the file (1-based, as readCsv counts) and why. */
export interface ScoreFailure {
  row: number;
  code: ErrorCode;
  message: string;
}

export interface ScoreResult {
  /** One per table row, in order; null where the row could not be scored. */
  predictions: (Prediction | null)[];
  failures: ScoreFailure[];
  /** Rows scored. */
  scored: number;
}

export interface ScoreOptions {
  /** Rows scored so far, of how many: after every batch. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Rows per batch (default 8,192). */
  batchRows?: number;
  /** What scores a batch: `predict` (tf.js, the active backend) in `scoreTable`. */
  predictor: (model: TrainedModel, table: Table) => Promise<Prediction[]>;
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
  rows: Uint32Array,
  options: ScoreOptions,
  result: ScoreResult,
): Promise<void> {
  for (const row of rows) {
    if (options.signal?.aborted) throw cancelled();
    try {
      const [prediction] = await options.predictor(model, takeRows(table, Uint32Array.of(row)));
      result.predictions[row] = prediction ?? null;
      result.scored++;
    } catch (error) {
      if (!(error instanceof WorkbenchError) || !ROW_ERRORS.has(error.code)) throw error;
      result.failures.push({ row: row + 1, code: error.code, message: rowMessage(error, row) });
    }
  }
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
  const result: ScoreResult = {
    predictions: new Array<Prediction | null>(total).fill(null),
    failures: [],
    scored: 0,
  };
  options.onProgress?.(0, total);
  for (let start = 0; start < total; start += batch) {
    if (options.signal?.aborted) throw cancelled();
    const rows = Uint32Array.from({ length: Math.min(batch, total - start) }, (_, i) => start + i);
    try {
      const predictions = await options.predictor(model, takeRows(table, rows));
      predictions.forEach((prediction, i) => (result.predictions[start + i] = prediction));
      result.scored += predictions.length;
    } catch (error) {
      if (!(error instanceof WorkbenchError) || !ROW_ERRORS.has(error.code)) throw error;
      await scoreRowByRow(model, table, rows, options, result);
    }
    options.onProgress?.(start + rows.length, total);
  }
  return result;
}
