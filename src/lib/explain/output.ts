/**
 * The one number an explanation explains, read from the network's outputs: a regression's value
 * in the target's units, or one class's probability (or its logit, where a linear model is
 * exactly additive).
 */
import type { TrainedModel } from '../train/types';

export type OutputSpace = 'probability' | 'logit';

export interface ExplainedOutput {
  /** The class explained (classification), or null for regression. */
  classIndex: number | null;
  space: OutputSpace;
}

/** Row `row`'s explained number; `outputs` came from `NetworkRunner.run` with `logits` = space. */
export function outputValue(
  model: TrainedModel,
  outputs: Float32Array,
  row: number,
  which: ExplainedOutput,
): number {
  const units = model.architecture.outputUnits;
  if (model.task === 'regression') {
    return (outputs[row] ?? NaN) * model.targetScale.std + model.targetScale.mean;
  }
  const c = which.classIndex ?? 0;
  if (model.task === 'binary') {
    const v = outputs[row] ?? NaN;
    // One output: P(class 1), or its logit; class 0 is 1 - p, or minus the logit.
    if (which.space === 'logit') return c === 1 ? v : -v;
    return c === 1 ? v : 1 - v;
  }
  return outputs[row * units + c] ?? NaN;
}

/** The class a row is predicted as (its probabilities' argmax; above 0.5 for binary). */
export function predictedClass(
  model: TrainedModel,
  probabilities: Float32Array,
  row: number,
): number {
  const units = model.architecture.outputUnits;
  if (model.task === 'binary') return (probabilities[row] ?? 0) > 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < units; k++) {
    if ((probabilities[row * units + k] ?? 0) > (probabilities[row * units + best] ?? 0)) best = k;
  }
  return best;
}
