/**
 * A small stand-in for a trained model, for registry tests and benchmarks that need many
 * versions or a given size without training anything. It is a valid model (3 inputs, one hidden
 * layer, one output) with about `parameters` weights, so it passes every check a real one does.
 */
import type { TrainedModel, WeightTensor } from '../train/types';

function seededValues(length: number, seed: number): Float32Array {
  const values = new Float32Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    values[i] = state / 2 ** 32 - 0.5;
  }
  return values;
}

export function fakeModel(
  overrides: Partial<TrainedModel> = {},
  parameters = 12,
  seed = 1,
  // Wide enough that the hidden layer stays within MODEL_LIMITS.maxUnits (65,536).
  inputWidth = Math.max(3, Math.ceil((parameters - 1) / 65_536) - 1),
): TrainedModel {
  // w inputs -> h hidden -> 1 output: wh + h + h + 1 parameters.
  const hidden = Math.max(1, Math.floor((parameters - 1) / (inputWidth + 2)));
  const shapes = [[inputWidth, hidden], [hidden], [hidden, 1], [1]];
  // Input x, then a one-hot colour with w - 2 categories and its "other" slot.
  const colours = Array.from({ length: inputWidth - 2 }, (_, i) => (i === 0 ? 'red' : `c${i}`));
  const weights: WeightTensor[] = shapes.map((shape, index) => ({
    name: `dense_${index >> 1}/${index % 2 ? 'bias' : 'kernel'}`,
    shape,
    values: seededValues(
      shape.reduce((a, b) => a * b, 1),
      seed + index,
    ),
  }));
  const regression = overrides.task === 'regression';
  const base: TrainedModel = {
    format: 'tabular-workbench/model@1',
    task: 'binary',
    kind: 'mlp',
    target: 'y',
    classes: regression ? [] : ['no', 'yes'],
    preprocessing: {
      steps: [
        { column: 'x', kind: 'numeric', fill: 0, mean: 0, std: 1, indicator: false },
        { column: 'colour', kind: 'one-hot', categories: colours, fill: 'red', indicator: false },
      ],
      width: inputWidth,
      inputs: ['x', ...colours.map((c) => `colour=${c}`), 'colour=(other)'],
    },
    targetScale: { mean: 0, std: 1 },
    architecture: {
      inputWidth,
      hidden: [hidden],
      activation: 'relu',
      dropout: 0,
      outputUnits: 1,
      outputActivation: regression ? 'linear' : 'sigmoid',
    },
    weights,
    bytes: weights.reduce((sum, w) => sum + w.values.byteLength, 0),
    spec: {
      target: 'y',
      features: ['x', 'colour'],
      model: 'mlp',
      seed,
      epochs: 10,
      batchSize: 32,
      learningRate: 0.01,
      hidden: [hidden],
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
