import type { Activation, Imputation, ModelKind, Task, TrainSpec } from '../lib/page';

/** The training form's values, as the user sees them ('auto' leaves the choice to the library). */
export interface TrainSettings {
  task: Task | 'auto';
  model: ModelKind;
  /** Hidden layer widths, comma-separated ("64" or "128, 64"). */
  hidden: string;
  activation: Activation;
  dropout: number;
  l2: number;
  epochs: number;
  batchSize: number | 'auto';
  learningRate: number;
  patience: number;
  seed: number;
  folds: number;
  classWeights: 'none' | 'balanced';
  imputation: Imputation;
  missingIndicators: boolean;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  task: 'auto',
  model: 'mlp',
  hidden: '64',
  activation: 'relu',
  dropout: 0,
  l2: 0,
  epochs: 200,
  batchSize: 'auto',
  learningRate: 0.01,
  patience: 20,
  seed: 42,
  folds: 0,
  classWeights: 'none',
  imputation: 'mean',
  missingIndicators: false,
};

/** Turns the form into a TrainSpec for `trainModel`. */
export function toSpec(settings: TrainSettings, target: string, features: string[]): TrainSpec {
  const hidden = settings.hidden
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((units) => Number.isFinite(units) && units > 0);
  return {
    target,
    features,
    model: settings.model,
    ...(settings.task === 'auto' ? {} : { task: settings.task }),
    hidden: hidden.length > 0 ? hidden : [64],
    activation: settings.activation,
    dropout: settings.dropout,
    l2: settings.l2,
    epochs: settings.epochs,
    ...(settings.batchSize === 'auto' ? {} : { batchSize: settings.batchSize }),
    learningRate: settings.learningRate,
    patience: settings.patience,
    seed: settings.seed,
    folds: settings.folds,
    classWeights: settings.classWeights,
    imputation: settings.imputation,
    missingIndicators: settings.missingIndicators,
  };
}
