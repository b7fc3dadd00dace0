/**
 * Tables and models for the quantization tests: iris and cars from public/samples, trained on
 * tf.js's CPU backend, and models edited to collapse at 8 bits.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { trainModel } from '../train/train-model';
import type { TrainedModel, TrainSpec } from '../train/types';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url), 'utf8');

export const TARGETS = { iris: 'species', cars: 'Miles_per_Gallon' } as const;
export type Dataset = keyof typeof TARGETS;

/** The table and a model trained on it (seeded: the same model on every run). */
export async function trainedOn(
  dataset: Dataset,
  spec: Partial<TrainSpec> = {},
): Promise<{ table: Table; model: TrainedModel }> {
  await tf.setBackend('cpu');
  const table = await readCsv(sample(`${dataset}.csv`));
  const model = await trainModel(table, { target: TARGETS[dataset], seed: 3, epochs: 60, ...spec });
  return { table, model };
}

/** The model with one weight's values changed by `edit` (a copy; the model is untouched). */
export function editWeight(
  model: TrainedModel,
  name: string,
  edit: (values: Float32Array) => void,
): TrainedModel {
  const copy = structuredClone(model);
  const weight = copy.weights.find((w) => w.name === name);
  if (!weight || (weight.dtype ?? 'float32') !== 'float32') throw new Error(`no float32 ${name}`);
  edit(weight.values as Float32Array);
  return copy;
}

/**
 * A one-hidden-layer model given an outlier weight on a path that never reaches the output:
 * hidden unit 0 gets an input weight of `outlier` and no outgoing weights. The float model
 * predicts as before; per-tensor uint8 on dense_0 rounds its other weights to 0 or a step of
 * outlier / 255.
 */
export function withDeadOutlier(model: TrainedModel, outlier: number): TrainedModel {
  const outputs = model.architecture.outputUnits;
  const first = editWeight(model, 'dense_0/kernel', (values) => {
    values[0] = outlier;
  });
  return editWeight(first, 'dense_1/kernel', (values) => {
    values.fill(0, 0, outputs);
  });
}

/**
 * Also an outlier in dense_1: hidden unit 1 is switched off (no inputs, bias -1, so relu gives
 * 0 always) and given an outgoing weight of `outlier`. Now every layer collapses at uint8.
 */
export function withDeadOutliers(model: TrainedModel, outlier: number): TrainedModel {
  const units = model.architecture.hidden[0] ?? 0;
  const outputs = model.architecture.outputUnits;
  let edited = withDeadOutlier(model, outlier);
  edited = editWeight(edited, 'dense_0/kernel', (values) => {
    for (let i = 1; i < values.length; i += units) values[i] = 0;
  });
  edited = editWeight(edited, 'dense_0/bias', (values) => {
    values[1] = -1;
  });
  return editWeight(edited, 'dense_1/kernel', (values) => {
    values[outputs] = outlier;
  });
}
