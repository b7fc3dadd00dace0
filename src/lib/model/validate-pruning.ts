/**
 * What a pruned model's `pruning` record (src/lib/prune) must say beyond its schema: one entry
 * per dense layer, in order, each counting that layer's kernel. Zeros are not recounted from the
 * weights: a pruned model quantized to uint8 keeps its record, though its zeros became codes.
 */
import type { TrainedModel } from '../train/types';
import { invalidModel } from './invalid-model';

type PruningField = {
  pruning: {
    layers: { layer: string; weights: number; zeros: number }[];
    schedule: { beginStep: number; endStep: number; totalSteps: number };
  };
};

/** Throws `invalid_model` unless the record's layers (when it has one) are its dense kernels. */
export function checkPruning(model: TrainedModel): void {
  const { pruning } = model as TrainedModel & Partial<PruningField>;
  if (!pruning) return;
  const { layers, schedule } = pruning;
  const count = model.architecture.hidden.length + 1;
  if (layers.length !== count) {
    throw invalidModel(
      `it lists ${layers.length} layers, the model has ${count}`,
      'pruning.layers',
    );
  }
  for (const [index, entry] of layers.entries()) {
    const path = `pruning.layers[${index}]`;
    if (entry.layer !== `dense_${index}`) {
      throw invalidModel(`"${entry.layer.slice(0, 40)}" is not layer dense_${index}`, path);
    }
    const kernel = model.weights[2 * index];
    const size = kernel ? kernel.shape.reduce((a, b) => a * b, 1) : 0;
    if (entry.weights !== size || entry.zeros > entry.weights) {
      throw invalidModel(
        `it counts ${entry.zeros} zeros of ${entry.weights} weights, the kernel has ${size}`,
        path,
      );
    }
  }
  if (schedule.beginStep > schedule.endStep || schedule.endStep > schedule.totalSteps) {
    throw invalidModel('its steps are out of order', 'pruning.schedule');
  }
}
