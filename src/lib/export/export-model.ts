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
 * rows)`), not raw rows. `format: 'onnx'` writes model.onnx (preprocessing inside the graph)
 * and preprocess.json; `format: 'bundle'` one zip with everything (bundle-format.ts).
 */
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import type { TrainedModel } from '../train/types';
import { toTfjsArtifacts } from './tfjs-artifacts';
import { toOnnx } from './onnx/to-onnx';
import { preprocessJson } from './preprocess-json';
import type { QuantizedModel } from '../quantize/types';
import { WORKBENCH_VERSION } from '../version';
import type { CardOptions, OnnxVerification } from './model-card';
import { writeBundle } from './write-bundle';

export type ExportFormat = 'tfjs' | 'onnx' | 'bundle';

export interface ExportOptions extends CardOptions {
  format: ExportFormat;
  /**
   * Bundle only: checks the bundle's own model.onnx (in an independent runtime) before the
   * card is written, so the ONNX model is built once; its answer goes on the card unless
   * `verification` is given.
   */
  verify?: (onnx: Uint8Array) => Promise<OnnxVerification | null>;
}

/** The file names a TF.js export uses. */
export const TFJS_FILES = {
  model: 'model.json',
  weights: 'group1-shard1of1.bin',
  preprocess: 'preprocess.json',
} as const;

export const ONNX_FILE = 'model.onnx';
/** The bundle's key; the UI names the download (`bundleFileName`). */
export const BUNDLE_FILE = 'model.zip';

export { PREPROCESS_FORMAT, preprocessJson, type PreprocessJson } from './preprocess-json';

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
        hint: 'Export it as ONNX (int8 in QDQ form) or as a bundle; for TF.js, quantize the float32 model to uint8 or float16 instead.',
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

function onnxFiles(model: TrainedModel): Record<string, Uint8Array> {
  const preprocess = preprocessJson(model);
  return {
    [ONNX_FILE]: toOnnx(model, WORKBENCH_VERSION, {
      // The model describes its own inputs: preprocess.json travels inside it too.
      'tabular-workbench.preprocess': JSON.stringify(preprocess),
    }),
    [TFJS_FILES.preprocess]: json(preprocess),
  };
}

async function exportFiles(
  model: TrainedModel,
  options: ExportOptions,
): Promise<Record<string, Uint8Array>> {
  validateModel(model);
  const format = (options as { format?: unknown } | null | undefined)?.format;
  if (format === 'tfjs') return tfjsFiles(model);
  if (format === 'onnx') return onnxFiles(model);
  if (format === 'bundle') {
    const int8 = (model as Partial<QuantizedModel>).quantization?.scheme === 'int8';
    const onnx = onnxFiles(model);
    const files = { ...(int8 ? {} : tfjsFiles(model)), ...onnx };
    const verification =
      options.verification ?? (await options.verify?.(onnx[ONNX_FILE] as Uint8Array)) ?? null;
    return { [BUNDLE_FILE]: await writeBundle(model, files, { ...options, verification }) };
  }
  const named = typeof format === 'string' ? format : String(format);
  throw new WorkbenchError(
    'invalid_export_options',
    `"${named}" is not an export format (tfjs, onnx or bundle).`,
    { hint: 'Use format "tfjs", "onnx" or "bundle".', details: { format: named } },
  );
}

/**
 * The model as files, by bare file name (the UI names the downloads):
 * - `'tfjs'`: model.json, group1-shard1of1.bin and preprocess.json (see the file comment), for
 *   float32, float16 and per-tensor uint8 models; int8 is refused with `export_unsupported`;
 * - `'onnx'`: model.onnx and preprocess.json (onnx/to-onnx.ts), for every scheme;
 * - `'bundle'`: `model.zip`, every format plus the card and predict.mjs (bundle-format.ts).
 * Every refusal is a rejection; the model is read (and checked) before this returns.
 */
export async function exportModel(
  model: TrainedModel,
  options: ExportOptions,
): Promise<Record<string, Uint8Array>> {
  return exportFiles(model, options);
}
