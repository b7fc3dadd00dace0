/**
 * Schemas of the files `importModel` reads: a bundle's bundle.json, TF.js's model.json (its
 * top level, weights manifest and the layers of its topology) and preprocess.json. valibot
 * needs no `eval`, so they run under the app's CSP. The workbench's own files are strict (an
 * unknown field is refused); the parts of model.json that other tools write too are loose
 * where extra fields cannot change what the network computes (initializers, regularizers).
 */
import * as v from 'valibot';
import { MODEL_LIMITS } from '../model/limits';
import { BUNDLE_FORMAT } from './bundle-format';
import { PREPROCESS_FORMAT } from './preprocess-json';

/** preprocess.json's tag. */
export const PREPROCESS_TAG = PREPROCESS_FORMAT;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const finite = v.pipe(v.number(), v.finite());
const positive = v.pipe(v.number(), v.finite(), v.gtValue(0));
const text = v.pipe(v.string(), v.maxLength(10_000));
/** The most entries a bundle may list: its fixed files and up to 64 weight chunks. */
const MAX_BUNDLE_FILES = 128;
const path = v.pipe(v.string(), v.maxLength(512));

export const bundleManifestSchema = v.strictObject({
  format: v.literal(BUNDLE_FORMAT),
  workbenchVersion: v.pipe(v.string(), v.maxLength(100)),
  createdAt: v.pipe(v.string(), v.maxLength(100)),
  /** Optional: without the workbench's own file, the bundle's TF.js files are read instead. */
  model: v.optional(
    v.strictObject({ json: path, chunks: v.pipe(v.array(path), v.maxLength(MAX_BUNDLE_FILES)) }),
  ),
  files: v.pipe(
    v.array(
      v.strictObject({
        path,
        bytes: count,
        sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
      }),
    ),
    v.maxLength(MAX_BUNDLE_FILES),
  ),
});

/** The quantization the TF.js converter writes into a weights manifest entry. */
const quantization = v.strictObject({
  dtype: v.picklist(['uint8', 'uint16', 'float16']),
  scale: v.optional(positive),
  min: v.optional(finite),
  original_dtype: v.optional(v.literal('float32')),
});

const shape = v.pipe(v.array(v.pipe(count, v.minValue(1))), v.maxLength(4));

export const weightEntrySchema = v.strictObject({
  name: text,
  shape,
  dtype: v.string(),
  quantization: v.optional(quantization),
  group: v.optional(v.string()),
});

/** Bare file names only: no folders, no `..`, nothing a file system would read as a path. */
const bareName = v.pipe(
  v.string(),
  v.maxLength(255),
  // eslint-disable-next-line no-control-regex
  v.regex(/^(?!\.\.?$)[^/\\:\u0000-\u001f\u007f]+$/, 'is not a bare file name'),
);

const weightsGroup = v.strictObject({
  paths: v.pipe(v.array(bareName), v.minLength(1), v.maxLength(1_000)),
  weights: v.pipe(v.array(weightEntrySchema), v.maxLength(1_000)),
});

/** model.json of a TF.js layers model (what `model.save` and the converter write). */
export const modelJsonSchema = v.strictObject({
  format: v.literal('layers-model'),
  modelTopology: v.looseObject({ class_name: v.string(), config: v.unknown() }),
  weightsManifest: v.pipe(v.array(weightsGroup), v.minLength(1), v.maxLength(1_000)),
  generatedBy: v.optional(v.nullable(v.string())),
  convertedBy: v.optional(v.nullable(v.string())),
  trainingConfig: v.optional(v.unknown()),
  signature: v.optional(v.unknown()),
  userDefinedMetadata: v.optional(v.unknown()),
  modelInitializer: v.optional(v.unknown()),
  initializerSignature: v.optional(v.unknown()),
});

/** One layer as a Sequential lists it; a Functional model adds its name and inbound nodes. */
export const layerSchema = v.looseObject({
  class_name: v.string(),
  config: v.looseObject({ name: v.optional(v.string()) }),
  name: v.optional(v.string()),
  inbound_nodes: v.optional(v.unknown()),
});

const layers = v.pipe(v.array(v.unknown()), v.maxLength(1_000));

/** A Sequential's config: its layers (Keras 2.1 wrote the list alone). */
export const sequentialConfigSchema = v.union([
  layers,
  v.looseObject({ name: v.optional(v.string()), layers }),
]);

/** `[layer name, node index, tensor index]` as a Functional model names an input or output. */
const endpoint = v.strictTuple([v.string(), v.literal(0), v.literal(0)]);

export const functionalConfigSchema = v.looseObject({
  name: v.optional(v.string()),
  layers,
  input_layers: v.strictTuple([endpoint]),
  output_layers: v.strictTuple([endpoint]),
});

/** A layer's inbound nodes in a straight chain: one call on one tensor of the previous layer. */
export const chainLinkSchema = v.strictTuple([
  v.strictTuple([v.strictTuple([v.string(), v.literal(0), v.literal(0), v.optional(v.unknown())])]),
]);

const batchShape = v.strictTuple([v.null(), v.pipe(count, v.minValue(1))]);

export const inputLayerConfigSchema = v.looseObject({
  batch_input_shape: v.optional(batchShape),
  batch_shape: v.optional(batchShape),
  dtype: v.optional(v.literal('float32')),
  sparse: v.optional(v.literal(false)),
  ragged: v.optional(v.literal(false)),
});

/** Dense's settings that change what it computes; activation and bias are checked apart. */
export const denseConfigSchema = v.looseObject({
  units: v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxUnits)),
  activation: v.optional(v.unknown()),
  use_bias: v.optional(v.unknown()),
  batch_input_shape: v.optional(batchShape),
  dtype: v.optional(v.literal('float32')),
});

export const dropoutConfigSchema = v.looseObject({
  rate: v.pipe(v.number(), v.minValue(0), v.ltValue(1)),
});

/** preprocess.json: `preprocessing` is checked in full by `validateModel` once it is a model. */
export const preprocessSchema = v.strictObject({
  format: v.literal(PREPROCESS_TAG),
  task: v.picklist(['regression', 'binary', 'multiclass']),
  target: text,
  features: v.pipe(v.array(text), v.maxLength(MODEL_LIMITS.maxColumns)),
  classes: v.pipe(v.array(v.string()), v.maxLength(MODEL_LIMITS.maxUnits)),
  targetScale: v.strictObject({ mean: finite, std: positive }),
  preprocessing: v.looseObject({
    width: v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxInputWidth)),
  }),
  onnx: v.optional(
    v.strictObject({
      ir: count,
      opset: count,
      inputs: v.array(v.strictObject({ name: text, columns: v.array(text) })),
      outputs: v.array(text),
    }),
  ),
});

export type WeightEntry = v.InferOutput<typeof weightEntrySchema>;
export type ModelJson = v.InferOutput<typeof modelJsonSchema>;
export type PreprocessFile = v.InferOutput<typeof preprocessSchema>;
