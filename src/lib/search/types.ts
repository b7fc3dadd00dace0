import type { ErrorCode } from '../errors';
import type { Activation, Metrics, ModelKind, TrainedModel, TrainSpec } from '../train/types';

/** The built-in search strategies (src/lib/search/strategies). */
export type SearchStrategyName = 'hyperband' | 'random';

/**
 * Where the search looks. Ranges are inclusive; lists are sampled uniformly. A one-element list
 * or a range with min = max pins that setting.
 */
export interface SearchSpace {
  /** Log-uniform between the two. */
  learningRate: [number, number];
  batchSize: number[];
  /** Registered model kinds; a kind's own settings (`ModelKindConfig.settings`) say which of the rest it reads. */
  model: ModelKind[];
  /** Number of hidden layers, min to max (kinds that read `hidden`). */
  layers: [number, number];
  /** Units of each hidden layer, drawn per layer. */
  units: number[];
  activation: Activation[];
  /** Uniform, rounded to 2 decimals. */
  dropout: [number, number];
  /** Log-uniform between the two, when the configuration has an L2 penalty at all. */
  l2: [number, number];
  /** Share of configurations with no L2 penalty (l2 = 0), 0 to 1. */
  l2Off: number;
}

/** A training spec to search around, with an optional narrower or wider space. */
export interface SearchSpec extends TrainSpec {
  space?: Partial<SearchSpace>;
}

/** The settings one configuration chose; those its model kind ignores are left out. */
export interface SearchParams {
  model: ModelKind;
  learningRate: number;
  batchSize: number;
  l2: number;
  hidden?: number[];
  activation?: Activation;
  dropout?: number;
}

/**
 * 'running' only while the search runs (trained, waiting for more rungs); a result holds
 * 'complete', 'stopped' (successive halving dropped it), 'failed' or 'cancelled'.
 */
export type SearchTrialStatus = 'running' | 'complete' | 'stopped' | 'failed' | 'cancelled';

/** One rung a trial finished: its epoch budget and the validation score it reached. */
export interface SearchRung {
  epochs: number;
  score: number | null;
}

/**
 * One configuration and how it did: a light record, no weights. Scores, metrics and bytes are
 * those of its last finished rung (null before one finished).
 */
export interface SearchTrial {
  /** 1, 2, ... in the order trials started; 1 is the baseline. */
  id: number;
  /** The spec as given, defaults filled, at the full budget: what the search must beat. */
  baseline: boolean;
  /** Hyperband bracket (s, most aggressive first), or null for the baseline and random search. */
  bracket: number | null;
  params: SearchParams;
  /**
   * Validation score, higher is better: accuracy (classes) or minus the RMSE (regression).
   * null without a finished rung or without validation rows.
   */
  score: number | null;
  metricName: 'accuracy' | 'neg_rmse';
  status: SearchTrialStatus;
  rungs: SearchRung[];
  /** Epoch budget of its last rung (the one that failed or was cancelled, if so). */
  epochs: number;
  /** Epochs its last finished rung ran (early stopping may end one before its budget). */
  epochsRun: number;
  validation: Metrics | null;
  /** The same metric as `score` on the test rows; reported, never used to rank. */
  testScore: number | null;
  /** Size of its weights. */
  bytes: number;
  /** Milliseconds since the search began. */
  startedMs: number;
  finishedMs: number;
  error?: { code: ErrorCode; message: string };
}

/** Where the search stands, passed with every trial update. */
export interface SearchProgress {
  /** Configurations tried so far (trials started). */
  done: number;
  /** The trial budget, or null when only the clock limits the search. */
  total: number | null;
  /** Rungs trained so far (a configuration promoted twice trains three). */
  rungs: number;
  elapsedMs: number;
}

export interface SearchOptions {
  /** Configurations to try, the baseline included (1 to 10,000). 20 when neither budget is given. */
  trials?: number;
  /** Wall-clock budget; the training running at the deadline is cancelled. */
  minutes?: number;
  /** 'hyperband' (the default) or 'random'. */
  strategy?: SearchStrategyName;
  /** Seeds the sampling of configurations; defaults to the spec's seed (42). */
  seed?: number;
  /** How many of the best trials' models to return (default 5); the rest are dropped early. */
  keep?: number;
  /** Aborting resolves with the trials so far (`stoppedBy: 'cancelled'`). */
  signal?: AbortSignal;
  /** After every rung of every trial, and when a trial's status changes. */
  onTrial?: (trial: SearchTrial, progress: SearchProgress) => void;
}

export interface SearchResult {
  /** Best first: score, then (classes) lower validation log loss, larger budget, lower id; failed and cancelled last. */
  trials: SearchTrial[];
  /** The model of the first trial, or null when no trial finished. */
  best: TrainedModel | null;
  /** Models of the best `keep` trials at their highest rung, by trial id, best first. */
  models: Map<number, TrainedModel>;
  baselineId: number;
  strategy: SearchStrategyName;
  seed: number;
  /** The full budget R: the spec's resolved epochs. */
  maxEpochs: number;
  elapsedMs: number;
  stoppedBy: 'complete' | 'trials' | 'minutes' | 'cancelled';
}

/** What a strategy drives the search through; the search keeps the records and budgets. */
export interface StrategyContext {
  /** The full budget R in epochs. */
  maxEpochs: number;
  /** Configurations that may still start (Infinity when only the clock limits). */
  trialsLeft(): number;
  /** True once the deadline passed or the search was cancelled: start nothing more. */
  halted(): boolean;
  /** The next configuration from the space (seeded). */
  sample(): SearchParams;
  /** Records a new trial for `params`; call it only right before training it. */
  newTrial(params: SearchParams, bracket: number | null): SearchTrial;
  /** Trains the trial from scratch with `epochs`; its status then says how it went. */
  train(trial: SearchTrial, epochs: number): Promise<void>;
  /** Marks a trial that successive halving does not promote. */
  stop(trial: SearchTrial): void;
  /** Best first, as the result orders trials. */
  rank(trials: SearchTrial[]): SearchTrial[];
}

/** A search strategy as a registered config: its name, label and how it spends the budget. */
export interface SearchStrategy {
  name: SearchStrategyName;
  label: string;
  run(context: StrategyContext): Promise<void>;
}
