/**
 * McNemar's test on paired right/wrong outcomes of two classifiers on the same rows, as
 * statsmodels' `statsmodels.stats.contingency_tables.mcnemar` (v0.14): `exact=True` is the
 * two-sided binomial test min(1, 2 · Pr(X <= min(b, c))), X ~ Binomial(b + c, 1/2), equal to
 * scipy 1.17's `scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue`; `exact=False,
 * correction=True` is (|b - c| - 1)^2 / (b + c) against chi-square with 1 degree of freedom.
 * Only the discordant rows b and c count; rows both got right or both got wrong do not.
 */
import { chiSquareSurvival } from '../../drift/statistics/chi2';
import { binomialHalfCdf } from './binomial-half';

/** Below this many discordant rows the exact test is the default (statsmodels' advice). */
export const EXACT_BELOW = 25;

export interface McNemarOptions {
  /** Force the exact binomial (true) or the chi-square (false) test; default b + c < 25. */
  exact?: boolean;
}

export interface McNemarResult {
  /** Rows the champion got right and the challenger wrong. */
  b: number;
  /** Rows the champion got wrong and the challenger right. */
  c: number;
  /** All rows compared. */
  n: number;
  /** min(b, c) for the exact test; the continuity-corrected chi-square otherwise. */
  statistic: number;
  pValue: number;
  exact: boolean;
}

/** McNemar's test on per-row correctness (true or 1 = right) of champion and challenger. */
export function mcnemarTest(
  championCorrect: ArrayLike<boolean | 0 | 1>,
  challengerCorrect: ArrayLike<boolean | 0 | 1>,
  options: McNemarOptions = {},
): McNemarResult {
  const n = championCorrect.length;
  if (challengerCorrect.length !== n) {
    throw new RangeError(
      `championCorrect has ${n} rows and challengerCorrect ${challengerCorrect.length}; they must match.`,
    );
  }
  if (n === 0) throw new RangeError('championCorrect is empty; the test needs at least one row.');
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const champion = outcome(championCorrect[i], 'championCorrect', i);
    const challenger = outcome(challengerCorrect[i], 'challengerCorrect', i);
    if (champion && !challenger) b++;
    else if (!champion && challenger) c++;
  }
  return { ...mcnemarFromCounts(b, c, options), n };
}

/** McNemar's test from the discordant counts alone; `n` is reported as b + c. */
export function mcnemarFromCounts(
  b: number,
  c: number,
  options: McNemarOptions = {},
): McNemarResult {
  checkCount(b, 'b');
  checkCount(c, 'c');
  if (options.exact !== undefined && typeof options.exact !== 'boolean') {
    throw new RangeError(`options.exact is ${String(options.exact)}; it must be a boolean.`);
  }
  const discordant = b + c;
  const exact = options.exact ?? discordant < EXACT_BELOW;
  const base = { b, c, n: discordant, exact };
  // No discordant rows: nothing tells the models apart.
  if (discordant === 0) return { ...base, statistic: 0, pValue: 1 };
  if (exact) {
    const k = Math.min(b, c);
    return { ...base, statistic: k, pValue: Math.min(1, 2 * binomialHalfCdf(k, discordant)) };
  }
  // As statsmodels, not clipped at 0: b = c gives 1 / (b + c), not 0.
  const statistic = (Math.abs(b - c) - 1) ** 2 / discordant;
  return { ...base, statistic, pValue: chiSquareSurvival(statistic, 1) };
}

function outcome(value: unknown, name: string, index: number): boolean {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new RangeError(`${name}[${index}] is ${String(value)}; it must be true, false, 1 or 0.`);
}

function checkCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} is ${value}; it must be an integer >= 0.`);
  }
}
