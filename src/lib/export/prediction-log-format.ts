/**
 * The prediction log that a bundle's predict.mjs writes with `--log <file>`, for the workbench
 * to import (monitoring: drift of the inputs, the predictions over time).
 *
 * JSON Lines (UTF-8, one JSON value per line, `\n` after each). Each run of predict.mjs appends
 * one header line and then one line per scored batch, so a file may hold several runs, each
 * starting at its header; a reader takes every batch to belong to the header above it.
 *
 * ```
 * {"format":"tabular-workbench/prediction-log@1","createdAt":"2025-01-31T09:00:00.000Z",...}
 * {"time":"2025-01-31T09:00:00.120Z","latencyMs":3.2,"rows":4096,"firstRow":1,"inputs":{...},...}
 * {"time":"2025-01-31T09:00:00.190Z","latencyMs":2.9,"rows":904,"firstRow":4097,...}
 * ```
 *
 * Batches are columnar (a list per feature), as the workbench stores logs as columnar chunks:
 * `inputs[feature][i]`, `predictions[i]` and `probabilities[i]` are row i of the batch, which is
 * data row `firstRow + i` of the scored file (1-based, the header not counted, blank lines
 * skipped). Every list of a batch has `rows` entries.
 *
 * Inputs are the cells' text as predict.mjs read them, not yet parsed, so that the importer
 * reads them with its own rules: a category's text as it was looked up (an unquoted cell
 * trimmed, a quoted one as is); a number's, boolean's or date's cell as it was in the file.
 * `null` is a missing cell (absent from a short row, empty, or a missing marker such as NA);
 * every string is a value, so an importer must not apply missing markers again. A cell that
 * is not missing but could not be read (text in a number column) stays a string, and the model
 * saw it as missing.
 */
import type { Task } from '../train/types';

export const PREDICTION_LOG_FORMAT = 'tabular-workbench/prediction-log@1';

/** The first line of each run. */
export interface PredictionLogHeader {
  format: typeof PREDICTION_LOG_FORMAT;
  /** When the run started, ISO 8601 in UTC. */
  createdAt: string;
  /** The model's target column and task, as in preprocess.json. */
  target: string;
  task: Task;
  /** The feature columns, in preprocess.json's order: the keys of every batch's `inputs`. */
  features: string[];
  /** Class labels in the order of `probabilities`; empty for regression. */
  classes: string[];
  /** Hex SHA-256 of the model.onnx that scored the rows (the bundle manifest lists the same). */
  model: { sha256: string };
  /** The scored file's name, without its folder. */
  input?: { file: string };
  /**
   * The decimal separator of the scored file's numbers: ',' in a decimal-comma file (3,25), so
   * that an importer reads the logged cell texts as predict.mjs did; '.' when absent.
   */
  decimal?: ',' | '.';
}

/** One scored batch of rows. */
export interface PredictionLogBatch {
  /** When the batch was scored, ISO 8601 in UTC. */
  time: string;
  /** Milliseconds the ONNX runtime took for this batch (`session.run`), parsing excluded. */
  latencyMs: number;
  rows: number;
  /** Data row number (1-based) of the batch's first row in the scored file. */
  firstRow: number;
  /** Per feature, the cell texts of the batch's rows; null where missing. */
  inputs: Record<string, (string | null)[]>;
  /**
   * Per row: the predicted label (classification) or value (regression; null when the model's
   * output is not a finite number, which JSON cannot hold).
   */
  predictions: (string | number | null)[];
  /** Classification only: per row, the probabilities in the header's `classes` order. */
  probabilities?: number[][];
}

export type PredictionLogLine = PredictionLogHeader | PredictionLogBatch;
