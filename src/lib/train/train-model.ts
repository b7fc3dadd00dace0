import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import type { Table } from '../data/table';
import { fitPreprocessing } from '../features/preprocess';
import { modelWeightBytes } from '../model/weight-dtypes';
import { architectureFor, buildNetwork } from './build-model';
import { fitLoop, type FitResult } from './fit-loop';
import { evaluateRows, makeBatchSource, readWeights, type TrainingData } from './training-data';
import { resolveSpec } from './resolve-spec';
import { kFolds, splitLabelledRows, type SplitPlan } from './split';
import { tableFingerprint } from './table-fingerprint';
import { encodeTarget, type EncodedTarget } from './target';
import type {
  CrossValidation,
  ResolvedSpec,
  SplitDescriptor,
  TrainedModel,
  TrainOptions,
  TrainSpec,
} from './types';

/** Share of the labelled rows held out for the test score. */
export const TEST_FRACTION = 0.2;
/** Share of the remaining rows used for validation (loss curve, early stopping). */
export const VALIDATION_FRACTION = 0.1;

/** Trains a model on a table: split, preprocess (fitted on train only), fit, score. */
export async function trainModel(
  table: Table,
  spec: TrainSpec,
  options: TrainOptions = {},
): Promise<TrainedModel> {
  throwIfAborted(options.signal);
  const target = encodeTarget(table, spec.target, spec.task);
  const plan: SplitPlan = {
    method: target.task === 'regression' ? 'random' : 'stratified',
    seed: spec.seed ?? 42,
    fractions: { validation: VALIDATION_FRACTION, test: TEST_FRACTION },
  };
  const {
    train: trainRows,
    validation: validationRows,
    test: testRows,
  } = splitLabelledRows(target.labels, plan);
  const split: SplitDescriptor = {
    ...plan,
    rowCount: table.rowCount,
    counts: { train: trainRows.length, validation: validationRows.length, test: testRows.length },
    fingerprint: tableFingerprint(table),
  };
  const resolved = resolveSpec(table, spec, trainRows.length);
  const started = performance.now();

  const crossValidation =
    resolved.folds >= 2
      ? await crossValidate(table, target, resolved, [...trainRows, ...validationRows], options)
      : null;
  const run = await trainOnce(table, target, resolved, trainRows, validationRows, options);
  try {
    throwIfAborted(options.signal);
    const weights = await readWeights(run.network, run.architecture);
    const seconds = (performance.now() - started) / 1000;
    const trainedSamples = run.fit.history.length * trainRows.length;
    return {
      format: 'tabular-workbench/model@1',
      task: target.task,
      kind: resolved.model,
      target: spec.target,
      classes: target.classes,
      preprocessing: run.data.preprocessing,
      targetScale: run.data.targetScale,
      architecture: run.architecture,
      weights,
      bytes: modelWeightBytes(weights),
      spec: resolved,
      metrics: {
        validation:
          validationRows.length > 0
            ? await evaluateRows(run.network, run.data, validationRows)
            : null,
        test: await evaluateRows(run.network, run.data, testRows),
        crossValidation,
      },
      history: run.fit.history,
      bestEpoch: run.fit.bestEpoch,
      backend: tf.getBackend(),
      trainedAt: new Date().toISOString(),
      samplesPerSecond: trainedSamples / seconds,
      datasetSha256: table.source?.sha256 ?? null,
      split,
      // Masks applied to the training table: scoring applies them to new data, the card lists them.
      ...(table.masks?.length ? { masking: structuredClone(table.masks) } : {}),
    };
  } finally {
    run.dispose();
  }
}

interface Run {
  network: tf.LayersModel;
  data: TrainingData;
  architecture: TrainedModel['architecture'];
  fit: FitResult;
  dispose(): void;
}

/** Fits preprocessing and a network on `trainRows`, early-stopping on `validationRows`. */
async function trainOnce(
  table: Table,
  target: EncodedTarget,
  spec: ResolvedSpec,
  trainRows: number[],
  validationRows: number[],
  options: TrainOptions,
): Promise<Run> {
  const preprocessing = fitPreprocessing(table, spec.features, trainRows, spec);
  if (preprocessing.width === 0) {
    throw new WorkbenchError('no_features', 'No usable feature columns remain.', {
      hint: 'Choose at least one feature column besides the target.',
    });
  }
  const data: TrainingData = {
    table,
    target,
    preprocessing,
    targetScale:
      target.task === 'regression' ? fitScale(target.labels, trainRows) : { mean: 0, std: 1 },
    classWeights: spec.classWeights === 'balanced' ? balancedWeights(target, trainRows) : null,
  };
  const architecture = architectureFor({
    kind: spec.model,
    task: target.task,
    inputWidth: preprocessing.width,
    classCount: target.classes.length,
    hidden: spec.hidden,
    activation: spec.activation,
    dropout: spec.dropout,
  });
  const network = buildNetwork(architecture, spec.seed);
  const optimizer = tf.train.adam(spec.learningRate);
  const dispose = () => {
    network.dispose();
    // network.dispose() leaves the optimizer's slot variables (Adam keeps two per weight).
    optimizer.dispose();
  };
  try {
    const fit = await fitLoop({
      model: network,
      optimizer,
      task: target.task,
      source: makeBatchSource(data),
      trainRows,
      validationRows,
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      patience: spec.patience,
      l2: spec.l2,
      seed: spec.seed,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pause ? { pause: options.pause } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.residentBytes === undefined ? {} : { residentBytes: options.residentBytes }),
    });
    return { network, data, architecture, fit, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** k-fold cross-validation on the training rows; each fold early-stops on a slice of its own. */
async function crossValidate(
  table: Table,
  target: EncodedTarget,
  spec: ResolvedSpec,
  rows: number[],
  options: TrainOptions,
): Promise<CrossValidation> {
  const folds = kFolds(
    rows,
    spec.folds,
    spec.seed + 1,
    target.task === 'regression' ? undefined : target.labels,
  );
  const metricName = target.task === 'regression' ? 'r2' : 'accuracy';
  const scores: number[] = [];
  for (const [index, held] of folds.entries()) {
    throwIfAborted(options.signal);
    const rest = folds.filter((_, i) => i !== index).flat();
    const stopAt = Math.max(1, Math.round(rest.length * 0.1));
    const run = await trainOnce(table, target, spec, rest.slice(stopAt), rest.slice(0, stopAt), {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pause ? { pause: options.pause } : {}),
    });
    try {
      const metrics = await evaluateRows(run.network, run.data, held);
      scores.push((metricName === 'r2' ? metrics.r2 : metrics.accuracy) ?? NaN);
    } finally {
      run.dispose();
    }
    options.onFold?.(index + 1, folds.length);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const std = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
  return { folds: folds.length, metricName, scores, mean, std };
}

/** sklearn's class_weight='balanced': n / (classes x count of the class), per class index. */
function balancedWeights(target: EncodedTarget, rows: number[]): Float32Array {
  const counts = new Float32Array(target.classes.length);
  for (const row of rows)
    counts[target.labels[row] ?? 0] = (counts[target.labels[row] ?? 0] ?? 0) + 1;
  return counts.map((count) => (count > 0 ? rows.length / (target.classes.length * count) : 0));
}

function fitScale(values: Float32Array, rows: number[]): { mean: number; std: number } {
  const mean = rows.reduce((sum, row) => sum + (values[row] ?? 0), 0) / rows.length;
  const variance =
    rows.reduce((sum, row) => sum + ((values[row] ?? 0) - mean) ** 2, 0) / rows.length;
  return { mean, std: variance > 0 ? Math.sqrt(variance) : 1 };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', 'Training was cancelled.');
}
