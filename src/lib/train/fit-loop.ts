import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../errors';
import { batchLoss } from './losses';
import { createRng, shuffleInPlace } from './rng';
import type { EpochReport, Task } from './types';
import type { PauseController } from './pause';

/** Turns table rows into a batch: model inputs and targets, built on demand (no full copy). */
export interface BatchSource {
  inputs(rows: ArrayLike<number>): tf.Tensor2D;
  targets(rows: ArrayLike<number>): tf.Tensor2D;
  /** Per-row loss weights (class weights), or null for equal weights. */
  weights(rows: ArrayLike<number>): tf.Tensor1D | null;
}

export interface FitOptions {
  model: tf.LayersModel;
  optimizer: tf.AdamOptimizer;
  task: Task;
  source: BatchSource;
  trainRows: number[];
  validationRows: number[];
  epochs: number;
  batchSize: number;
  /** Epochs without a better validation loss before stopping (best weights are restored). */
  patience: number;
  l2: number;
  seed: number;
  signal?: AbortSignal;
  pause?: PauseController;
  onEpoch?: (report: EpochReport) => void;
  /**
   * Called after each optimizer step with the number of steps taken so far (1, 2, ...).
   * Pruning re-applies its masks here: Adam's moments would otherwise move pruned weights off 0.
   */
  afterStep?: (step: number) => void | Promise<void>;
  /** See `TrainOptions.residentBytes`. */
  residentBytes?: number;
  /**
   * The first epoch (default 1) whose validation loss early stopping and the best-weight restore
   * consider. Pruning passes the epoch where its final sparsity is reached, so that a denser
   * earlier epoch is never restored.
   */
  watchFrom?: number;
}

export interface FitResult {
  history: EpochReport[];
  bestEpoch: number;
}

/**
 * Training matrices up to this size (inputs, targets and weights of every training row) are
 * built once and kept on the device for the whole run; each step gathers its batch there from
 * the epoch's shuffled positions, uploaded once per epoch. Larger ones are built batch by batch
 * on the CPU and uploaded each step, as before.
 */
export const RESIDENT_MATRIX_BYTES = 128 * 1024 * 1024;

/** Work between yields to the event loop, so cancel and pause messages get through. */
const YIELD_EVERY_MS = 30;
const MIN_LEARNING_RATE = 1e-5;
const DIVERGED_LOSS = 1e6;

/**
 * Trains with mini-batches streamed from the table, early stopping on validation loss (restoring
 * the best weights), and a learning rate halved whenever the validation loss stalls.
 */
export async function fitLoop(options: FitOptions): Promise<FitResult> {
  const { model, optimizer, task, source, trainRows, validationRows, signal, pause } = options;
  const random = createRng(options.seed);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = model.trainableWeights
    .filter((w) => w.name.includes('kernel'))
    .map((w) => w.read());
  const validation = validationRows.length > 0 ? evaluationSet(source, validationRows) : null;
  const budget = options.residentBytes ?? RESIDENT_MATRIX_BYTES;
  const resident = fitsOnDevice(model, trainRows.length, budget)
    ? evaluationSet(source, trainRows)
    : null;
  const history: EpochReport[] = [];
  const started = performance.now();
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | null = null;
  let stalled = 0;
  let steps = 0;
  const watchFrom = options.watchFrom ?? 1;
  let lastYield = performance.now();
  /** Steps' results not yet added to the epoch's totals (disposed on any way out). */
  const pending: StepResult[] = [];
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const epochStarted = performance.now();
      // Positions into trainRows, shuffled: the same draws, so the same batches, as shuffling
      // the rows themselves.
      const positions = Int32Array.from(
        shuffleInPlace(
          Array.from(trainRows, (_, i) => i),
          random,
        ),
      );
      const batches = epochBatches(source, resident, trainRows, positions);
      // [summed loss, summed metric] over the epoch's batches, kept on the device; steps'
      // results wait in `pending` and are folded in FOLD_STEPS at a time (no kernels per step).
      let totals: tf.Tensor1D = tf.zeros([2]);
      const fold = () => {
        const next = foldSteps(totals, pending);
        totals.dispose();
        totals = next;
      };
      for (let start = 0; start < positions.length; start += options.batchSize) {
        const size = Math.min(options.batchSize, positions.length - start);
        pending.push(trainStep(options, variables, kernels, batches.at(start, size), size));
        if (pending.length === FOLD_STEPS) fold();
        steps++;
        if (options.afterStep) {
          try {
            await options.afterStep(steps);
          } catch (error) {
            batches.dispose();
            fold();
            totals.dispose();
            throw error;
          }
        }
        if (pause?.paused || performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          await pause?.wait(signal);
          lastYield = performance.now();
        }
        if (signal?.aborted) break;
      }
      batches.dispose();
      fold();
      if (signal?.aborted) {
        totals.dispose();
        break;
      }
      // One read-back per epoch: on a GPU every read is a round trip that stalls the queue.
      const summary = tf.tidy(() =>
        tf.concat([
          totals.div(positions.length),
          validation
            ? scoreTensor(model, task, validation, kernels, options.l2)
            : tf.tensor1d([NaN, NaN]),
        ]),
      );
      totals.dispose();
      const [loss = NaN, metricMean = NaN, valLoss = NaN, valMetric = NaN] = await summary.data();
      summary.dispose();
      // Training metric as Keras reports it: averaged over the epoch's batches as they trained.
      // Regression targets are standardised (variance 1), so R^2 = 1 - mean squared residual.
      const trainMetric = task === 'regression' ? 1 - metricMean : metricMean;
      // Targets are standardised, so a sound run's loss is about 1 or less; 1e6 means blown up.
      if (!Number.isFinite(loss) || loss > DIVERGED_LOSS) {
        throw new WorkbenchError(
          'training_diverged',
          `Training diverged at epoch ${epoch}: the loss became ${loss.toPrecision(3)}.`,
          {
            hint: 'Lower the learning rate, standardise extreme columns, or check the data for huge values.',
            details: { epoch },
          },
        );
      }
      const trainScore = { metric: trainMetric };
      const valScore = validation ? { loss: valLoss, metric: valMetric } : null;
      if (valScore && epoch >= watchFrom) {
        // A gain smaller than 0.01% is noise, not progress (and Infinity - Infinity is NaN).
        if (bestEpoch === 0 || valScore.loss < best - 1e-4 * Math.abs(best)) {
          best = valScore.loss;
          bestEpoch = epoch;
          stalled = 0;
          tf.dispose(bestWeights ?? []);
          bestWeights = model.getWeights().map((w) => w.clone());
        } else {
          stalled++;
          if (stalled % Math.max(3, Math.floor(options.patience / 3)) === 0) {
            setLearningRate(optimizer, Math.max(MIN_LEARNING_RATE, learningRate(optimizer) / 2));
          }
        }
      } else if (!valScore) {
        bestEpoch = epoch;
      }
      const now = performance.now();
      const report: EpochReport = {
        epoch,
        epochs: options.epochs,
        loss,
        valLoss: valScore?.loss ?? null,
        metric: trainScore.metric,
        valMetric: valScore?.metric ?? null,
        metricName: task === 'regression' ? 'r2' : 'accuracy',
        learningRate: learningRate(optimizer),
        bestEpoch,
        samplesPerSecond: positions.length / ((now - epochStarted) / 1000),
        elapsedMs: now - started,
      };
      history.push(report);
      options.onEpoch?.(report);
      if (valScore && stalled >= options.patience) {
        break;
      }
    }
    if (bestWeights) model.setWeights(bestWeights);
    return { history, bestEpoch };
  } finally {
    tf.dispose(bestWeights ?? []);
    tf.dispose(pending.splice(0).flatMap((s) => [s.cost, s.metric]));
    if (validation) disposeSet(validation);
    if (resident) disposeSet(resident);
  }
}

/** Whether the training rows' inputs and targets fit the resident budget. */
function fitsOnDevice(model: tf.LayersModel, rows: number, budget: number): boolean {
  const inputWidth = model.inputs[0]?.shape[1] ?? 0;
  const outputWidth = model.outputs[0]?.shape[1] ?? 1;
  return rows * (inputWidth + outputWidth + 1) * 4 <= budget;
}

/**
 * An epoch's batches: rows [start, start + size) of its shuffled positions, gathered on the
 * device from the resident matrix (the positions uploaded once), or built on the CPU.
 */
function epochBatches(
  source: BatchSource,
  resident: EvaluationSet | null,
  trainRows: readonly number[],
  positions: Int32Array,
): { at(start: number, size: number): EvaluationSet; dispose(): void } {
  if (!resident) {
    const order = positions.map((i) => trainRows[i] ?? 0);
    return {
      at: (start, size) => evaluationSet(source, order.subarray(start, start + size)),
      dispose: () => undefined,
    };
  }
  const shuffled = tf.tensor1d(positions, 'int32');
  return {
    at: (start, size) => {
      const rows = shuffled.slice([start], [size]);
      try {
        return {
          x: tf.gather(resident.x, rows),
          y: tf.gather(resident.y, rows),
          w: resident.w ? tf.gather(resident.w, rows) : null,
        };
      } finally {
        rows.dispose();
      }
    },
    dispose: () => shuffled.dispose(),
  };
}

/** A step's batch loss (a mean), its metric summed over rows, and its rows. */
interface StepResult {
  cost: tf.Scalar;
  metric: tf.Scalar;
  rows: number;
}

/** Steps whose results wait before they are added to the epoch's totals. */
const FOLD_STEPS = 64;

/** `totals` plus [sum of cost x rows, sum of metrics] of the pending steps, which it empties. */
function foldSteps(totals: tf.Tensor1D, pending: StepResult[]): tf.Tensor1D {
  const steps = pending.splice(0);
  if (steps.length === 0) return totals.clone();
  try {
    return tf.tidy(() => {
      const rows = tf.tensor1d(steps.map((s) => s.rows));
      const loss = tf
        .stack(steps.map((s) => s.cost))
        .mul(rows)
        .sum();
      const metric = tf.addN(steps.map((s) => s.metric));
      return totals.add<tf.Tensor1D>(tf.stack([loss, metric]));
    });
  } finally {
    tf.dispose(steps.flatMap((s) => [s.cost, s.metric]));
  }
}

/** One optimizer step; returns the batch's loss and summed metric, left on the device. */
function trainStep(
  options: FitOptions,
  variables: tf.Variable[],
  kernels: tf.Tensor[],
  batch: EvaluationSet,
  rows: number,
): StepResult {
  const { model, task, l2 } = options;
  const { x, y, w } = batch;
  let metric: tf.Scalar | null = null;
  try {
    const cost = options.optimizer.minimize(
      () => {
        const predicted = model.apply(x, { training: true }) as tf.Tensor;
        // Reuses this forward pass for the training metric (kept past minimize's tidy).
        metric = tf.keep(metricSum(task, predicted, y));
        return batchLoss({ task, predicted, truth: y, weights: w, kernels, l2 });
      },
      true,
      variables,
    );
    if (!cost || !metric) throw new Error('the optimizer returned no loss');
    return { cost, metric, rows };
  } finally {
    disposeSet(batch);
  }
}

/** Correct predictions (classes) or squared residuals (regression), summed over the batch. */
function metricSum(task: Task, predicted: tf.Tensor, truth: tf.Tensor): tf.Scalar {
  if (task === 'regression') return tf.squaredDifference(predicted, truth).sum();
  if (task === 'binary')
    return predicted.greater(0.5).cast('float32').equal(truth).cast('float32').sum();
  return predicted.argMax(1).equal(truth.argMax(1)).cast('float32').sum();
}

interface EvaluationSet {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  /** Class weights apply to the validation loss too: early stopping watches what training minimises. */
  w: tf.Tensor1D | null;
}

function evaluationSet(source: BatchSource, rows: ArrayLike<number>): EvaluationSet {
  return { x: source.inputs(rows), y: source.targets(rows), w: source.weights(rows) };
}

function disposeSet(set: EvaluationSet): void {
  tf.dispose([set.x, set.y, ...(set.w ? [set.w] : [])]);
}

/** [loss (as in training), main metric] on a fixed set of rows, left on the device. */
function scoreTensor(
  model: tf.LayersModel,
  task: Task,
  set: EvaluationSet,
  kernels: tf.Tensor[],
  l2: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    // In one pass: predict's default would split the set into passes of 32 rows (125 passes
    // for 4,000 validation rows, every epoch).
    const predicted = model.predict(set.x, { batchSize: set.x.shape[0] }) as tf.Tensor;
    const loss = batchLoss({ task, predicted, truth: set.y, weights: set.w, kernels, l2 });
    let main: tf.Scalar;
    if (task === 'regression') {
      const residual = tf.squaredDifference(predicted, set.y).sum();
      const total = tf.squaredDifference(set.y, set.y.mean()).sum();
      main = tf.scalar(1).sub(residual.div(total.maximum(1e-12)));
    } else if (task === 'binary') {
      main = predicted.greater(0.5).cast('float32').equal(set.y).cast('float32').mean();
    } else {
      main = predicted.argMax(1).equal(set.y.argMax(1)).cast('float32').mean();
    }
    return tf.stack([loss, main]) as tf.Tensor1D;
  });
}

/** Adam keeps its rate in a protected field that it reads on every step. */
function learningRate(optimizer: tf.AdamOptimizer): number {
  return (optimizer as unknown as { learningRate: number }).learningRate;
}

function setLearningRate(optimizer: tf.AdamOptimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** Lets queued messages (cancel, pause) run; faster than setTimeout's clamped delay. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
