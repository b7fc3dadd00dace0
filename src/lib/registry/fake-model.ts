/**
 * A small stand-in for a trained model, for registry tests and benchmarks that need many
 * versions or exact sizes without training anything.
 */
import type { TrainedModel } from '../train/types';

export function fakeModel(
  overrides: Partial<TrainedModel> = {},
  parameters = 12,
  seed = 1,
): TrainedModel {
  const values = new Float32Array(parameters);
  let state = seed;
  for (let i = 0; i < parameters; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    values[i] = state / 2 ** 32 - 0.5;
  }
  const base: TrainedModel = {
    format: 'tabular-workbench/model@1',
    task: 'binary',
    kind: 'linear',
    target: 'y',
    classes: ['no', 'yes'],
    preprocessing: {
      steps: [
        { column: 'x', kind: 'numeric', fill: 0, mean: 0, std: 1, indicator: false },
        { column: 'colour', kind: 'one-hot', categories: ['red'], fill: 'red', indicator: false },
      ],
      width: 3,
      inputs: ['x', 'colour=red', 'colour=(other)'],
    },
    targetScale: { mean: 0, std: 1 },
    architecture: {
      inputWidth: 3,
      hidden: [],
      activation: 'relu',
      dropout: 0,
      outputUnits: 1,
      outputActivation: 'sigmoid',
    },
    weights: [{ name: 'dense/kernel', shape: [parameters], values }],
    bytes: parameters * 4,
    spec: {
      target: 'y',
      features: ['x', 'colour'],
      model: 'linear',
      seed,
      epochs: 10,
      batchSize: 32,
      learningRate: 0.01,
      hidden: [],
      activation: 'relu',
      dropout: 0,
      l2: 0,
      patience: 5,
      imputation: 'mean',
      missingIndicators: false,
      classWeights: 'none',
      folds: 0,
    },
    metrics: {
      validation: { rowCount: 10, accuracy: 0.8, logLoss: 0.4 },
      test: {
        rowCount: 20,
        accuracy: 0.75 + seed / 1000,
        logLoss: 0.5,
        macro: { precision: 0.7, recall: 0.7, f1: 0.7 },
      },
      crossValidation: null,
    },
    history: [],
    bestEpoch: 1,
    backend: 'cpu',
    trainedAt: '2026-11-26T00:00:00.000Z',
    samplesPerSecond: 1000,
    datasetSha256: 'f'.repeat(64),
  };
  return { ...base, ...overrides };
}
