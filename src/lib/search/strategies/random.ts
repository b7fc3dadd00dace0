import type { SearchStrategy } from '../types';

/**
 * Random search (Bergstra and Bengio 2012): every configuration trains at the full budget, one
 * after another, until the trials or the clock run out. The baseline to beat for hyperband.
 */
export const randomSearch: SearchStrategy = {
  name: 'random',
  label: 'random search',
  async run(context) {
    while (!context.halted() && context.trialsLeft() > 0) {
      const trial = context.newTrial(context.sample(), null);
      await context.train(trial, context.maxEpochs);
    }
  },
};
