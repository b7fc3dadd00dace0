/**
 * The model bundle: one zip a person downloads to deploy a model anywhere, and imports back.
 *
 * - `bundle.json`: the manifest (format tag, workbench version, time, the model file's paths,
 *   and the size and SHA-256 of every other entry), checked before anything is believed;
 * - `model.onnx`: the ONNX model, preprocessing inside (src/lib/export/onnx/to-onnx.ts);
 * - `model.json` and `group1-shard1of1.bin`: the TF.js layers model (absent for int8, which
 *   TF.js cannot store; the card says so);
 * - `preprocess.json`: how a row becomes the network's input, and the ONNX interface;
 * - `workbench/model.json` and `workbench/weights-<k>.bin`: the workbench's own model file (the
 *   registry's encoding: JSON with `$binary` references into the chunks), for exact re-import;
 * - `card.json` and `MODEL_CARD.md`: what the model is, how it scores, what export did;
 * - `predict.mjs`: scores a CSV with onnxruntime-node (`node predict.mjs in.csv out.csv [--log
 *   log.jsonl]`).
 */
export const BUNDLE_FORMAT = 'tabular-workbench/model-bundle@1';

export const BUNDLE_FILES = {
  manifest: 'bundle.json',
  onnx: 'model.onnx',
  tfjsModel: 'model.json',
  tfjsWeights: 'group1-shard1of1.bin',
  preprocess: 'preprocess.json',
  workbenchModel: 'workbench/model.json',
  card: 'card.json',
  cardMarkdown: 'MODEL_CARD.md',
  predict: 'predict.mjs',
} as const;

/** The k-th binary chunk of the workbench's own model file. */
export function workbenchChunkPath(index: number): string {
  return `workbench/weights-${index}.bin`;
}

export interface BundleFileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  workbenchVersion: string;
  createdAt: string;
  /** The workbench model file: its JSON and its chunks in order. */
  model: { json: string; chunks: string[] };
  /** Every entry but bundle.json itself. */
  files: BundleFileEntry[];
}
