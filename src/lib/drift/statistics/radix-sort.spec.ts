/**
 * sortNumbers must give what Float64Array.prototype.sort gives, bit for bit: every drift
 * statistic sorts through it, and their results are pinned to scipy's.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../train/rng';
import { sortNumbers } from './radix-sort';

/** The values' bits, so that -0 and 0 (and any two doubles) tell apart. */
const bitsOf = (values: Float64Array) => Array.from(new BigUint64Array(values.slice().buffer));

function expectAsBuiltIn(values: Float64Array): void {
  const expected = values.slice().sort();
  expect(bitsOf(sortNumbers(values.slice()))).toEqual(bitsOf(expected));
}

const SPECIAL = [
  -0,
  0,
  Infinity,
  -Infinity,
  5e-324,
  -5e-324,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  2.2250738585072014e-308,
  1,
  -1,
];

describe('sortNumbers = Float64Array.prototype.sort', () => {
  const random = createRng(5);
  const draws: Record<string, () => number> = {
    uniform: () => random() - 0.5,
    'small integers': () => Math.floor(random() * 50),
    'one decimal': () => Math.round(random() * 1000) / 10,
    'special values': () => SPECIAL[Math.floor(random() * SPECIAL.length)]!,
    'any bits but NaN': () => {
      const words = Uint32Array.from([random() * 2 ** 32, random() * 2 ** 32]);
      const value = new Float64Array(words.buffer)[0]!;
      return Number.isNaN(value) ? 0 : value;
    },
    'signed zeros': () => (random() < 0.5 ? -0 : 0),
  };

  // Sizes on both sides of the radix threshold (2^14).
  it.each(Object.keys(draws))('%s', (name) => {
    for (const n of [0, 1, 2, 3, 1000, 16383, 16384, 16385, 100_000]) {
      expectAsBuiltIn(Float64Array.from({ length: n }, draws[name]!));
    }
  });

  it('sorts input that is in order but for -0 after 0', () => {
    for (const n of [10, 40_000]) {
      const values = Float64Array.from({ length: n }, (_, i) => i - n / 2);
      values.set([0, -0], n / 2);
      expectAsBuiltIn(values);
    }
  });

  it('sorts in place and returns its argument', () => {
    const values = Float64Array.from({ length: 20_000 }, () => random());
    const expected = values.slice().sort();
    expect(sortNumbers(values)).toBe(values);
    expect(bitsOf(values)).toEqual(bitsOf(expected));
  });
});
