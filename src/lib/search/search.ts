import type { Table } from '../data/table';
import { createRng } from '../train/rng';
import { resolveSpec } from '../train/resolve-spec';
import { splitLabelledRows } from '../train/split';
import { encodeTarget } from '../train/target';
import { TEST_FRACTION, VALIDATION_FRACTION } from '../train/train-model';
import type { ResolvedSpec, Task, TrainedModel, TrainSpec } from '../train/types';
import { resolveSearchOptions } from './options';
import { rankTrials } from './ranking';
import { paramsOfSpec, resolveSpace, sampleParams } from './space';
import { TrialBook } from './trial-book';
import type { SearchOptions, SearchResult, SearchSpec } from './types';

/**
 * Searches hyperparameters around a spec: trial 1 is the spec itself at the full budget (the
 * baseline to beat), then the strategy's configurations, each trained by `trainModel` on the
 * same split. Resolves with light records of every trial and the best few models; a cancel
 * resolves too. Never writes to the registry.
 */
export async function searchHyperparameters(
  table: Table,
  spec: SearchSpec,
  options: SearchOptions = {},
): Promise<SearchResult> {
  const { space: spaceOverrides, ...given } = spec;
  // Every trial trains with the same seed, so every trial sees the same train, validation and
  // test rows (trainModel splits with it) and differences come from the hyperparameters.
  // Cross-validation is left out: it would train each trial k more times, and trials are
  // ranked on the validation rows anyway.
  const trainSpec: TrainSpec = { ...given, seed: given.seed ?? 42, folds: 0 };
  const settings = resolveSearchOptions(options, trainSpec.seed ?? 42);
  const space = resolveSpace(spaceOverrides);
  // A spec that cannot train (no such target, bad setting) fails every trial alike: refuse it
  // now with trainModel's own error rather than record it as many failed trials.
  const { resolved, task } = resolveBase(table, trainSpec);

  const startedAt = performance.now();
  const halt = new AbortController();
  const onAbort = () => halt.abort('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const timer = Number.isFinite(settings.budgetMs)
    ? setTimeout(() => halt.abort('minutes'), settings.budgetMs)
    : undefined;
  const random = createRng(settings.seed);
  const book = new TrialBook({
    table,
    spec: trainSpec,
    task,
    maxEpochs: resolved.epochs,
    trials: settings.trials,
    keep: settings.keep,
    startedAt,
    deadline: startedAt + settings.budgetMs,
    halt,
    sample: () => sampleParams(space, random),
    onTrial: options.onTrial,
  });
  try {
    if (!book.halted()) {
      const baseline = book.newTrial(paramsOfSpec(resolved), null, true);
      await book.train(baseline, resolved.epochs);
      await settings.strategy.run(book.context());
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  book.finish();

  const trials = rankTrials(book.trials);
  const models = new Map<number, TrainedModel>();
  for (const trial of trials) {
    const model = book.models.get(trial.id);
    if (model) models.set(trial.id, model);
  }
  const first = trials[0];
  const stoppedBy = halt.signal.aborted
    ? halt.signal.reason === 'minutes'
      ? 'minutes'
      : 'cancelled'
    : book.trials.length >= settings.trials
      ? 'trials'
      : 'complete';
  return {
    trials,
    best: (first && models.get(first.id)) ?? null,
    models,
    baselineId: 1,
    strategy: settings.strategy.name,
    seed: settings.seed,
    maxEpochs: resolved.epochs,
    elapsedMs: performance.now() - startedAt,
    stoppedBy,
  };
}

/** The spec resolved as `trainModel` resolves it (same split, so the same default batch size). */
function resolveBase(table: Table, spec: TrainSpec): { resolved: ResolvedSpec; task: Task } {
  const target = encodeTarget(table, spec.target, spec.task);
  const { train } = splitLabelledRows(target.labels, {
    method: target.task === 'regression' ? 'random' : 'stratified',
    seed: spec.seed ?? 42,
    fractions: { validation: VALIDATION_FRACTION, test: TEST_FRACTION },
  });
  return { resolved: resolveSpec(table, spec, train.length), task: target.task };
}
