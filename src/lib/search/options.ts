import { refuse } from './refuse';
import { searchStrategy } from './strategies/registry';
import type { SearchOptions, SearchStrategy } from './types';

/** Trials when neither budget is given: enough for a few rungs of halving on small data. */
export const DEFAULT_TRIALS = 20;
/** Models kept when the options name no `keep`: a UI saves the best few as versions. */
export const DEFAULT_KEEP = 5;
/** Beyond these a typo is likelier than intent (a day of search, ten thousand trainings). */
const MAX_TRIALS = 10_000;
const MAX_MINUTES = 24 * 60;
const MAX_KEEP = 100;

/** The budgets and choices of a search with defaults filled in. */
export interface SearchSettings {
  /** Infinity when only the clock limits the search. */
  trials: number;
  /** Milliseconds; Infinity without a clock budget. */
  budgetMs: number;
  strategy: SearchStrategy;
  seed: number;
  keep: number;
}

/** Checks the options (`invalid_search_options`) and fills in the defaults. */
export function resolveSearchOptions(options: SearchOptions, trainSeed: number): SearchSettings {
  const { trials, minutes, seed, keep } = options;
  if (trials !== undefined && !(Number.isInteger(trials) && trials >= 1 && trials <= MAX_TRIALS)) {
    refuse('trials', `a whole number from 1 to ${MAX_TRIALS}`);
  }
  if (
    minutes !== undefined &&
    !(typeof minutes === 'number' && minutes > 0 && minutes <= MAX_MINUTES)
  ) {
    refuse('minutes', `above 0 and at most ${MAX_MINUTES}`);
  }
  if (seed !== undefined && !Number.isInteger(seed)) refuse('seed', 'a whole number');
  if (keep !== undefined && !(Number.isInteger(keep) && keep >= 0 && keep <= MAX_KEEP)) {
    refuse('keep', `a whole number from 0 to ${MAX_KEEP}`);
  }
  if (options.onTrial !== undefined && typeof options.onTrial !== 'function') {
    refuse('onTrial', 'a function');
  }
  return {
    trials: trials ?? (minutes === undefined ? DEFAULT_TRIALS : Infinity),
    budgetMs: minutes === undefined ? Infinity : minutes * 60_000,
    strategy: searchStrategy(options.strategy ?? 'hyperband'),
    seed: seed ?? trainSeed,
    keep: keep ?? DEFAULT_KEEP,
  };
}
