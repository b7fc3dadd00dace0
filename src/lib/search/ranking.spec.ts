import { describe, expect, it } from 'vitest';
import { rankTrials, scoreOf } from './ranking';
import type { SearchTrial } from './types';

function trial(id: number, fields: Partial<SearchTrial> = {}): SearchTrial {
  return {
    id,
    baseline: id === 1,
    bracket: null,
    params: { model: 'linear', learningRate: 0.01, batchSize: 32, l2: 0 },
    score: null,
    metricName: 'accuracy',
    status: 'complete',
    rungs: [],
    epochs: 9,
    epochsRun: 9,
    validation: null,
    testScore: null,
    bytes: 0,
    startedMs: 0,
    finishedMs: 0,
    ...fields,
  };
}

describe('scoreOf', () => {
  it('is accuracy for classes and minus the RMSE for regression', () => {
    expect(scoreOf({ rowCount: 4, accuracy: 0.75, rmse: 2 }, 'multiclass')).toBe(0.75);
    expect(scoreOf({ rowCount: 4, rmse: 2.5, r2: 0.3 }, 'regression')).toBe(-2.5);
    expect(scoreOf(null, 'binary')).toBeNull();
    expect(scoreOf({ rowCount: 4, rmse: NaN }, 'regression')).toBeNull();
  });
});

describe('rankTrials', () => {
  it('orders by score, then lower log loss, then larger budget, then lower id', () => {
    const ranked = rankTrials([
      trial(1, { score: 0.9, validation: { rowCount: 12, logLoss: 0.3 } }),
      trial(2, { score: 1, validation: { rowCount: 12, logLoss: 0.2 }, epochs: 3 }),
      trial(3, { score: 1, validation: { rowCount: 12, logLoss: 0.1 }, epochs: 1 }),
      trial(4, { score: 1, validation: { rowCount: 12, logLoss: 0.2 }, epochs: 9 }),
      trial(5, { score: 1, validation: { rowCount: 12, logLoss: 0.2 }, epochs: 9 }),
      trial(6, { score: 0.95, status: 'stopped' }),
    ]);
    expect(ranked.map((t) => t.id)).toEqual([3, 4, 5, 2, 6, 1]);
  });

  it('puts unscored trials after scored ones, failed and cancelled last by id', () => {
    const ranked = rankTrials([
      trial(1, { status: 'failed', score: 1 }),
      trial(2, { score: -3, metricName: 'neg_rmse' }),
      trial(3, { status: 'cancelled' }),
      trial(4, { score: null }),
      trial(5, { score: -2, metricName: 'neg_rmse', epochs: 1 }),
    ]);
    expect(ranked.map((t) => t.id)).toEqual([5, 2, 4, 1, 3]);
  });
});
