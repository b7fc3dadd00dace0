/**
 * TF.js files (model.json, the weight files its manifest names, and preprocess.json) as a
 * workbench model, read without tfjs: both JSON files parsed strictly and schema-checked, the
 * topology held to the dense layers the workbench runs, the weights to the manifest's sizes,
 * and the assembled model to `validateModel`. The files carry no scores, so the model has none.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import type { Table } from '../data/table';
import type { Preprocessing } from '../features/types';
import { formatBytes } from '../format';
import { validateModel } from '../model/formats';
import { weightBytes } from '../model/weight-dtypes';
import { MAX_JSON_ENTRY_BYTES } from '../registry/backup-format';
import { firstIssue } from '../registry/record-schemas';
import { resolveSpec } from '../train/resolve-spec';
import type { Architecture, ResolvedSpec, TrainedModel, WeightTensor } from '../train/types';
import { BUNDLE_FILES } from './bundle-format';
import { corrupt, foreign, modelFileReads, tooLarge } from './import-errors';
import {
  modelJsonSchema,
  PREPROCESS_TAG,
  preprocessSchema,
  type ModelJson,
  type PreprocessFile,
} from './import-schemas';
import { readTopology, type DenseLayer } from './import-topology';
import { readWeights } from './import-weights';

const MODEL_JSON = BUNDLE_FILES.tfjsModel;
const PREPROCESS_JSON = BUNDLE_FILES.preprocess;

/** A JSON file's bytes, refused when missing or over the JSON cap (before anything is parsed). */
function jsonBytes(files: Record<string, Uint8Array>, name: string): Uint8Array {
  const bytes = Object.hasOwn(files, name) ? files[name] : undefined;
  if (!bytes) {
    throw foreign(
      name === PREPROCESS_JSON
        ? 'preprocess.json is missing (it says how a row becomes the network input)'
        : `${name} is missing`,
    );
  }
  if (bytes.byteLength > MAX_JSON_ENTRY_BYTES) {
    throw tooLarge(
      `${name} is ${formatBytes(bytes.byteLength)} (the limit is ${formatBytes(MAX_JSON_ENTRY_BYTES)})`,
    );
  }
  return bytes;
}

const formatOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;

function describeFormat(format: unknown): string {
  return typeof format === 'string' ? `"${format.slice(0, 60)}"` : 'missing';
}

function parseModelJson(raw: unknown): ModelJson {
  const format = formatOf(raw);
  if (format !== 'layers-model') {
    throw foreign(
      format === 'graph-model'
        ? 'model.json is a TF.js graph model (the workbench imports layers models)'
        : `model.json is not a TF.js layers model (its format is ${describeFormat(format)})`,
    );
  }
  const result = v.safeParse(modelJsonSchema, raw);
  if (!result.success) throw corrupt(`model.json is malformed (${firstIssue(result.issues)})`);
  return result.output;
}

function parsePreprocess(raw: unknown): PreprocessFile {
  const format = formatOf(raw);
  if (format !== PREPROCESS_TAG) {
    throw foreign(
      `preprocess.json is not the workbench's (its format is ${describeFormat(format)}, not "${PREPROCESS_TAG}")`,
    );
  }
  const result = v.safeParse(preprocessSchema, raw);
  if (!result.success) throw corrupt(`preprocess.json is malformed (${firstIssue(result.issues)})`);
  return result.output;
}

/** The weights in the workbench's order and names (`dense_0/kernel`, ...), from model.json's. */
function denseWeights(
  dense: DenseLayer[],
  manifest: ModelJson['weightsManifest'],
  files: Record<string, Uint8Array>,
): WeightTensor[] {
  const stored = readWeights(manifest, files);
  // buildNetwork's names (build-model.ts `weightNames`, which loads tfjs): dense_<k>/kernel...
  const weights = dense.flatMap((layer, k) =>
    (['kernel', 'bias'] as const).map((part) => {
      const name = `${layer.name}/${part}`;
      const weight = stored.get(name);
      if (!weight) throw corrupt(`model.json's manifest has no weight ${name}`);
      stored.delete(name);
      return weight.decode(`dense_${k}/${part}`);
    }),
  );
  const [unused] = stored.keys();
  if (unused !== undefined) throw corrupt(`model.json lists a weight ${unused} that no layer uses`);
  return weights;
}

/** The training spec the model would have had: resolveSpec's defaults, and the topology's layers. */
function specOf(
  preprocess: PreprocessFile,
  architecture: Architecture,
  kind: string,
): ResolvedSpec {
  const { steps } = preprocess.preprocessing as { steps?: unknown };
  if (!Array.isArray(steps)) throw corrupt('preprocess.json has no preprocessing steps');
  // resolveSpec checks feature names against a table; this stand-in has exactly those columns.
  const standIn: Table = {
    rowCount: 1,
    issues: [],
    columns: preprocess.features.map((name) => ({
      name,
      kind: 'numeric' as const,
      missing: 0,
      storage: 'number' as const,
      values: new Float64Array(1),
    })),
  };
  const spec = {
    target: preprocess.target,
    task: preprocess.task,
    model: kind,
    features: preprocess.features,
    hidden: architecture.hidden,
    activation: architecture.activation,
    dropout: architecture.dropout,
    // Fitted with missing indicators when any step has one (the steps are validated later).
    missingIndicators: steps.some(
      (step: unknown) => (step as { indicator?: unknown } | null)?.indicator === true,
    ),
  };
  try {
    return resolveSpec(standIn, spec, 0);
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw error;
    throw corrupt(
      `preprocess.json does not describe a model the workbench trains (${error.message})`,
    );
  }
}

/** model.json, its weight files and preprocess.json as a validated model. */
export function importTfjs(files: Record<string, Uint8Array>): TrainedModel {
  const modelBytes = jsonBytes(files, MODEL_JSON);
  const preprocessBytes = jsonBytes(files, PREPROCESS_JSON);
  const modelJson = parseModelJson(modelFileReads.parseJson(modelBytes, MODEL_JSON));
  const preprocess = parsePreprocess(modelFileReads.parseJson(preprocessBytes, PREPROCESS_JSON));
  const topology = readTopology(modelJson.modelTopology);
  const weights = denseWeights(topology.dense, modelJson.weightsManifest, files);
  const inputWidth = weights[0]?.shape[0] ?? 0;
  if (topology.declaredWidth !== null && topology.declaredWidth !== inputWidth) {
    throw corrupt(
      `model.json's input layer reads ${topology.declaredWidth} inputs but its first kernel has ${inputWidth} rows`,
    );
  }
  const width = preprocess.preprocessing.width;
  if (inputWidth !== width) {
    throw corrupt(
      `preprocess.json makes ${width} inputs, but model.json's network reads ${inputWidth}`,
    );
  }
  const architecture: Architecture = { inputWidth, ...topology.architecture };
  const kind = architecture.hidden.length === 0 ? 'linear' : 'mlp';
  const model: TrainedModel = {
    format: 'tabular-workbench/model@1',
    task: preprocess.task,
    kind,
    target: preprocess.target,
    classes: preprocess.classes,
    preprocessing: preprocess.preprocessing as unknown as Preprocessing,
    targetScale: preprocess.targetScale,
    architecture,
    weights,
    bytes: weights.reduce((sum, weight) => sum + weightBytes(weight), 0),
    spec: specOf(preprocess, architecture, kind),
    metrics: { validation: null, test: { rowCount: 0 }, crossValidation: null },
    history: [],
    bestEpoch: 0,
    backend: 'imported',
    trainedAt: new Date().toISOString(),
    samplesPerSecond: 0,
    datasetSha256: null,
  };
  try {
    validateModel(model);
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw error;
    throw corrupt(`model.json and preprocess.json do not make a valid model (${error.message})`);
  }
  const columns = model.preprocessing.steps.map((step) => step.column);
  if (columns.join('\u0000') !== model.spec.features.join('\u0000')) {
    throw corrupt("preprocess.json's features are not the columns its steps read");
  }
  return model;
}
