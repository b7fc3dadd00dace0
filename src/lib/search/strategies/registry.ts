/**
 * Search strategies as registered configs, the way model kinds are: each strategy is one small
 * object in its own file, listed once here.
 */
import { refuse } from '../refuse';
import type { SearchStrategy } from '../types';
import { hyperband } from './hyperband';
import { randomSearch } from './random';

/** Every strategy, the default first. */
export const SEARCH_STRATEGIES: readonly SearchStrategy[] = [hyperband, randomSearch];

/** The strategy named `name`, or `invalid_search_options` naming the ones there are. */
export function searchStrategy(name: unknown): SearchStrategy {
  const found = SEARCH_STRATEGIES.find((strategy) => strategy.name === name);
  if (!found)
    refuse('strategy', `one of ${SEARCH_STRATEGIES.map((s) => `'${s.name}'`).join(', ')}`);
  return found;
}
