import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import type { Table } from '../data/table';
import { fitPreprocessing, transformRows } from '../features/preprocess';
import { architectureFor, buildNetwork, lossFor } from './build-model';
import { scorePredictions, unscale } from './metrics';
import { splitRows } from './split';
import { defaultFeatures } from './default-features';
import { encodeTarget } from './target';
import type {
  EpochReport,
  Metrics,
  TrainedModel,
  TrainOptions,
  TrainSpec,
  WeightTensor,
} from './types';

const DEFAULTS = { seed: 42, epochs: 60, batchSize: 32, learningRate: 0.01 };

/** Trains a model on a table: split, preprocess (fitted on train only), fit, score. */
export async function trainModel(
  table: Table,
  spec: TrainSpec,
  options: TrainOptions = {},
): Promise<TrainedModel> {
  throwIfAborted(options.signal);
  const seed = spec.seed ?? DEFAULTS.seed;
  const kind = spec.model ?? 'mlp';
  const target = encodeTarget(table, spec.target, spec.task);
  const features =
    spec.features ??
    defaultFeatures(table, spec.target)
      .filter((choice) => choice.included)
      .map((choice) => choice.name);
  const labelled = rowsWithLabel(target.labels);
  const isClassification = target.task !== 'regression';
  const split = splitRows({
    rowCount: labelled.length,
    seed,
    testFraction: 0.2,
    validationFraction: 0.1,
    ...(isClassification
      ? { strata: Int32Array.from(labelled, (row) => target.labels[row] ?? 0) }
      : {}),
  });
  const toTableRows = (rows: number[]) => rows.map((row) => labelled[row] ?? 0);
  const trainRows = toTableRows(split.train);
  const validationRows = toTableRows(split.validation);
  const testRows = toTableRows(split.test);

  const preprocessing = fitPreprocessing(table, features, trainRows);
  if (preprocessing.width === 0) {
    throw new WorkbenchError('no_features', 'No usable feature columns remain.', {
      hint: 'Choose at least one feature column besides the target.',
    });
  }
  const architecture = architectureFor({
    kind,
    task: target.task,
    inputWidth: preprocessing.width,
    classCount: target.classes.length,
    ...(spec.hidden ? { hidden: spec.hidden } : {}),
  });
  const epochs = spec.epochs ?? DEFAULTS.epochs;
  const batchSize = spec.batchSize ?? DEFAULTS.batchSize;
  const learningRate = spec.learningRate ?? DEFAULTS.learningRate;
  const model = buildNetwork(architecture, seed);
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss: lossFor(target.task) });

  // Regression targets are standardised on the training rows: Adam then needs no tuning per
  // target scale; predictions are mapped back with the same mean and std.
  const targetScale =
    target.task === 'regression' ? fitScale(target.labels, trainRows) : { mean: 0, std: 1 };
  const toTensors = (rows: number[]) => ({
    x: tf.tensor2d(transformRows(preprocessing, table, rows), [rows.length, preprocessing.width]),
    y: labelTensor(
      target.task,
      target.classes.length,
      rows.map((row) => ((target.labels[row] ?? 0) - targetScale.mean) / targetScale.std),
    ),
  });
  const train = toTensors(trainRows);
  const validation = validationRows.length > 0 ? toTensors(validationRows) : null;
  const history: EpochReport[] = [];
  // Stop on abort from the signal's event, not a per-batch callback: any onBatchEnd makes tf.js
  // read the loss back after every batch (about 20% slower on WebGL).
  const stop = () => {
    model.stopTraining = true;
  };
  options.signal?.addEventListener('abort', stop);
  const started = performance.now();
  let epochStarted = started;
  try {
    await model.fit(train.x, train.y, {
      epochs,
      batchSize,
      shuffle: true,
      ...(validation
        ? { validationData: [validation.x, validation.y] as [tf.Tensor, tf.Tensor] }
        : {}),
      callbacks: {
        onEpochEnd: (epoch, logs) => {
          const now = performance.now();
          const report: EpochReport = {
            epoch: epoch + 1,
            epochs,
            loss: logs?.['loss'] ?? NaN,
            valLoss: logs?.['val_loss'] ?? null,
            samplesPerSecond: trainRows.length / ((now - epochStarted) / 1000),
            elapsedMs: now - started,
          };
          epochStarted = now;
          history.push(report);
          if (!Number.isFinite(report.loss)) model.stopTraining = true;
          else options.onEpoch?.(report);
        },
      },
    });
    throwIfAborted(options.signal);
    const last = history.at(-1);
    if (last && !Number.isFinite(last.loss)) {
      throw new WorkbenchError(
        'training_diverged',
        `Training diverged at epoch ${last.epoch}: the loss is not a number.`,
        {
          hint: 'Lower the learning rate, or check the data for extreme values.',
          details: { epoch: last.epoch },
        },
      );
    }
    const score = (rows: number[]): Promise<Metrics> =>
      evaluate(model, { ...target, targetScale, preprocessing }, table, rows);
    const fitMs = performance.now() - started;
    const weights = await readWeights(model);
    return {
      format: 'tabular-workbench/model@1',
      task: target.task,
      kind,
      target: spec.target,
      classes: target.classes,
      preprocessing,
      targetScale,
      architecture,
      weights,
      bytes: weights.reduce((sum, w) => sum + w.values.byteLength, 0),
      spec: { target: spec.target, features, seed, epochs, batchSize, learningRate },
      metrics: {
        validation: validationRows.length > 0 ? await score(validationRows) : null,
        test: await score(testRows),
      },
      history,
      backend: tf.getBackend(),
      trainedAt: new Date().toISOString(),
      samplesPerSecond: (trainRows.length * history.length) / (fitMs / 1000),
    };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    tf.dispose([train.x, train.y, ...(validation ? [validation.x, validation.y] : [])]);
    model.dispose();
    // model.dispose() leaves the optimizer's slot variables (Adam keeps two per weight).
    optimizer.dispose();
  }
}

async function evaluate(
  model: tf.LayersModel,
  setup: Pick<TrainedModel, 'task' | 'preprocessing' | 'targetScale'> & { labels: Float32Array },
  table: Table,
  rows: number[],
): Promise<Metrics> {
  const { task, preprocessing, targetScale, labels } = setup;
  const outputs = tf.tidy(() => {
    const x = tf.tensor2d(transformRows(preprocessing, table, rows), [
      rows.length,
      preprocessing.width,
    ]);
    return model.predict(x) as tf.Tensor;
  });
  const values = unscale((await outputs.data()) as Float32Array, task, targetScale);
  const width = outputs.shape[1] ?? 1;
  outputs.dispose();
  return scorePredictions({
    task,
    outputs: values,
    width,
    truth: Float32Array.from(rows, (row) => labels[row] ?? 0),
  });
}

function labelTensor(task: TrainedModel['task'], classCount: number, labels: number[]): tf.Tensor {
  if (task === 'multiclass')
    return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat());
  return tf.tensor2d(labels, [labels.length, 1]);
}

async function readWeights(model: tf.LayersModel): Promise<WeightTensor[]> {
  return Promise.all(
    model.weights.map(async (weight) => ({
      name: weight.originalName,
      shape: weight.shape.map((d) => d ?? 0),
      values: (await weight.read().data()) as Float32Array,
    })),
  );
}

function fitScale(values: Float32Array, rows: number[]): { mean: number; std: number } {
  const mean = rows.reduce((sum, row) => sum + (values[row] ?? 0), 0) / rows.length;
  const variance =
    rows.reduce((sum, row) => sum + ((values[row] ?? 0) - mean) ** 2, 0) / rows.length;
  return { mean, std: variance > 0 ? Math.sqrt(variance) : 1 };
}

function rowsWithLabel(labels: Float32Array): number[] {
  const rows: number[] = [];
  labels.forEach((label, row) => {
    if (!Number.isNaN(label)) rows.push(row);
  });
  return rows;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', 'Training was cancelled.');
}
