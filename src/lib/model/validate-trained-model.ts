/**
 * Checks a `tabular-workbench/model@1` value completely before anything is built from it: the
 * schema, then what the schema cannot say (widths that add up, weight shapes that match the
 * layers, values that match their shapes and decode to finite numbers, a split that adds up), in an order that never allocates
 * from an unchecked size.
 */
import * as v from 'valibot';
import { datetimeWidth } from '../features/steps/datetime';
import { numericWidth } from '../features/steps/numeric';
import { oneHotWidth } from '../features/steps/one-hot';
import type { FeatureStep } from '../features/types';
import type { SplitDescriptor, TrainedModel } from '../train/types';
import { getModelKind } from '../train/model-kinds/registry';
import { invalidModel } from './invalid-model';
import { MODEL_LIMITS } from './limits';
import { trainedModelSchema } from './trained-model-schema';
import { checkInt8Quantization, checkNoDerivedScales } from './validate-int8';
import { checkPruning } from './validate-pruning';
import { checkWeightValues } from './validate-weights';
import { weightBytes } from './weight-dtypes';

function stepWidth(step: FeatureStep): number {
  if (step.kind === 'numeric') return numericWidth(step);
  if (step.kind === 'datetime') return datetimeWidth(step);
  return oneHotWidth(step);
}

const OUTPUT_ACTIVATION = { regression: 'linear', binary: 'sigmoid', multiclass: 'softmax' };

function checkShapeOfTask(model: TrainedModel): void {
  const { task, classes, architecture } = model;
  const classCount = task === 'regression' ? 0 : task === 'binary' ? 2 : classes.length;
  if (classes.length !== classCount || (task === 'multiclass' && classCount < 3)) {
    throw invalidModel(`a ${task} model cannot have ${classes.length} classes`, 'classes');
  }
  if (architecture.outputActivation !== OUTPUT_ACTIVATION[task]) {
    throw invalidModel(
      `a ${task} model cannot end in ${architecture.outputActivation}`,
      'architecture.outputActivation',
    );
  }
  if (architecture.outputUnits !== Math.max(1, task === 'multiclass' ? classCount : 1)) {
    throw invalidModel(
      `${architecture.outputUnits} outputs do not fit ${classCount} classes`,
      'architecture.outputUnits',
    );
  }
  // A kind without hidden-layer settings (linear) has no hidden layers.
  const kind = getModelKind(model.kind);
  if (kind && !kind.settings.includes('hidden') && architecture.hidden.length > 0) {
    throw invalidModel(`a ${model.kind} model has no hidden layers`, 'architecture.hidden');
  }
}

function checkWidths(model: TrainedModel): void {
  const { preprocessing, architecture } = model;
  const width = preprocessing.steps.reduce((sum, step) => sum + stepWidth(step), 0);
  if (width !== preprocessing.width || preprocessing.inputs.length !== width) {
    throw invalidModel(
      `the steps make ${width} inputs, not ${preprocessing.width}`,
      'preprocessing.width',
    );
  }
  if (architecture.inputWidth !== width) {
    throw invalidModel(
      `the network reads ${architecture.inputWidth} inputs, the preprocessing makes ${width}`,
      'architecture.inputWidth',
    );
  }
}

/** Kernel [in, units] and bias [units] per layer, in order, as `buildNetwork` makes them. */
function expectedShapes(model: TrainedModel): number[][] {
  const { inputWidth, hidden, outputUnits } = model.architecture;
  const shapes: number[][] = [];
  let previous = inputWidth;
  for (const units of [...hidden, outputUnits]) {
    shapes.push([previous, units], [units]);
    previous = units;
  }
  return shapes;
}

function checkWeights(model: TrainedModel): void {
  const shapes = expectedShapes(model);
  const parameters = shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
  if (parameters > MODEL_LIMITS.maxParameters) {
    throw invalidModel(
      `it has ${parameters} parameters (the limit is ${MODEL_LIMITS.maxParameters})`,
      'architecture',
    );
  }
  if (model.weights.length !== shapes.length) {
    throw invalidModel(
      `it has ${model.weights.length} weight tensors, its layers need ${shapes.length}`,
      'weights',
    );
  }
  let bytes = 0;
  for (const [index, tensor] of model.weights.entries()) {
    const path = `weights[${index}]`;
    const shape = shapes[index] ?? [];
    if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
      throw invalidModel(
        `its shape is [${tensor.shape.join(', ')}], the layer needs [${shape.join(', ')}]`,
        path,
      );
    }
    checkWeightValues(
      tensor,
      shape.reduce((a, b) => a * b, 1),
      path,
    );
    bytes += weightBytes(tensor);
  }
  if (model.bytes !== bytes)
    throw invalidModel(`it says ${model.bytes} bytes, its weights take ${bytes}`, 'bytes');
}

export function validateTrainedModel(value: unknown): asserts value is TrainedModel {
  const result = v.safeParse(trainedModelSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    throw invalidModel(issue.message, v.getDotPath(issue) ?? '');
  }
  const model = value as TrainedModel;
  checkShapeOfTask(model);
  checkWidths(model);
  checkWeights(model);
  if (model.split) checkSplit(model.split, model.task);
  if ('quantization' in model) {
    checkKeptLayers(model as TrainedModel & QuantizationField);
    checkInt8Quantization(model as Parameters<typeof checkInt8Quantization>[0]);
  } else {
    checkNoDerivedScales(model);
  }
  checkPruning(model);
}

type QuantizationField = {
  quantization: { keptLayers: string[]; keptReasons?: { layer: string }[] };
};

/** Kept layers are distinct layers of this model, and their weights stayed float32. */
function checkKeptLayers(model: TrainedModel & QuantizationField): void {
  const layers = model.architecture.hidden.length + 1;
  const seen = new Set<string>();
  for (const [index, layer] of model.quantization.keptLayers.entries()) {
    const path = `quantization.keptLayers[${index}]`;
    const number = /^dense_(0|[1-9][0-9]*)$/.exec(layer)?.[1];
    if (number === undefined || Number(number) >= layers || seen.has(layer)) {
      throw invalidModel(`"${layer.slice(0, 40)}" is not a distinct layer of this model`, path);
    }
    seen.add(layer);
    const kernel = model.weights[2 * Number(number)];
    const bias = model.weights[2 * Number(number) + 1];
    if ((kernel?.dtype ?? 'float32') !== 'float32' || (bias?.dtype ?? 'float32') !== 'float32') {
      throw invalidModel(`layer ${layer} is kept, but its weights are not float32`, path);
    }
  }
  const reasons = model.quantization.keptReasons;
  if (reasons && reasons.map((r) => r.layer).join() !== model.quantization.keptLayers.join()) {
    throw invalidModel('the reasons name other layers than those kept', 'quantization.keptReasons');
  }
}

function checkSplit(split: SplitDescriptor, task: TrainedModel['task']): void {
  const method = task === 'regression' ? 'random' : 'stratified';
  if (split.method !== method) {
    throw invalidModel(`a ${task} model is split ${method}, not ${split.method}`, 'split.method');
  }
  const { train, validation, test } = split.counts;
  if (train + validation + test > split.rowCount) {
    throw invalidModel(
      `its parts hold ${train + validation + test} rows of a table of ${split.rowCount}`,
      'split.counts',
    );
  }
}
