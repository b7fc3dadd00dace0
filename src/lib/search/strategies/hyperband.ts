/**
 * Hyperband: successive halving run in brackets that trade how many configurations start
 * against how many epochs each gets first (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar
 * 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization", JMLR 18,
 * Algorithm 1 and Table 1; KerasTuner's `Hyperband` tuner works the same way). The most
 * aggressive bracket starts many configurations on a few epochs, the last trains a few at the
 * full budget R, which is plain random search; the brackets repeat until the budget is spent.
 */
import type { SearchStrategy, SearchTrial, StrategyContext } from '../types';

/** Hyperband's η: a third of each rung goes on, with three times the epochs (the paper's default). */
export const ETA = 3;

/** One rung of a bracket: how many configurations train, each with how many epochs. */
export interface HyperbandRung {
  configs: number;
  epochs: number;
}

export interface HyperbandBracket {
  /** The paper's s: s_max for the most aggressive bracket, 0 for the last. */
  s: number;
  rungs: HyperbandRung[];
}

/**
 * The brackets for a full budget of `maxEpochs` (R): s_max = floor(log_η R), and for each s
 * from s_max down to 0, n = ceil((s_max + 1) η^s / (s + 1)) configurations on r = R η^-s
 * epochs, then n_i = floor(n η^-i) of them on r_i = r η^i. Epochs are rounded to whole numbers
 * (at least 1) when R is not a power of η.
 */
export function hyperbandBrackets(maxEpochs: number, eta = ETA): HyperbandBracket[] {
  // Counted in integers: Math.log(243) / Math.log(3) is 4.999..., which floor would get wrong.
  let sMax = 0;
  while (eta ** (sMax + 1) <= maxEpochs) sMax++;
  const brackets: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) * eta ** s) / (s + 1));
    const rungs = Array.from({ length: s + 1 }, (_, i) => ({
      configs: Math.floor(n / eta ** i),
      epochs: Math.max(1, Math.round(maxEpochs / eta ** (s - i))),
    }));
    brackets.push({ s, rungs });
  }
  return brackets;
}

/** Hyperband over the search's brackets, most aggressive first, repeated until halted. */
export const hyperband: SearchStrategy = {
  name: 'hyperband',
  label: 'Hyperband (successive halving)',
  async run(context) {
    const brackets = hyperbandBrackets(context.maxEpochs);
    for (;;) {
      for (const bracket of brackets) {
        if (context.halted() || context.trialsLeft() <= 0) return;
        await runBracket(context, bracket);
      }
    }
  },
};

/**
 * Successive halving within one bracket. A promoted configuration trains again from scratch
 * with the next rung's epochs: no warm start, so every rung's model is an ordinary
 * `trainModel` result (early stopping included) and the records stay independent.
 */
async function runBracket(context: StrategyContext, bracket: HyperbandBracket): Promise<void> {
  // The trial budget may cut the first rung short; halving then goes on from what started.
  const count = Math.min(bracket.rungs[0]?.configs ?? 0, context.trialsLeft());
  const candidates = Array.from({ length: count }, () => context.sample());
  let rung: SearchTrial[] = [];
  for (const [index, { epochs }] of bracket.rungs.entries()) {
    if (index === 0) {
      for (const params of candidates) {
        if (context.halted()) return;
        const trial = context.newTrial(params, bracket.s);
        rung.push(trial);
        await context.train(trial, epochs);
      }
    } else {
      for (const trial of rung) {
        if (context.halted()) return;
        await context.train(trial, epochs);
      }
    }
    if (index === bracket.rungs.length - 1) return;
    // floor(n_i / η) of the rung go on, as n_{i+1} = floor(n η^-(i+1)); at least one, so a
    // bracket cut short by the trial budget still trains its best at the full budget.
    const scored = context.rank(rung.filter((trial) => trial.status === 'running'));
    const promoted = Math.max(1, Math.floor(rung.length / ETA));
    for (const trial of scored.slice(promoted)) context.stop(trial);
    rung = scored.slice(0, promoted);
  }
}
