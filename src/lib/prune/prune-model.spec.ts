/**
 * pruneModel on iris (public/samples; seed 3 for training and fine-tuning, tf.js CPU backend):
 * exact sparsity, exact zeros, metrics measured after fine-tuning, the accuracy kept, and the
 * coded refusals, cancel included.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { validateModel } from '../model/formats';
import { quantizeModel } from '../quantize/quantize-model';
import { scoreModel, scoredRows } from '../quantize/evaluate';
import { trainedOn } from '../quantize/test-models';
import { splitFor } from '../train/split-for';
import { encodeTarget } from '../train/target';
import type { EpochReport, Float32Weight, TrainedModel } from '../train/types';
import { prunedCount } from './masks';
import { pruneModel } from './prune-model';
import type { PruneOptions, PrunedModel } from './types';

let iris: { table: Table; model: TrainedModel };
let layer: PrunedModel;
let global: PrunedModel;

const kernels = (model: TrainedModel) =>
  model.weights.filter((w) => w.name.endsWith('/kernel')) as Float32Weight[];
const zeros = (values: Float32Array) => values.filter((v) => v === 0).length;
const coded = (code: string) => expect.objectContaining({ code }) as unknown as Error;

beforeAll(async () => {
  iris = await trainedOn('iris');
  layer = await pruneModel(iris.model, { sparsity: 0.5, data: iris.table });
  global = await pruneModel(iris.model, { sparsity: 0.5, data: iris.table, scope: 'global' });
});

describe('pruneModel on iris', () => {
  it('prunes each kernel to exactly the target sparsity (layer scope), biases untouched', () => {
    validateModel(layer);
    for (const [index, kernel] of kernels(layer).entries()) {
      const expected = prunedCount(kernel.values.length, 0.5);
      expect(zeros(kernel.values)).toBe(expected);
      expect(layer.pruning.layers[index]).toMatchObject({
        layer: `dense_${index}`,
        weights: kernel.values.length,
        zeros: expected,
        sparsity: expected / kernel.values.length,
      });
    }
    const biases = layer.weights.filter((w) => w.name.endsWith('/bias')) as Float32Weight[];
    expect(biases.every((b) => zeros(b.values) === 0)).toBe(true);
    expect(layer.pruning.achievedSparsity).toBe(0.5);
  });

  it('prunes the kernels together to exactly the target (global scope)', () => {
    validateModel(global);
    const all = kernels(global);
    const total = all.reduce((sum, k) => sum + k.values.length, 0);
    const pruned = all.reduce((sum, k) => sum + zeros(k.values), 0);
    expect(pruned).toBe(prunedCount(total, 0.5));
    expect(global.pruning.achievedSparsity).toBe(pruned / total);
    // One threshold: the layers end at different sparsities.
    const [first, second] = global.pruning.layers;
    expect(first?.sparsity).not.toBe(second?.sparsity);
  });

  it('at 0.3, prunes round-to-TFMOT counts per layer', async () => {
    const pruned = await pruneModel(iris.model, { sparsity: 0.3, data: iris.table, epochs: 6 });
    for (const kernel of kernels(pruned)) {
      expect(zeros(kernel.values)).toBe(prunedCount(kernel.values.length, 0.3));
    }
  });

  it('leaves pruned weights at exactly +0 after fine-tuning', () => {
    for (const model of [layer, global]) {
      for (const kernel of kernels(model)) {
        expect(kernel.values.every((v) => v !== 0 || Object.is(v, 0))).toBe(true);
      }
    }
  });

  it('measures its own metrics after fine-tuning, on the parent rows', async () => {
    const { test, validation } = splitFor(iris.model, iris.table);
    expect(layer.metrics.test.rowCount).toBe(test.length);
    expect(layer.metrics.validation?.rowCount).toBe(validation.length);
    // Not the parent's numbers carried over: the pruned weights predict otherwise.
    expect(layer.metrics.test.logLoss).not.toBe(iris.model.metrics.test.logLoss);
    const target = encodeTarget(iris.table, 'species');
    const rescored = await scoreModel(layer, scoredRows(iris.table, target, test));
    expect(layer.metrics.test.accuracy).toBe(rescored.accuracy);
    expect(layer.metrics.test.logLoss).toBeCloseTo(rescored.logLoss ?? NaN, 6);
    // The parent, scored on the same rows by the same arithmetic, is its own metrics.
    expect(layer.pruning.parentMetrics.test.accuracy).toBe(iris.model.metrics.test.accuracy);
    expect(layer.pruning.evaluatedOn).toBe('table');
  });

  it('loses at most one test row of accuracy at 50% (seed 3)', () => {
    const rows = layer.metrics.test.rowCount;
    for (const model of [layer, global]) {
      const before = model.pruning.parentMetrics.test.accuracy ?? NaN;
      expect(model.metrics.test.accuracy).toBeGreaterThanOrEqual(before - 1 / rows - 1e-9);
    }
  });

  it('keeps the raw size, shrinks the compressed size, and keeps the lineage fields', () => {
    expect(layer.bytes).toBe(iris.model.bytes);
    expect(layer.pruning.parentBytes).toBe(iris.model.bytes);
    expect(layer.pruning.compressedBytes).toBeLessThan(layer.pruning.parentCompressedBytes);
    expect(layer.spec).toEqual(iris.model.spec);
    expect(layer.split).toEqual(iris.model.split);
    expect(layer.preprocessing).toEqual(iris.model.preprocessing);
    expect(layer.trainedAt).not.toBe(iris.model.trainedAt);
    expect(layer.metrics.crossValidation).toBeNull();
  });

  it('records a sensitivity per layer, the schedule and the fine-tuning epochs', () => {
    for (const entry of layer.pruning.layers) {
      expect(entry.sensitivity).toBeGreaterThanOrEqual(0);
      expect(entry.sensitivity).toBeLessThanOrEqual(1);
    }
    expect(layer.pruning.schedule).toMatchObject({ endStep: 80, totalSteps: 120, frequency: 4 });
    expect(layer.pruning.epochs).toBe(layer.history.length);
    // Weights kept from an epoch at the final sparsity (20 of 30 ramp up to it).
    expect(layer.bestEpoch).toBeGreaterThanOrEqual(20);
    expect(layer.pruning.learningRate).toBeCloseTo(iris.model.spec.learningRate / 10, 12);
  });

  it('reports each epoch and is deterministic for a seed', async () => {
    const reports: EpochReport[] = [];
    const again = await pruneModel(iris.model, {
      sparsity: 0.5,
      data: iris.table,
      onEpoch: (report) => reports.push(report),
    });
    expect(reports.map((r) => r.epoch)).toEqual(again.history.map((h) => h.epoch));
    expect(reports[0]?.epochs).toBe(30);
    expect(again.weights).toEqual(layer.weights);
  });

  it('leaves the parent unchanged', async () => {
    const before = structuredClone(iris.model);
    await pruneModel(iris.model, { sparsity: 0.8, data: iris.table, epochs: 3 });
    expect(iris.model).toEqual(before);
  });
});

describe('pruneModel refusals', () => {
  it('refuses a table with other contents with dataset_mismatch', async () => {
    const text = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');
    const lines = text.trim().split(/\r?\n/);
    lines[5] = (lines[5] ?? '').replace(/^[0-9.]+/, '9.9');
    const other = await readCsv(lines.join('\n'));
    await expect(pruneModel(iris.model, { sparsity: 0.5, data: other })).rejects.toThrow(
      coded('dataset_mismatch'),
    );
  });

  it('refuses a quantized model with prune_needs_float and says what to do', async () => {
    const quantized = await quantizeModel(iris.model, {
      scheme: 'float16',
      calibration: iris.table,
    });
    const refusal = pruneModel(quantized, { sparsity: 0.5, data: iris.table });
    await expect(refusal).rejects.toThrow(coded('prune_needs_float'));
    await expect(refusal).rejects.toMatchObject({
      hint: expect.stringMatching(/float32/) as string,
    });
  });

  it.each<[string, Partial<PruneOptions>]>([
    ['sparsity below 0', { sparsity: -0.1 }],
    ['sparsity 1', { sparsity: 1 }],
    ['sparsity past 0.99', { sparsity: 0.995 }],
    ['sparsity NaN', { sparsity: Number.NaN }],
    ['sparsity as text', { sparsity: '0.5' as unknown as number }],
    ['an unknown scope', { scope: 'row' as 'layer' }],
    ['0 epochs', { epochs: 0 }],
    ['fractional epochs', { epochs: 2.5 }],
    ['too many epochs', { epochs: 1001 }],
    ['a learning rate of 0', { learningRate: 0 }],
    ['a schedule ending after the run', { epochs: 2, schedule: { endStep: 100 } }],
    ['a schedule with frequency 0', { schedule: { frequency: 0 } }],
    ['reference splits that do not match its rows', { data: 'no splits' as unknown as Table }],
  ])('refuses %s with invalid_prune_options', async (_, options) => {
    const data = options.data ? { table: iris.table, splits: [] } : iris.table;
    await expect(pruneModel(iris.model, { sparsity: 0.5, ...options, data })).rejects.toThrow(
      coded('invalid_prune_options'),
    );
  });
});

describe('cancelling pruneModel', () => {
  it('rejects with aborted mid-run and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    await expect(
      pruneModel(iris.model, {
        sparsity: 0.5,
        data: iris.table,
        signal: controller.signal,
        onEpoch: (report) => {
          if (report.epoch === 3) controller.abort();
        },
      }),
    ).rejects.toThrow(coded('aborted'));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects with aborted when cancelled before it starts, and a whole run leaks nothing', async () => {
    const before = tf.memory().numTensors;
    await expect(
      pruneModel(iris.model, { sparsity: 0.5, data: iris.table, signal: AbortSignal.abort() }),
    ).rejects.toThrow(coded('aborted'));
    await pruneModel(iris.model, { sparsity: 0.5, data: iris.table, epochs: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
