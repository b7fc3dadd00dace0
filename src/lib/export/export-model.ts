/**
 * A trained model as downloadable files, keyed by bare file name (the UI names the downloads).
 *
 * `format: 'tfjs'` writes what `model.save()` would write to files, except that quantized
 * weights stay quantized (the converter's weights-manifest format; see `toTfjsArtifacts`):
 *
 * - `model.json`: `{ modelTopology, format, generatedBy, convertedBy, weightsManifest }`, with
 *   one weights group whose `paths` is `['group1-shard1of1.bin']`;
 * - `group1-shard1of1.bin`: the weight bytes, in the manifest's order;
 * - `preprocess.json`: what turns a table row into the network's input (`PreprocessJson`).
 *
 * The network takes the preprocessed feature matrix (`transformRows(preprocessing, table,
 * rows)`), not raw rows. ONNX and the bundle are not written yet.
 */
import { WorkbenchError } from '../errors';
import type { Preprocessing } from '../features/types';
import { validateModel } from '../model/formats';
import type { Task, TrainedModel } from '../train/types';
import { toTfjsArtifacts } from './tfjs-artifacts';

export type ExportFormat = 'tfjs' | 'onnx' | 'bundle';

export interface ExportOptions {
  format: ExportFormat;
}

/** The file names a TF.js export uses. */
export const TFJS_FILES = {
  model: 'model.json',
  weights: 'group1-shard1of1.bin',
  preprocess: 'preprocess.json',
} as const;

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
 */
export interface PreprocessJson {
  format: typeof PREPROCESS_FORMAT;
  task: Task;
  target: string;
  features: string[];
  classes: string[];
  targetScale: { mean: number; std: number };
  preprocessing: Preprocessing;
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
  });
}

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

function tfjsFiles(model: TrainedModel): Record<string, Uint8Array> {
  let artifacts;
  try {
    artifacts = toTfjsArtifacts(model);
  } catch (error) {
    if (!(error instanceof WorkbenchError) || error.code !== 'not_yet_supported') throw error;
    const { scheme, weight, form } = error.details as Record<string, string | undefined>;
    throw new WorkbenchError(
      'export_unsupported',
      `Cannot export this ${scheme ?? 'quantized'} model as TF.js: weight ${weight ?? '?'} is ${form ?? 'in a form'}, which TF.js layers models cannot store.`,
      {
        hint: 'ONNX export arrives next; for TF.js, quantize the float32 model to uint8 or float16 instead.',
        details: { ...error.details, format: 'tfjs' },
        cause: error,
      },
    );
  }
  const { weightData, weightSpecs } = artifacts;
  // toTfjsArtifacts writes one buffer; a list of buffers would be shards, which we never write.
  if (!(weightData instanceof ArrayBuffer) || !weightSpecs) {
    throw new WorkbenchError('internal', 'The TF.js weights were not written as one buffer.');
  }
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [TFJS_FILES.weights], weights: weightSpecs }],
  };
  return {
    [TFJS_FILES.model]: json(modelJson),
    [TFJS_FILES.weights]: new Uint8Array(weightData),
    [TFJS_FILES.preprocess]: json(preprocessJson(model)),
  };
}

function exportFiles(model: TrainedModel, options: ExportOptions): Record<string, Uint8Array> {
  validateModel(model);
  const format = (options as { format?: unknown } | null | undefined)?.format;
  if (format === 'tfjs') return tfjsFiles(model);
  const named = typeof format === 'string' ? format : String(format);
  const known = format === 'onnx' || format === 'bundle';
  throw new WorkbenchError(
    'not_yet_supported',
    known
      ? `Export as ${named} is not written yet.`
      : `"${named}" is not an export format (tfjs, onnx or bundle).`,
    {
      hint: known ? 'Export as TF.js (format "tfjs") for now.' : 'Use format "tfjs".',
      details: { format: named },
    },
  );
}

/**
 * The model as files, by bare file name. `'tfjs'`: model.json, group1-shard1of1.bin and
 * preprocess.json (see the file comment); float32, float16 and per-tensor uint8 models, while
 * int8 (which TF.js layers models cannot store) is refused with `export_unsupported`.
 * `'onnx'` and `'bundle'` are refused with `not_yet_supported`. Every refusal is a rejection;
 * the model is read (and checked) before this returns.
 */
export function exportModel(
  model: TrainedModel,
  options: ExportOptions,
): Promise<Record<string, Uint8Array>> {
  return new Promise((resolve) => resolve(exportFiles(model, options)));
}
