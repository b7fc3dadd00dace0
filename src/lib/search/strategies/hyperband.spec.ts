import { describe, expect, it } from 'vitest';
import { rankTrials } from '../ranking';
import type { SearchParams, SearchTrial, StrategyContext } from '../types';
import { hyperband, hyperbandBrackets } from './hyperband';

/** [n_i, r_i] per rung of each bracket, as the brackets come (s_max first). */
const table = (maxEpochs: number) =>
  hyperbandBrackets(maxEpochs).map((b) => b.rungs.map((r) => [r.configs, r.epochs]));

describe('hyperbandBrackets', () => {
  it('matches Table 1 of Li et al. (2018) for R = 81, η = 3', () => {
    // prettier-ignore
    expect(table(81)).toEqual([
      [[81, 1], [27, 3], [9, 9], [3, 27], [1, 81]],
      [[34, 3], [11, 9], [3, 27], [1, 81]],
      [[15, 9], [5, 27], [1, 81]],
      [[8, 27], [2, 81]],
      [[5, 81]],
    ]);
    expect(hyperbandBrackets(81).map((b) => b.s)).toEqual([4, 3, 2, 1, 0]);
  });

  it('works R = 27 out by hand: s_max = 3, B = 4R, n = ceil(4 · 3^s / (s + 1))', () => {
    // prettier-ignore
    expect(table(27)).toEqual([
      [[27, 1], [9, 3], [3, 9], [1, 27]],
      [[12, 3], [4, 9], [1, 27]],
      [[6, 9], [2, 27]],
      [[4, 27]],
    ]);
  });

  it('counts s_max in integers and rounds epochs when R is not a power of η', () => {
    expect(hyperbandBrackets(243)[0]?.s).toBe(5);
    expect(hyperbandBrackets(200)[0]?.rungs.map((r) => r.epochs)).toEqual([2, 7, 22, 67, 200]);
    expect(table(2)).toEqual([[[1, 2]]]);
    expect(table(1)).toEqual([[[1, 1]]]);
  });
});

/** A context that "trains" instantly: a configuration's score is its learning rate. */
function fakeContext(maxEpochs: number, trialBudget: number) {
  const trials: SearchTrial[] = [];
  const trained: Array<[number, number]> = [];
  let next = 0;
  const context: StrategyContext = {
    maxEpochs,
    trialsLeft: () => trialBudget - trials.length,
    halted: () => false,
    sample: (): SearchParams => ({
      model: 'linear',
      learningRate: (next++ * 37) % 101,
      batchSize: 1,
      l2: 0,
    }),
    newTrial: (params, bracket) => {
      const trial = { id: trials.length + 1, params, bracket, status: 'running', rungs: [] };
      trials.push(trial as unknown as SearchTrial);
      return trials.at(-1) as SearchTrial;
    },
    train: (trial, epochs) => {
      trained.push([trial.id, epochs]);
      Object.assign(trial, { epochs, score: trial.params.learningRate });
      trial.rungs.push({ epochs, score: trial.score });
      if (epochs >= maxEpochs) trial.status = 'complete';
      return Promise.resolve();
    },
    stop: (trial) => void (trial.status = 'stopped'),
    rank: rankTrials,
  };
  return { context, trials, trained };
}

describe('the hyperband strategy', () => {
  it("runs successive halving in every bracket, most aggressive first, with the paper's counts", async () => {
    // Budget for exactly the configurations of one round of R = 9's brackets (9 + 5 + 3).
    const { context, trials, trained } = fakeContext(9, 17);
    await hyperband.run(context);
    const perRung = (bracket: number, epochs: number) =>
      trained.filter(([id, e]) => trials[id - 1]?.bracket === bracket && e === epochs).length;
    // prettier-ignore
    expect(table(9)).toEqual([[[9, 1], [3, 3], [1, 9]], [[5, 3], [1, 9]], [[3, 9]]]);
    expect([perRung(2, 1), perRung(2, 3), perRung(2, 9)]).toEqual([9, 3, 1]);
    expect([perRung(1, 3), perRung(1, 9)]).toEqual([5, 1]);
    expect(perRung(0, 9)).toBe(3);
    // The best of each rung go on: bracket 2's winner has the highest score of its nine.
    const bracket2 = trials.filter((t) => t.bracket === 2);
    const winner = bracket2.find((t) => t.status === 'complete');
    expect(winner?.score).toBe(Math.max(...bracket2.map((t) => t.params.learningRate)));
    expect(bracket2.filter((t) => t.status === 'stopped')).toHaveLength(8);
    expect(trials.every((t) => t.status !== 'running')).toBe(true);
  });

  it('cuts a bracket to the trials left and still trains its best at the full budget', async () => {
    const { context, trials, trained } = fakeContext(9, 4);
    await hyperband.run(context);
    expect(trials).toHaveLength(4);
    // 4 at 1 epoch, floor(4 / 3) = 1 at 3, 1 at 9.
    expect(trained.map(([, e]) => e)).toEqual([1, 1, 1, 1, 3, 9]);
  });
});
