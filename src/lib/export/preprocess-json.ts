/**
 * preprocess.json: what turns a table row into a model's inputs, written beside every export.
 * No tfjs here, so the page can recognise the file (classify-files.ts) without loading tfjs.
 */
import type { Preprocessing } from '../features/types';
import type { Task, TrainedModel } from '../train/types';
import { onnxInterface, type OnnxInterface } from './onnx/to-onnx';

export const PREPROCESS_FORMAT = 'tabular-workbench/preprocess@1';

/**
 * preprocess.json, version 1: the model's own fields, copied as stored (no new design).
 *
 * - `preprocessing`: `TrainedModel.preprocessing` as is. `steps` run in order, one per feature
 *   column, each writing its inputs side by side: `numeric` fills a missing cell with `fill`,
 *   then writes `(x - mean) / std` (plus a 0/1 missing indicator when `indicator`); `one-hot`
 *   writes one slot per `categories` entry plus one for rare or unseen values (missing takes
 *   `fill`); `datetime` writes the standardised year and the sin/cos of its cyclic parts.
 *   `width` is the network's input width and `inputs` names each input.
 *   `transformRows(preprocessing, table, rows)` applies it exactly.
 * - `classes`: the class labels in the order of the network's outputs (a binary model has one
 *   sigmoid output, the probability of `classes[1]`); empty for regression.
 * - `targetScale`: regression outputs are `(y - mean) / std`; `{ mean: 0, std: 1 }` for classes.
 * - `task`, `target`, `features` (the feature columns, as trained).
 * - `onnx`: model.onnx's inputs and outputs. `features` [N, F] takes the feature columns in
 *   order: numbers as read (NaN when missing), categories as their index in the step's
 *   `categories` (-1 when missing, `categories.length` when not listed), date columns ignored;
 *   `dates` [N, 5 x D] (only with date columns) takes each date's UTC parts (`DATE_PARTS`).
 */
export interface PreprocessJson {
  format: typeof PREPROCESS_FORMAT;
  task: Task;
  target: string;
  features: string[];
  classes: string[];
  targetScale: { mean: number; std: number };
  preprocessing: Preprocessing;
  /** How to call model.onnx: its inputs (with their columns) and outputs (see to-onnx.ts). */
  onnx: OnnxInterface;
}

/** The preprocess.json value for a model (a copy: later changes to the model do not reach it). */
export function preprocessJson(model: TrainedModel): PreprocessJson {
  return structuredClone({
    format: PREPROCESS_FORMAT,
    task: model.task,
    target: model.target,
    features: model.spec.features,
    classes: model.classes,
    targetScale: model.targetScale,
    preprocessing: model.preprocessing,
    onnx: onnxInterface(model),
  });
}
