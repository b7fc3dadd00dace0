import { describe, expect, it } from 'vitest';
import { compressedWeightBytes } from './compressed-size';

describe('compressedWeightBytes', () => {
  it('counts zeros as cheap and noise as dear', () => {
    const noise = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453);
    const zeros = new Float32Array(4096);
    const dense = compressedWeightBytes([{ name: 'a/kernel', shape: [64, 64], values: noise }]);
    const empty = compressedWeightBytes([{ name: 'a/kernel', shape: [64, 64], values: zeros }]);
    expect(dense).toBeGreaterThan(4096 * 4 * 0.8);
    expect(empty).toBeLessThan(100);
  });

  it('reads each weight through its own view, not its whole buffer', () => {
    const buffer = new Float32Array(8).fill(1);
    const view = buffer.subarray(0, 2);
    const copy = Float32Array.from(view);
    expect(compressedWeightBytes([{ name: 'a/bias', shape: [2], values: view }])).toBe(
      compressedWeightBytes([{ name: 'a/bias', shape: [2], values: copy }]),
    );
  });
});
