/**
 * Magnitude pruning with fine-tuning, as TensorFlow Model Optimization's `prune_low_magnitude`
 * with a `PolynomialDecay` schedule does it: the smallest dense-kernel weights are set to exactly
 * 0, more of them step by step while the rest are fine-tuned, then a few epochs at the final
 * sparsity. The float32 size stays the same; the compressed size is where pruning shows.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import { compressedWeightBytes } from '../model/compressed-size';
import { validateModel } from '../model/formats';
import { modelWeightBytes } from '../model/weight-dtypes';
import { readWeights } from '../train/training-data';
import type { Float32Weight, TrainedModel } from '../train/types';
import { layerSensitivity, scoreNetwork } from './evaluate';
import { fineTune } from './fine-tune';
import { countZeros } from './masks';
import { MaskedNetwork } from './masked-network';
import { checkPruneOptions, refuseQuantized } from './options';
import { pruneRows } from './prune-rows';
import { resolveSchedule } from './schedule';
import type { PrunedLayer, PrunedModel, PruneOptions, PruningInfo } from './types';

export type {
  PrunedLayer,
  PrunedModel,
  PruneData,
  PruneOptions,
  PruningInfo,
  PruningSchedule,
  PruningScheduleOptions,
  PruningScope,
} from './types';

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', 'Pruning was cancelled.');
}

/** Each kernel's zeros as measured on the final weights, with its sensitivity. */
function prunedLayers(weights: readonly Float32Weight[], sensitivity: (number | null)[]) {
  const layers: PrunedLayer[] = [];
  for (let index = 0; index < weights.length; index += 2) {
    const kernel = weights[index] as Float32Weight;
    const zeros = countZeros(kernel.values);
    layers.push({
      layer: `dense_${index / 2}`,
      weights: kernel.values.length,
      zeros,
      sparsity: zeros / kernel.values.length,
      sensitivity: sensitivity[index / 2] ?? null,
    });
  }
  return layers;
}

/**
 * Prunes a float32 model's dense kernels (not biases) to `sparsity` by magnitude, fine-tuning on
 * the train rows of `data` (its training table, or a version's reference data) with the model's
 * own preprocessing, and scores the result and its parent on the same validation and test rows.
 * The parent is left as it was; nothing is saved.
 */
export async function pruneModel(model: TrainedModel, options: PruneOptions): Promise<PrunedModel> {
  validateModel(model);
  refuseQuantized(model);
  const settings = checkPruneOptions(model, options);
  const { signal } = options;
  throwIfAborted(signal);
  // A copy: the caller's model may change while this awaits, and is never changed here.
  const parent = structuredClone(model);
  const parentWeights = parent.weights as Float32Weight[];
  const rows = pruneRows(parent, options.data);
  const schedule = resolveSchedule(options.schedule, {
    sparsity: settings.sparsity,
    epochs: settings.epochs,
    stepsPerEpoch: Math.ceil(rows.train.length / parent.spec.batchSize),
  });
  const net = new MaskedNetwork(parent.architecture, settings.seed);
  try {
    net.setWeights(parentWeights);
    const parentMetrics = await scoreNetwork(net, rows);
    const sensitivity = await layerSensitivity(net, parentWeights, rows, {
      task: parent.task,
      sparsity: settings.sparsity,
      ...(signal ? { signal } : {}),
    });
    throwIfAborted(signal);
    net.setWeights(parentWeights);
    const started = performance.now();
    const fit = await fineTune({
      net,
      rows,
      task: parent.task,
      schedule,
      scope: settings.scope,
      spec: parent.spec,
      epochs: settings.epochs,
      learningRate: settings.learningRate,
      seed: settings.seed,
      ...(signal ? { signal } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    throwIfAborted(signal);
    const seconds = (performance.now() - started) / 1000;
    const weights = await readWeights(net.network, parent.architecture);
    const metrics = await scoreNetwork(net, rows);
    const layers = prunedLayers(weights, sensitivity);
    const kernelWeights = layers.reduce((sum, layer) => sum + layer.weights, 0);
    const pruning: PruningInfo = {
      sparsity: settings.sparsity,
      scope: settings.scope,
      schedule,
      layers,
      achievedSparsity: layers.reduce((sum, layer) => sum + layer.zeros, 0) / kernelWeights,
      parentBytes: parent.bytes,
      compressedBytes: compressedWeightBytes(weights),
      parentCompressedBytes: compressedWeightBytes(parent.weights),
      parentMetrics,
      epochs: fit.history.length,
      learningRate: settings.learningRate,
      seed: settings.seed,
      evaluatedOn: rows.evaluatedOn,
    };
    return {
      ...parent,
      weights,
      bytes: modelWeightBytes(weights),
      // Cross-validation scored the parent's training recipe, not these weights.
      metrics: { ...metrics, crossValidation: null },
      history: fit.history,
      bestEpoch: fit.bestEpoch,
      backend: tf.getBackend(),
      trainedAt: new Date().toISOString(),
      samplesPerSecond: (fit.history.length * rows.train.length) / seconds,
      pruning,
    };
  } finally {
    net.dispose();
  }
}
