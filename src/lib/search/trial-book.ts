/**
 * The search's bookkeeping: trial records, training one rung, the budgets, and the few models
 * worth keeping. Strategies see it only through `StrategyContext`.
 */
import type { Table } from '../data/table';
import { toWorkbenchError } from '../errors';
import { trainModel } from '../train/train-model';
import type { Task, TrainedModel, TrainSpec } from '../train/types';
import { compareTrials, rankTrials, scoreOf } from './ranking';
import type {
  SearchParams,
  SearchProgress,
  SearchTrial,
  SearchTrialStatus,
  StrategyContext,
} from './types';

export interface TrialBookOptions {
  table: Table;
  /** The user's spec without `space`, seed and folds settled: every trial trains on it. */
  spec: TrainSpec;
  task: Task;
  maxEpochs: number;
  trials: number;
  keep: number;
  /** performance.now() when the search began. */
  startedAt: number;
  deadline: number;
  /** Aborted when the search must stop (cancel or deadline); aborts the training running then. */
  halt: AbortController;
  sample: () => SearchParams;
  onTrial?: ((trial: SearchTrial, progress: SearchProgress) => void) | undefined;
}

/** Trial records and the models of the best ones, updated as rungs finish. */
export class TrialBook {
  readonly trials: SearchTrial[] = [];
  readonly models = new Map<number, TrainedModel>();
  #rungs = 0;
  readonly #options: TrialBookOptions;

  constructor(options: TrialBookOptions) {
    this.#options = options;
  }

  /** What strategies see: budgets, sampling and training, none of the records' internals. */
  context(): StrategyContext {
    return {
      maxEpochs: this.#options.maxEpochs,
      trialsLeft: () => this.#options.trials - this.trials.length,
      halted: () => this.halted(),
      sample: this.#options.sample,
      newTrial: (params, bracket) => this.newTrial(params, bracket),
      train: (trial, epochs) => this.train(trial, epochs),
      stop: (trial) => this.#settle(trial, 'stopped'),
      rank: rankTrials,
    };
  }

  /** Checks the clock too: a run of fast failures never yields long enough for the timer. */
  halted(): boolean {
    if (!this.#options.halt.signal.aborted && performance.now() >= this.#options.deadline) {
      this.#options.halt.abort('minutes');
    }
    return this.#options.halt.signal.aborted;
  }

  newTrial(params: SearchParams, bracket: number | null, baseline = false): SearchTrial {
    const trial: SearchTrial = {
      id: this.trials.length + 1,
      baseline,
      bracket,
      params,
      score: null,
      metricName: this.#options.task === 'regression' ? 'neg_rmse' : 'accuracy',
      status: 'running',
      rungs: [],
      epochs: 0,
      epochsRun: 0,
      validation: null,
      testScore: null,
      bytes: 0,
      startedMs: this.#elapsed(),
      finishedMs: this.#elapsed(),
    };
    this.trials.push(trial);
    return trial;
  }

  /** One rung: trains from scratch with `epochs`; a failure or cancel is recorded, not thrown. */
  async train(trial: SearchTrial, epochs: number): Promise<void> {
    const { table, spec, task, halt, maxEpochs } = this.#options;
    trial.epochs = epochs;
    try {
      const model = await trainModel(
        table,
        { ...spec, ...trial.params, epochs },
        // The timer may not get a turn inside a fast epoch loop; each epoch checks the clock.
        { signal: halt.signal, onEpoch: () => void this.halted() },
      );
      trial.score = scoreOf(model.metrics.validation, task);
      trial.validation = model.metrics.validation;
      trial.testScore = scoreOf(model.metrics.test, task);
      trial.epochsRun = model.history.length;
      trial.bytes = model.bytes;
      trial.rungs.push({ epochs, score: trial.score });
      trial.status = epochs >= maxEpochs ? 'complete' : 'running';
      this.models.set(trial.id, model);
    } catch (error) {
      this.models.delete(trial.id);
      if (halt.signal.aborted) {
        trial.status = 'cancelled';
      } else {
        const { code, message } = toWorkbenchError(error);
        trial.status = 'failed';
        trial.error = { code, message };
      }
    }
    this.#rungs++;
    trial.finishedMs = this.#elapsed();
    this.#prune();
    this.#report(trial);
    // Lets a cancel (a message in a worker) through between trainings that never yielded.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Ends the search: trials left waiting for a rung keep their last score, as complete. */
  finish(): void {
    for (const trial of this.trials) {
      if (trial.status === 'running') this.#settle(trial, 'complete');
    }
  }

  #settle(trial: SearchTrial, status: SearchTrialStatus): void {
    trial.status = status;
    this.#prune();
    this.#report(trial);
  }

  /**
   * Keeps memory bounded: a model goes as soon as `keep` settled trials (whose scores can no
   * longer change) beat its trial, since that trial can then never be among the best `keep`.
   * Trials still in a bracket keep theirs until they are beaten so, retrained, or settled.
   */
  #prune(): void {
    const settled = rankTrials(
      this.trials.filter((t) => t.status === 'complete' || t.status === 'stopped'),
    );
    const cutoff = this.#options.keep > 0 ? settled[this.#options.keep - 1] : undefined;
    for (const id of [...this.models.keys()]) {
      const trial = this.trials[id - 1];
      const keeps =
        trial !== undefined &&
        (trial.status === 'running' || trial.status === 'complete' || trial.status === 'stopped') &&
        this.#options.keep > 0 &&
        (cutoff === undefined || compareTrials(trial, cutoff) <= 0);
      if (!keeps) this.models.delete(id);
    }
  }

  #report(trial: SearchTrial): void {
    const { onTrial, trials } = this.#options;
    const progress: SearchProgress = {
      done: this.trials.length,
      total: Number.isFinite(trials) ? trials : null,
      rungs: this.#rungs,
      elapsedMs: this.#elapsed(),
    };
    // A copy: the listener may keep it (a leaderboard) while the record changes on.
    onTrial?.(structuredClone(trial), progress);
  }

  #elapsed(): number {
    return performance.now() - this.#options.startedAt;
  }
}
