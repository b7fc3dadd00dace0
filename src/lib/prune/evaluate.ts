/**
 * Scores for pruning, all by one arithmetic (`evaluateRows` on the tf.js network), so the parent,
 * each layer pruned alone and the fine-tuned model are compared on the same rows.
 */
import type { Metrics } from '../train/metrics';
import { evaluateRows } from '../train/training-data';
import type { Float32Weight, Task } from '../train/types';
import { applyMask, magnitudeMasks } from './masks';
import type { MaskedNetwork } from './masked-network';
import type { PruneRows } from './prune-rows';

/** Validation (null without rows) and test metrics of the network's current weights. */
export async function scoreNetwork(
  net: MaskedNetwork,
  rows: PruneRows,
): Promise<{ validation: Metrics | null; test: Metrics }> {
  return {
    validation:
      rows.validation.length > 0
        ? await evaluateRows(net.network, rows.data, rows.validation)
        : null,
    test: await evaluateRows(net.network, rows.data, rows.test),
  };
}

/** Accuracy, or R^2 for regression: what the screens put first. */
export function mainMetric(task: Task, metrics: Metrics): number | null {
  return (task === 'regression' ? metrics.r2 : metrics.accuracy) ?? null;
}

/**
 * Per dense layer, the validation main metric with only that layer's kernel pruned to
 * `sparsity` by magnitude and nothing fine-tuned: how much each layer minds being pruned.
 */
export async function layerSensitivity(
  net: MaskedNetwork,
  weights: readonly Float32Weight[],
  rows: PruneRows,
  options: { task: Task; sparsity: number; signal?: AbortSignal },
): Promise<(number | null)[]> {
  const layers = weights.length / 2;
  if (rows.validation.length === 0) return Array.from({ length: layers }, () => null);
  const scores: (number | null)[] = [];
  for (let layer = 0; layer < layers && !options.signal?.aborted; layer++) {
    const kernel = weights[2 * layer] as Float32Weight;
    const [mask] = magnitudeMasks([kernel.values], options.sparsity, 'layer');
    net.setWeights(
      weights.map((weight, index) =>
        index === 2 * layer && mask
          ? { ...weight, values: applyMask(weight.values, mask) }
          : weight,
      ),
    );
    const metrics = await evaluateRows(net.network, rows.data, rows.validation);
    scores.push(mainMetric(options.task, metrics));
  }
  return scores;
}
