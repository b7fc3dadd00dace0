/**
 * The schema of a `tabular-workbench/model@1` value (what `trainModel` returns), checked with
 * valibot: it needs no `eval`, so it runs under the app's strict CSP. Unknown fields are refused
 * (`strictObject`), so a misspelt field is never silently ignored.
 */
import * as v from 'valibot';
import { MODEL_LIMITS } from './limits';
import { CODE_RANGE } from './weight-dtypes';
import { getModelKind } from '../train/model-kinds/registry';

/** Any registered model kind (`registerModelKind`), so a new kind's models validate too. */
const registeredKind = v.pipe(
  v.string(),
  v.check((kind) => getModelKind(kind) !== undefined, 'is not a registered model kind'),
);

const finite = v.pipe(v.number(), v.finite());
const positive = v.pipe(v.number(), v.finite(), v.gtValue(0));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = v.pipe(v.string(), v.maxLength(10_000));
/** A metric may be NaN or infinite (valibot's number() refuses NaN); JSON backups make it null. */
const score = v.nullable(
  v.custom<number>((value) => typeof value === 'number', 'Expected a number'),
);

const numericStep = v.strictObject({
  column: text,
  kind: v.literal('numeric'),
  fill: finite,
  mean: finite,
  std: positive,
  indicator: v.boolean(),
  /** 'boolean' when the column held true/false values (read back the same way by predict). */
  source: v.optional(v.literal('boolean')),
});

const oneHotStep = v.strictObject({
  column: text,
  kind: v.literal('one-hot'),
  categories: v.pipe(v.array(v.string()), v.maxLength(MODEL_LIMITS.maxInputWidth)),
  fill: v.string(),
  indicator: v.boolean(),
});

const datetimeStep = v.strictObject({
  column: text,
  kind: v.literal('datetime'),
  fill: finite,
  yearMean: finite,
  yearStd: positive,
  hasTime: v.boolean(),
  indicator: v.boolean(),
});

const preprocessing = v.strictObject({
  steps: v.pipe(
    v.array(v.variant('kind', [numericStep, oneHotStep, datetimeStep])),
    v.maxLength(MODEL_LIMITS.maxColumns),
  ),
  width: v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxInputWidth)),
  inputs: v.pipe(v.array(v.string()), v.maxLength(MODEL_LIMITS.maxInputWidth)),
});

const architecture = v.strictObject({
  inputWidth: v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxInputWidth)),
  hidden: v.pipe(
    v.array(v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxUnits))),
    v.maxLength(MODEL_LIMITS.maxLayers),
  ),
  activation: v.picklist(['relu', 'tanh', 'elu']),
  dropout: v.pipe(v.number(), v.minValue(0), v.maxValue(0.9)),
  outputUnits: v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxUnits)),
  outputActivation: v.picklist(['softmax', 'sigmoid', 'linear']),
});

const shape = v.pipe(v.array(v.pipe(count, v.minValue(1))), v.minLength(1), v.maxLength(2));

/** An affine 8-bit tensor: per-tensor numbers or per-channel arrays (matched in the validator). */
function quantizedWeight<Codes extends Uint8Array | Int8Array>(
  dtype: 'uint8' | 'int8',
  Codes: new (length: number) => Codes,
  [low, high]: readonly [number, number],
) {
  return v.strictObject({
    name: text,
    shape,
    dtype: v.literal(dtype),
    values: v.instance(Codes),
    scale: v.union([positive, v.instance(Float32Array)]),
    zeroPoint: v.union([
      v.pipe(v.number(), v.integer(), v.minValue(low), v.maxValue(high)),
      v.instance(Codes),
    ]),
    axis: v.optional(count),
  });
}

/** Stored float32 weights have no `dtype` (they predate dtypes); new ones may say 'float32'. */
const weight = v.variant('dtype', [
  v.strictObject({
    name: text,
    shape,
    dtype: v.optional(v.literal('float32')),
    values: v.instance(Float32Array),
  }),
  v.strictObject({
    name: text,
    shape,
    dtype: v.literal('float16'),
    values: v.instance(Uint16Array),
  }),
  quantizedWeight('uint8', Uint8Array, CODE_RANGE.uint8),
  quantizedWeight('int8', Int8Array, CODE_RANGE.int8),
  // An int8 layer's bias: ONNX DequantizeLinear gives int32 no zero point (it is 0).
  v.strictObject({
    name: text,
    shape,
    dtype: v.literal('int32'),
    values: v.instance(Int32Array),
    // Stored (a number or one per channel), or derived from the layer (matched in the
    // validators): exactly one of `scale` and `scaleFrom`.
    scale: v.optional(v.union([positive, v.instance(Float32Array)])),
    zeroPoint: v.literal(0),
    axis: v.optional(count),
    scaleFrom: v.optional(v.strictObject({ input: text, kernel: text })),
  }),
]);

const split = v.strictObject({
  method: v.picklist(['stratified', 'random']),
  seed: finite,
  fractions: v.strictObject({
    validation: v.pipe(v.number(), v.minValue(0), v.ltValue(1)),
    test: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
  }),
  rowCount: count,
  counts: v.strictObject({ train: count, validation: count, test: count }),
  fingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

const spec = v.strictObject({
  target: text,
  features: v.pipe(v.array(text), v.maxLength(MODEL_LIMITS.maxColumns)),
  model: registeredKind,
  seed: finite,
  epochs: count,
  batchSize: count,
  learningRate: finite,
  hidden: v.array(count),
  activation: v.picklist(['relu', 'tanh', 'elu']),
  dropout: finite,
  l2: finite,
  patience: count,
  imputation: v.picklist(['mean', 'median', 'most_frequent']),
  missingIndicators: v.boolean(),
  classWeights: v.picklist(['none', 'balanced']),
  folds: count,
});

const metrics = v.strictObject({
  rowCount: count,
  mse: v.optional(score),
  rmse: v.optional(score),
  mae: v.optional(score),
  r2: v.optional(score),
  accuracy: v.optional(score),
  logLoss: v.optional(score),
  macro: v.optional(v.strictObject({ precision: score, recall: score, f1: score })),
  perClass: v.optional(
    v.array(v.strictObject({ precision: score, recall: score, f1: score, support: count })),
  ),
  rocAuc: v.optional(score),
  confusion: v.optional(v.array(v.array(count))),
  calibration: v.optional(
    v.array(v.strictObject({ meanPredicted: score, fractionPositive: score, count })),
  ),
});

const epoch = v.strictObject({
  epoch: count,
  epochs: count,
  loss: score,
  valLoss: score,
  metric: score,
  valMetric: score,
  metricName: v.picklist(['accuracy', 'r2']),
  learningRate: score,
  bestEpoch: count,
  samplesPerSecond: score,
  elapsedMs: score,
});

const crossValidation = v.strictObject({
  folds: count,
  metricName: v.picklist(['accuracy', 'r2']),
  scores: v.array(score),
  mean: score,
  std: score,
});

/** What `quantizeModel` did (src/lib/quantize); the layer names are matched in the validator. */
const quantization = v.strictObject({
  scheme: v.picklist(['float16', 'uint8', 'int8']),
  method: v.picklist(['minmax', 'percentile']),
  keptLayers: v.pipe(v.array(text), v.maxLength(MODEL_LIMITS.maxLayers + 1)),
  parentBytes: count,
  keptReasons: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          layer: text,
          reason: v.picklist(['unrepresentable', 'sensitive']),
          loss: v.nullable(v.pipe(v.number(), v.finite())),
        }),
      ),
      v.maxLength(MODEL_LIMITS.maxLayers + 1),
    ),
  ),
  lossLimit: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  kernels: v.picklist(['webgpu', 'cpu']),
  /** int8 only: each quantized layer's input range (matched to the layers in the validator). */
  activations: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          layer: text,
          scale: positive,
          zeroPoint: v.pipe(
            v.number(),
            v.integer(),
            v.minValue(CODE_RANGE.int8[0]),
            v.maxValue(CODE_RANGE.int8[1]),
          ),
        }),
      ),
      v.maxLength(MODEL_LIMITS.maxLayers + 1),
    ),
  ),
});

const fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/** What `pruneModel` did (src/lib/prune); the layers are matched to the model in the validator. */
/** A mask applied to a training column (`maskTable`), as the model records it. */
const columnMask = v.strictObject({
  column: text,
  method: v.picklist(['hash', 'truncate', 'generalize']),
  keep: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64))),
  step: v.optional(positive),
});

const pruning = v.strictObject({
  sparsity: fraction,
  scope: v.picklist(['layer', 'global']),
  schedule: v.strictObject({
    kind: v.literal('polynomial_decay'),
    initialSparsity: fraction,
    finalSparsity: fraction,
    power: positive,
    beginStep: count,
    endStep: count,
    frequency: v.pipe(count, v.minValue(1)),
    stepsPerEpoch: v.pipe(count, v.minValue(1)),
    totalSteps: count,
  }),
  layers: v.pipe(
    v.array(
      v.strictObject({
        layer: text,
        weights: count,
        zeros: count,
        sparsity: fraction,
        sensitivity: score,
      }),
    ),
    v.maxLength(MODEL_LIMITS.maxLayers + 1),
  ),
  achievedSparsity: fraction,
  parentBytes: count,
  compressedBytes: count,
  parentCompressedBytes: count,
  /** The parent's metrics on the rows the pruned model was scored on. */
  parentMetrics: v.strictObject({ validation: v.nullable(metrics), test: metrics }),
  epochs: count,
  learningRate: positive,
  seed: finite,
  evaluatedOn: v.picklist(['table', 'reference']),
});

export const trainedModelSchema = v.strictObject({
  format: v.literal('tabular-workbench/model@1'),
  task: v.picklist(['regression', 'binary', 'multiclass']),
  kind: registeredKind,
  target: text,
  classes: v.pipe(v.array(v.string()), v.maxLength(MODEL_LIMITS.maxUnits)),
  preprocessing,
  targetScale: v.strictObject({ mean: finite, std: positive }),
  architecture,
  weights: v.pipe(v.array(weight), v.maxLength(2 * (MODEL_LIMITS.maxLayers + 1))),
  bytes: count,
  spec,
  metrics: v.strictObject({
    validation: v.nullable(metrics),
    test: metrics,
    crossValidation: v.nullable(crossValidation),
  }),
  history: v.pipe(v.array(epoch), v.maxLength(MODEL_LIMITS.maxEpochs)),
  bestEpoch: count,
  backend: text,
  trainedAt: text,
  samplesPerSecond: score,
  datasetSha256: v.nullable(text),
  split: v.optional(split),
  quantization: v.optional(quantization),
  pruning: v.optional(pruning),
  masking: v.optional(v.pipe(v.array(columnMask), v.maxLength(MODEL_LIMITS.maxColumns))),
});
