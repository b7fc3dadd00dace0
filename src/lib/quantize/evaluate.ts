/**
 * Scores a model on given rows of its training table without tfjs, with the metric code
 * training uses (`scorePredictions`), so a quantized model and its parent are compared on the
 * same rows by the same arithmetic.
 */
import type { Table } from '../data/table';
import { takeRows } from '../reference/sample';
import { predictWithoutTfjs } from '../train/forward-pass';
import { scorePredictions, type Metrics } from '../train/metrics';
import type { EncodedTarget } from '../train/target';
import type { Prediction, TrainedModel } from '../train/types';

/** Some rows of the training table as a table of their own, with their truth. */
export interface ScoredRows {
  table: Table;
  truth: Float32Array;
}

export function scoredRows(table: Table, target: EncodedTarget, rows: number[]): ScoredRows {
  return {
    table: takeRows(table, Uint32Array.from(rows)),
    truth: Float32Array.from(rows, (row) => target.labels[row] ?? NaN),
  };
}

/** The outputs `scorePredictions` reads: probabilities, P(class 1) or values, row-major. */
function outputsOf(predictions: Prediction[], model: TrainedModel): Float32Array {
  if (model.task === 'regression') {
    return Float32Array.from(predictions, (p) => ('value' in p ? p.value : NaN));
  }
  if (model.task === 'binary') {
    return Float32Array.from(
      predictions,
      (p) => ('probabilities' in p ? p.probabilities[1] : NaN) ?? NaN,
    );
  }
  return Float32Array.from(
    predictions.flatMap((p) => ('probabilities' in p ? p.probabilities : [])),
  );
}

/** The model's metrics on these rows, as training reports them. */
export async function scoreModel(model: TrainedModel, rows: ScoredRows): Promise<Metrics> {
  const predictions = await predictWithoutTfjs(model, rows.table);
  return scorePredictions({
    task: model.task,
    outputs: outputsOf(predictions, model),
    width: model.task === 'multiclass' ? model.classes.length : 1,
    truth: rows.truth,
    classCount: model.classes.length,
  });
}
