/** pruneModel's options checked, and the models it refuses, each with its own error code. */
import { WorkbenchError } from '../errors';
import { modelPrecision } from '../model/weight-dtypes';
import type { TrainedModel } from '../train/types';
import type { PruneOptions, PruningScope } from './types';

/** The most sparsity asked for: past it a kernel keeps too few weights to fine-tune. */
export const MAX_SPARSITY = 0.99;
export const DEFAULT_EPOCHS = 30;
const MAX_EPOCHS = 1000;
/**
 * Fine-tuning starts from trained weights: a tenth of the training rate (as Han et al., 2015,
 * retrain pruned networks) lets the kept weights make up for the pruned ones without Adam's
 * first, rate-sized steps throwing the model off its optimum.
 */
const FINE_TUNE_RATE_SHARE = 0.1;
const SCOPES: readonly PruningScope[] = ['layer', 'global'];

/** An `invalid_prune_options` error naming the setting at fault. */
export function badPruneOption(problem: string, details: Record<string, unknown>): WorkbenchError {
  return new WorkbenchError('invalid_prune_options', `Cannot prune: ${problem}.`, {
    hint: `Use a sparsity from 0 to ${MAX_SPARSITY}, scope layer or global, 1 to ${MAX_EPOCHS} epochs, and a schedule whose steps fit the fine-tuning.`,
    details,
  });
}

/** Quantized weights cannot be fine-tuned; their float32 parent can. */
export function refuseQuantized(model: TrainedModel): void {
  const precision = modelPrecision(model);
  if ('quantization' in model || precision !== 'float32') {
    throw new WorkbenchError(
      'prune_needs_float',
      `This model's weights are ${precision}; pruning fine-tunes float32 weights.`,
      {
        hint: 'Prune the float32 version, then quantize the pruned one.',
        details: { precision },
      },
    );
  }
}

/** The options with their defaults, checked; the schedule is checked once steps are known. */
export function checkPruneOptions(model: TrainedModel, options: PruneOptions) {
  const { sparsity } = options;
  if (!(typeof sparsity === 'number' && sparsity >= 0 && sparsity <= MAX_SPARSITY)) {
    throw badPruneOption(`sparsity ${String(sparsity)} is not between 0 and ${MAX_SPARSITY}`, {
      sparsity,
    });
  }
  const scope = options.scope ?? 'layer';
  if (!SCOPES.includes(scope)) {
    throw badPruneOption(`"${String(scope)}" is not a scope (layer or global)`, { scope });
  }
  const epochs = options.epochs ?? DEFAULT_EPOCHS;
  if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= MAX_EPOCHS)) {
    throw badPruneOption(`${epochs} epochs is not a whole number from 1 to ${MAX_EPOCHS}`, {
      epochs,
    });
  }
  const learningRate = options.learningRate ?? model.spec.learningRate * FINE_TUNE_RATE_SHARE;
  if (!(Number.isFinite(learningRate) && learningRate > 0 && learningRate <= 1e4)) {
    throw badPruneOption(`learning rate ${learningRate} is not above 0 and at most 10000`, {
      learningRate,
    });
  }
  const seed = options.seed ?? model.spec.seed;
  if (!Number.isFinite(seed)) {
    throw badPruneOption(`seed ${seed} is not a number`, { seed });
  }
  return { sparsity, scope, epochs, learningRate, seed };
}
