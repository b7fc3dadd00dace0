/**
 * Time bounds for the drift statistics on large samples (the `hostile` vitest project runs
 * this alone). Measured on the 2-core dev box: KS or Wasserstein on 1M x 1M ~0.3 s (sorting
 * the two copies is ~0.23 s of it); the exact KS p-value's worst case at scipy's exact limit,
 * disjoint samples of 10000 x 9999, ~0.5 s (scipy's compiled loop: ~0.45 s). Bounds leave
 * room for a slower machine.
 */
import { describe, expect, it } from 'vitest';
import { ksTwoSample, wassersteinDistance } from './index';

function uniform(n: number, shift: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 16807) % 2147483647; // Park-Miller: deterministic, good enough here
    out[i] = state / 2147483647 + shift;
  }
  return out;
}

function seconds<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, (performance.now() - start) / 1000];
}

describe('drift statistics on large samples', () => {
  const a = uniform(1_000_000, 0, 1);
  const b = uniform(1_000_000, 0.001, 2);

  it('KS on 1M x 1M takes well under 2 s (asymptotic p-value)', () => {
    const [result, time] = seconds(() => ksTwoSample(a, b));
    expect(result.method).toBe('asymp');
    expect(time).toBeLessThan(2);
  });

  it('Wasserstein on 1M x 1M takes well under 2 s', () => {
    const [distance, time] = seconds(() => wassersteinDistance(a, b));
    expect(distance).toBeGreaterThan(0);
    expect(time).toBeLessThan(2);
  });

  it("the exact p-value's worst case at the exact limit takes under 4 s", () => {
    const [result, time] = seconds(() => ksTwoSample(uniform(10000, 0, 3), uniform(9999, 2, 4)));
    expect(result).toEqual({ statistic: 1, pValue: 0, method: 'exact' });
    expect(time).toBeLessThan(4);
  });
});
