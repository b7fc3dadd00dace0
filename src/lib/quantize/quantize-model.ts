/**
 * Post-training quantization of a trained model's weights, guarded by accuracy measured on
 * the validation rows of its own training table. Needs no tfjs: every score comes from
 * `predictWithoutTfjs`.
 */
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import { validateTrainedModel } from '../model/validate-trained-model';
import { modelPrecision, modelWeightBytes } from '../model/weight-dtypes';
import type { Metrics } from '../train/metrics';
import { splitFor } from '../train/split-for';
import { encodeTarget, type EncodedTarget } from '../train/target';
import type { TrainedModel, WeightTensor } from '../train/types';
import { activeGpuRunner } from '../kernels/active';
import type { GpuRunner } from '../kernels/gpu-runner';
import { scoreModel, scoredRows, type ScoredRows } from './evaluate';
import { onGpuOrCpu } from './gpu-weights';
import { lossLimit, lossOf, tieBreak } from './guard';
import { getQuantizationScheme } from './scheme-registry';
import './schemes';
import type {
  ReferenceCalibration,
  QuantizationMethod,
  QuantizationSchemeConfig,
  QuantizedModel,
  QuantizeOptions,
} from './types';

const METHODS: readonly QuantizationMethod[] = ['minmax', 'percentile'];

function badOption(problem: string, details: Record<string, unknown>): WorkbenchError {
  return new WorkbenchError('invalid_quantization_options', `Cannot quantize: ${problem}.`, {
    hint: 'Use scheme float16, uint8 or int8, method minmax or percentile, and maxDrop >= 0.',
    details,
  });
}

function checkOptions(options: QuantizeOptions): {
  config: QuantizationSchemeConfig;
  method: QuantizationMethod;
} {
  const config = getQuantizationScheme(options.scheme);
  if (!config)
    throw badOption(`no scheme is named "${String(options.scheme)}"`, {
      scheme: options.scheme,
    });
  const method = options.method ?? 'minmax';
  if (!METHODS.includes(method)) throw badOption(`"${String(method)}" is not a method`, {});
  const { maxDrop } = options;
  if (maxDrop !== undefined && !(Number.isFinite(maxDrop) && maxDrop >= 0)) {
    throw badOption(`maxDrop ${maxDrop} is not a number >= 0`, { maxDrop });
  }
  return { config, method };
}

function refuseQuantized(model: TrainedModel): void {
  const precision = modelPrecision(model);
  if ('quantization' in model || precision !== 'float32') {
    throw new WorkbenchError(
      'already_quantized',
      `This model is already quantized (its weights are ${precision}).`,
      { hint: 'Quantize its float32 parent instead.', details: { precision } },
    );
  }
}

/** The validation and test rows, as tables of their own; refuses a table without them. */
function isReference(value: Table | ReferenceCalibration): value is ReferenceCalibration {
  return 'splits' in value && Array.isArray(value.splits);
}

/**
 * The validation and test rows: from `splitFor` on the training table (another table is refused
 * with dataset_mismatch), or as a reference snapshot's rows say they were split.
 */
function splitOf(model: TrainedModel, calibration: Table | ReferenceCalibration) {
  if (!isReference(calibration)) return splitFor(model, calibration);
  const { table, splits } = calibration;
  if (splits.length !== table.rowCount) {
    throw new WorkbenchError(
      'invalid_quantization_options',
      `The reference data has ${table.rowCount} rows but ${splits.length} split labels.`,
    );
  }
  const rows = (which: string) => splits.flatMap((split, row) => (split === which ? [row] : []));
  return { train: rows('train'), validation: rows('validation'), test: rows('test') };
}

/**
 * Labels as indices into the model's classes: a sample may lack a rare class, so the table's
 * own classes can differ from the model's.
 */
function alignTarget(model: TrainedModel, target: EncodedTarget): EncodedTarget {
  if (model.task === 'regression') return target;
  const index = new Map(model.classes.map((name, i) => [name, i]));
  const labels = Float32Array.from(target.labels, (label) =>
    Number.isNaN(label) ? NaN : (index.get(target.classes[label] ?? '') ?? NaN),
  );
  return { ...target, classes: model.classes, labels };
}

function calibrationRows(model: TrainedModel, calibration: Table | ReferenceCalibration) {
  const split = splitOf(model, calibration);
  const table = isReference(calibration) ? calibration.table : calibration;
  if (split.validation.length === 0 || split.test.length === 0) {
    throw new WorkbenchError(
      'no_calibration_rows',
      `The calibration table gives ${split.validation.length} validation and ${split.test.length} test rows; the accuracy guard needs both.`,
      {
        hint: 'Train the model on a table with more labelled rows, then quantize it.',
        details: { validation: split.validation.length, test: split.test.length },
      },
    );
  }
  const target = alignTarget(model, encodeTarget(table, model.target, model.task));
  return {
    validation: scoredRows(table, target, split.validation),
    test: scoredRows(table, target, split.test),
    // int8 calibrates its activation ranges on the training rows.
    calibration: { table, rows: split.train },
  };
}

/** Every weight in the scheme's form, on the GPU when a runner is given and the scheme can. */
async function quantizeWeights(
  weights: readonly WeightTensor[],
  config: QuantizationSchemeConfig,
  method: QuantizationMethod,
  gpu: GpuRunner | null,
  used: { cpu: boolean },
): Promise<Map<string, WeightTensor>> {
  const quantized = new Map<string, WeightTensor>();
  const hasGpu = config.quantizeWeightGpu !== undefined;
  for (const weight of weights) {
    const cpu = () => config.quantizeWeight(weight, { method });
    const onGpu = (runner: GpuRunner) =>
      config.quantizeWeightGpu?.(runner, weight, { method }) ?? Promise.resolve(cpu());
    const value = hasGpu ? await onGpuOrCpu(gpu, onGpu, cpu, used) : cpu();
    if (!hasGpu) used.cpu = true;
    quantized.set(weight.name, value);
  }
  return quantized;
}

/** `dense_0`, `dense_1`, ...: the layer a weight belongs to, by its stable name. */
const layerOf = (weight: WeightTensor) => weight.name.split('/')[0] ?? weight.name;

/** A scheme's `quantization` record for the chosen layers (int8 predicts by it). */
type Annotate = (model: TrainedModel, layers: ReadonlySet<string>) => TrainedModel;

/** The parent with the named layers' weights replaced by their quantized forms. */
function withLayers(
  parent: TrainedModel,
  quantized: ReadonlyMap<string, WeightTensor>,
  layers: ReadonlySet<string>,
  annotate?: Annotate,
): TrainedModel {
  const weights = parent.weights.map((weight) =>
    layers.has(layerOf(weight)) ? (quantized.get(weight.name) ?? weight) : weight,
  );
  const model = { ...parent, weights, bytes: modelWeightBytes(weights) };
  return annotate ? annotate(model, layers) : model;
}

/** Layers whose quantized weights no model may hold (float16 overflow): kept in float32. */
function unrepresentable(
  parent: TrainedModel,
  quantized: Map<string, WeightTensor>,
  annotate?: Annotate,
): Set<string> {
  const kept = new Set<string>();
  for (const layer of new Set(parent.weights.map(layerOf))) {
    try {
      validateTrainedModel(withLayers(parent, quantized, new Set([layer]), annotate));
    } catch {
      kept.add(layer);
    }
  }
  return kept;
}

interface Guard {
  parent: TrainedModel;
  quantized: Map<string, WeightTensor>;
  rows: ScoredRows;
  baseline: Metrics;
  limit: number;
  annotate?: Annotate;
}

async function lossWith(guard: Guard, layers: ReadonlySet<string>) {
  const metrics = await scoreModel(
    withLayers(guard.parent, guard.quantized, layers, guard.annotate),
    guard.rows,
  );
  const { task } = guard.parent;
  return {
    loss: lossOf(task, guard.baseline, metrics),
    tie: tieBreak(task, guard.baseline, metrics),
  };
}

const withinLimit = (loss: number, limit: number) => loss <= limit;

/**
 * The layers to quantize: all that can be, less the most sensitive until within the limit; with
 * the loss each removed layer caused when it alone was quantized (its reason for staying float).
 */
async function chooseLayers(
  guard: Guard,
  candidates: string[],
): Promise<{ chosen: Set<string>; losses: Map<string, number> }> {
  const chosen = new Set(candidates);
  const losses = new Map<string, number>();
  if (chosen.size > 0 && withinLimit((await lossWith(guard, chosen)).loss, guard.limit)) {
    return { chosen, losses };
  }
  // Sensitivity: the loss when only that layer is quantized; most sensitive first.
  const sensitivity = await Promise.all(
    candidates.map(async (layer) => ({ layer, ...(await lossWith(guard, new Set([layer]))) })),
  );
  sensitivity.sort((a, b) => b.loss - a.loss || b.tie - a.tie || a.layer.localeCompare(b.layer));
  for (const { layer, loss } of sensitivity) {
    chosen.delete(layer);
    losses.set(layer, loss);
    if (chosen.size === 0) break;
    if (withinLimit((await lossWith(guard, chosen)).loss, guard.limit)) return { chosen, losses };
  }
  throw new WorkbenchError(
    'quantization_too_lossy',
    `No layer can be quantized without losing more than ${guard.limit} on the validation rows.`,
    {
      hint: 'Keep this model in float32, or try float16, or allow a larger maxDrop.',
      details: { limit: guard.limit, layers: candidates },
    },
  );
}

/**
 * Quantizes a float32 model's weights (every dense layer's kernel and bias) with a registered
 * scheme, then checks its accuracy on the validation rows of `calibration` (its training
 * table): a loss past the guard's limit sends layers back to float32, most sensitive first.
 * Metrics are measured on the parent's validation and test rows. Nothing is saved.
 */
export async function quantizeModel(
  model: TrainedModel,
  options: QuantizeOptions,
): Promise<QuantizedModel> {
  validateModel(model);
  const { config, method } = checkOptions(options);
  refuseQuantized(model);
  const parent = structuredClone(model);
  const rows = calibrationRows(parent, options.calibration);
  // Our WebGPU kernels when tf.js runs on webgpu and the scheme has them; the same codes.
  const gpu = config.calibrate || config.quantizeWeightGpu ? activeGpuRunner() : null;
  const calibrated = await config.calibrate?.({ model: parent, method, gpu, ...rows.calibration });
  const used = { cpu: calibrated ? !calibrated.onGpu : false };
  const quantized =
    calibrated?.weights ?? (await quantizeWeights(parent.weights, config, method, gpu, used));
  const layers = [...new Set(parent.weights.map(layerOf))];
  const info = (chosen: ReadonlySet<string>): QuantizedModel['quantization'] => ({
    scheme: config.scheme,
    method,
    keptLayers: layers.filter((layer) => !chosen.has(layer)),
    parentBytes: parent.bytes,
    kernels: gpu && !used.cpu ? 'webgpu' : 'cpu',
    ...calibrated?.info(chosen),
  });
  // A calibrated scheme (int8) predicts by its record, so the guard scores it with one.
  const annotate: Annotate | undefined = calibrated
    ? (model, chosen) => ({ ...model, quantization: info(chosen) }) as QuantizedModel
    : undefined;
  const blocked = unrepresentable(parent, quantized, annotate);
  const guard: Guard = {
    annotate,
    parent,
    quantized,
    rows: rows.validation,
    baseline: await scoreModel(parent, rows.validation),
    limit: lossLimit(parent.task, rows.validation.truth.length, options.maxDrop),
  };
  const { chosen, losses } = await chooseLayers(
    guard,
    layers.filter((layer) => !blocked.has(layer)),
  );
  // Why each kept layer stayed float32, for the screen to say.
  const keptReasons = layers
    .filter((layer) => !chosen.has(layer))
    .map((layer) =>
      blocked.has(layer)
        ? { layer, reason: 'unrepresentable' as const, loss: null }
        : { layer, reason: 'sensitive' as const, loss: losses.get(layer) ?? null },
    );
  const child: QuantizedModel = {
    ...withLayers(parent, quantized, chosen),
    quantization: {
      ...info(chosen),
      ...(keptReasons.length > 0 ? { keptReasons, lossLimit: guard.limit } : {}),
    },
  };
  return {
    ...child,
    metrics: {
      validation: await scoreModel(child, rows.validation),
      test: await scoreModel(child, rows.test),
      // Cross-validation scored the float32 training recipe, not these weights.
      crossValidation: null,
    },
  };
}
