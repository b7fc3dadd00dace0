/**
 * How an imported model file is refused: foreign (not a model the workbench imports), corrupt
 * (damaged or inconsistent), too large, or a layer the workbench cannot run. Each says what is
 * wrong and what to do next; none of them leaves anything behind (import never writes).
 */
import { checkedReads } from '../archive/checked-reads';
import { WorkbenchError } from '../errors';
import { MAX_JSON_ENTRY_BYTES } from '../registry/backup-format';

const WHAT_TO_DROP =
  'Drop a bundle .zip made by the workbench ("Download" on a version), or model.json with its .bin weight files and preprocess.json.';

export const foreign = (reason: string) =>
  new WorkbenchError(
    'model_file_foreign',
    `This is not a model the workbench can import: ${reason}.`,
    { hint: WHAT_TO_DROP },
  );

export const corrupt = (reason: string) =>
  new WorkbenchError('model_file_corrupt', `The model file is damaged: ${reason}.`, {
    hint: 'Nothing was imported. Download or export the model again and import the new files, unchanged.',
  });

export const tooLarge = (reason: string) =>
  new WorkbenchError(
    'model_file_too_large',
    `The model file is larger than the workbench reads: ${reason}.`,
    {
      hint: 'Nothing was imported. Models the workbench exports stay within these limits; this file was altered or made elsewhere.',
    },
  );

const truncated = (reason: string) =>
  corrupt(`it is incomplete (${reason}); the download or copy was cut short`);

const DENSE_NETWORKS =
  'The workbench imports dense networks: InputLayer, Dense (relu, tanh or elu hidden layers; a sigmoid, softmax or linear output; with bias) and Dropout. Train the model in the workbench instead, or export one of that shape.';

/** A kind of model other than a Sequential or a Functional chain of layers. */
export function unsupportedModel(className: string): WorkbenchError {
  return new WorkbenchError(
    'model_layer_unsupported',
    `The model is a TF.js ${className.slice(0, 80)}, which the workbench cannot run (it runs Sequential models and Functional ones whose layers form a chain).`,
    { hint: DENSE_NETWORKS, details: { class: className } },
  );
}

/** A layer (or a layer's setting) the workbench's dense networks do not have. */
export function unsupportedLayer(
  layer: string,
  className: string,
  problem: string,
  details: Record<string, unknown> = {},
): WorkbenchError {
  return new WorkbenchError(
    'model_layer_unsupported',
    `The model's layer "${layer.slice(0, 80)}" (${className.slice(0, 80)}) ${problem}, which the workbench cannot run.`,
    { hint: DENSE_NETWORKS, details: { layer, class: className, ...details } },
  );
}

/**
 * Zips and JSON read with the model file's errors. A bundle's deflated entries (JSON, the card
 * and predict.mjs) may unpack to four times the file plus one JSON entry, as a backup's: the
 * weights and model.onnx are stored as they are.
 */
export const modelFileReads = checkedReads(
  { foreign, corrupt, truncated, tooLarge },
  { maxExpansion: 4, jsonAllowance: MAX_JSON_ENTRY_BYTES },
);
