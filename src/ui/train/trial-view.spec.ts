import { describe, expect, it } from 'vitest';
import type { SearchTrial } from '../../lib/search/types';
import { bestSoFar, formatScore, rankTrials } from './trial-view';

function trial(
  id: number,
  score: number | null,
  overrides: Partial<SearchTrial> = {},
): SearchTrial {
  return {
    id,
    baseline: id === 1,
    bracket: null,
    params: { model: 'mlp', learningRate: 0.01, batchSize: 32, l2: 0 },
    score,
    metricName: 'accuracy',
    status: 'complete',
    rungs: score === null ? [] : [{ epochs: 10, score }],
    epochs: 10,
    epochsRun: 10,
    validation: null,
    testScore: null,
    bytes: 100,
    startedMs: id * 100,
    finishedMs: id * 100 + 50,
    ...overrides,
  };
}

describe('the leaderboard while a search runs', () => {
  it('ranks by score, then log loss, then budget, then id, unscored last', () => {
    const logLoss = (value: number) => ({
      validation: { logLoss: value } as SearchTrial['validation'],
    });
    const ranked = rankTrials([
      trial(1, 0.9, logLoss(0.3)),
      trial(2, null),
      trial(3, 0.9, logLoss(0.2)),
      trial(4, 0.95, { epochs: 3 }),
      trial(5, 0.8),
    ]);
    expect(ranked.map((t) => t.id)).toEqual([4, 3, 1, 5, 2]);
  });

  it('draws the best so far as it rises, by finish time', () => {
    const line = bestSoFar([trial(1, 0.8), trial(2, 0.7), trial(3, 0.9), trial(4, null)]);
    expect(line).toEqual([
      { x: 0.15, y: 0.8 },
      { x: 0.35, y: 0.9 },
    ]);
    // A best found first runs on to the last finished trial.
    expect(bestSoFar([trial(1, 0.9), trial(2, 0.7)])).toEqual([
      { x: 0.15, y: 0.9 },
      { x: 0.25, y: 0.9 },
    ]);
  });

  it('shows accuracy in percent and RMSE as the positive error', () => {
    expect(formatScore({ metricName: 'accuracy' }, 0.9333)).toBe('93.3%');
    expect(formatScore({ metricName: 'neg_rmse' }, -3.21)).toBe('3.210');
    expect(formatScore({ metricName: 'accuracy' }, null)).toBe('—');
  });
});
