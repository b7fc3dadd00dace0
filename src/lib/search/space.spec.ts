import { describe, expect, it } from 'vitest';
import { createRng } from '../train/rng';
import { DEFAULT_SEARCH_SPACE, resolveSpace, sampleParams } from './space';

const draw = (count: number, seed: number, overrides = {}) => {
  const space = resolveSpace(overrides);
  const random = createRng(seed);
  return Array.from({ length: count }, () => sampleParams(space, random));
};

describe('sampleParams', () => {
  const samples = draw(4000, 7);

  it('stays inside the default space and draws only what the kind reads', () => {
    for (const p of samples) {
      expect(p.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(p.learningRate).toBeLessThanOrEqual(3e-2);
      expect(DEFAULT_SEARCH_SPACE.batchSize).toContain(p.batchSize);
      expect(p.l2 === 0 || (p.l2 >= 1e-6 && p.l2 <= 1e-2)).toBe(true);
      if (p.model === 'linear') {
        expect(Object.keys(p).sort()).toEqual(['batchSize', 'l2', 'learningRate', 'model']);
        continue;
      }
      expect(p.model).toBe('mlp');
      expect(p.hidden?.length).toBeGreaterThanOrEqual(1);
      expect(p.hidden?.length).toBeLessThanOrEqual(3);
      for (const units of p.hidden ?? []) expect(DEFAULT_SEARCH_SPACE.units).toContain(units);
      expect(DEFAULT_SEARCH_SPACE.activation).toContain(p.activation);
      expect(p.dropout).toBeGreaterThanOrEqual(0);
      expect(p.dropout).toBeLessThanOrEqual(0.5);
      expect(Math.round((p.dropout ?? 0) * 100) / 100).toBe(p.dropout);
    }
  });

  it('draws the learning rate and L2 log-uniformly, dropout uniformly', () => {
    // Log-uniform on [1e-4, 3e-2]: log10 is uniform on [-4, -1.523], so a share of
    // 1 / 2.477 = 0.404 falls below 1e-3 (uniform would put 3% there) and the mean of log10
    // is the middle, -2.761. 4000 draws: the share's standard error is 0.008.
    const logs = samples.map((p) => Math.log10(p.learningRate));
    const below = logs.filter((v) => v < -3).length / logs.length;
    expect(below).toBeCloseTo(1 / (Math.log10(3e-2) + 4), 1);
    expect(Math.abs(below - 0.404)).toBeLessThan(0.03);
    expect(logs.reduce((a, b) => a + b, 0) / logs.length).toBeCloseTo(-2.761, 1);
    // Each decade of L2 (1e-6 to 1e-2, four decades) holds about a quarter of the non-zero draws;
    // a quarter of all draws have no L2 at all.
    const l2 = samples.filter((p) => p.l2 > 0).map((p) => Math.log10(p.l2));
    expect(1 - l2.length / samples.length).toBeCloseTo(0.25, 1);
    for (const decade of [-6, -5, -4, -3]) {
      const share = l2.filter((v) => v >= decade && v < decade + 1).length / l2.length;
      expect(Math.abs(share - 0.25)).toBeLessThan(0.04);
    }
    const dropout = samples.flatMap((p) => (p.dropout === undefined ? [] : [p.dropout]));
    expect(dropout.reduce((a, b) => a + b, 0) / dropout.length).toBeCloseTo(0.25, 1);
    // Both kinds and every layer count are drawn about equally.
    expect(samples.filter((p) => p.model === 'linear').length / samples.length).toBeCloseTo(0.5, 1);
    const threeLayers = samples.filter((p) => p.hidden?.length === 3).length;
    expect(threeLayers / samples.filter((p) => p.hidden).length).toBeCloseTo(1 / 3, 1);
  });

  it('gives the same sequence for the same seed, another for another', () => {
    expect(draw(20, 11)).toEqual(draw(20, 11));
    expect(draw(20, 11)).not.toEqual(draw(20, 12));
  });

  it('follows a narrowed space, pinning what is pinned', () => {
    const pinned = draw(50, 3, { model: ['mlp'], layers: [2, 2], units: [8], dropout: [0, 0] });
    for (const p of pinned) {
      expect(p).toMatchObject({ model: 'mlp', hidden: [8, 8], dropout: 0 });
    }
  });
});

describe('resolveSpace', () => {
  it.each([
    ['a typo', { learnignRate: [1e-3, 1e-2] }],
    ['min above max', { learningRate: [1e-2, 1e-3] }],
    ['a learning rate of 0', { learningRate: [0, 1e-2] }],
    ['no batch sizes', { batchSize: [] }],
    ['a fractional batch size', { batchSize: [16.5] }],
    ['an unknown model kind', { model: ['forest'] }],
    ['zero layers', { layers: [0, 2] }],
    ['an unknown activation', { activation: ['sigmoid'] }],
    ['dropout beyond the training limit', { dropout: [0, 0.95] }],
    ['L2 from 0 (not log-uniform)', { l2: [0, 1e-2] }],
    ['a share above 1', { l2Off: 2 }],
    ['not an object', 'wide'],
  ])('refuses %s with invalid_search_options', (_, space) => {
    expect(() => resolveSpace(space)).toThrow(
      expect.objectContaining({ code: 'invalid_search_options' }),
    );
  });
});
