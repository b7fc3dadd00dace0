/**
 * The pruning schedule and masks as pure functions. Expected sparsities are TFMOT's
 * PolynomialDecay.__call__ (pruning_schedule.py) worked by hand:
 *   p = min(1, max(0, (step - begin) / (end - begin)));  s = (s_i - s_f) * (1 - p)^power + s_f
 */
import { describe, expect, it } from 'vitest';
import { applyMask, countZeros, magnitudeMasks, prunedCount } from './masks';
import { firstFinalEpoch, maskUpdateDue, resolveSchedule, sparsityAt } from './schedule';
import type { PruningScheduleOptions } from './types';

const run = { sparsity: 0.5, epochs: 30, stepsPerEpoch: 4 };

describe('resolveSchedule', () => {
  it('fills TFMOT defaults: from 0 at step 0, power 3, ending on the epoch at 2/3 of the run', () => {
    expect(resolveSchedule(undefined, run)).toEqual({
      kind: 'polynomial_decay',
      initialSparsity: 0,
      finalSparsity: 0.5,
      power: 3,
      beginStep: 0,
      // round(30 x 2/3) = 20 epochs of 4 steps, then 10 epochs at the final sparsity.
      endStep: 80,
      frequency: 4,
      stepsPerEpoch: 4,
      totalSteps: 120,
    });
    // One epoch: the ramp takes it all.
    expect(resolveSchedule({}, { ...run, epochs: 1 }).endStep).toBe(4);
  });

  it.each<[PruningScheduleOptions, string]>([
    [{ frequency: 0 }, 'frequency'],
    [{ frequency: 1.5 }, 'frequency'],
    [{ power: 0 }, 'power'],
    [{ power: Number.NaN }, 'power'],
    [{ initialSparsity: 0.6 }, 'initialSparsity'],
    [{ initialSparsity: -0.1 }, 'initialSparsity'],
    [{ endStep: 121 }, 'steps'],
    [{ beginStep: 50, endStep: 40 }, 'steps'],
    [{ beginStep: -1 }, 'steps'],
    [{ endStep: 2.5 }, 'steps'],
    [{ finalSparsity: 0.5 } as PruningScheduleOptions, 'finalSparsity'],
  ])('refuses %j with invalid_prune_options', (schedule, word) => {
    expect(() => resolveSchedule(schedule, run)).toThrow(
      expect.objectContaining({
        code: 'invalid_prune_options',
        message: expect.stringContaining(word) as string,
      }) as Error,
    );
  });
});

describe('sparsityAt', () => {
  const schedule = resolveSchedule({ endStep: 100 }, { ...run, epochs: 50 });

  it.each([
    [0, 0],
    // p = 0.25: 0.5 - 0.5 x 0.75^3 = 0.5 - 0.2109375
    [25, 0.2890625],
    // p = 0.5: 0.5 - 0.5 x 0.125
    [50, 0.4375],
    // p = 0.75: 0.5 - 0.5 x 0.015625
    [75, 0.4921875],
    [100, 0.5],
    // Past end_step, p is clamped to 1.
    [150, 0.5],
  ])('at step %i is %f (s_i 0, s_f 0.5, steps 0 to 100, power 3)', (step, expected) => {
    expect(sparsityAt(schedule, step)).toBe(expected);
  });

  it('follows initial sparsity, begin step and power as TFMOT does', () => {
    const other = resolveSchedule(
      { initialSparsity: 0.1, beginStep: 10, endStep: 60, power: 2 },
      { sparsity: 0.8, epochs: 20, stepsPerEpoch: 4 },
    );
    // Before begin_step p is clamped to 0: s_i.
    expect(sparsityAt(other, 5)).toBeCloseTo(0.1, 15);
    // p = 0.5: 0.8 + (0.1 - 0.8) x 0.25 = 0.625
    expect(sparsityAt(other, 35)).toBeCloseTo(0.625, 15);
    // p = 0.2: 0.8 - 0.7 x 0.64 = 0.352
    expect(sparsityAt(other, 20)).toBeCloseTo(0.352, 15);
    expect(sparsityAt(other, 60)).toBeCloseTo(0.8, 15);
  });
});

describe('maskUpdateDue', () => {
  it("is TFMOT's rule (every frequency steps within [begin, end]) plus the end step", () => {
    const schedule = resolveSchedule(
      { endStep: 250, frequency: 100 },
      { sparsity: 0.5, epochs: 100, stepsPerEpoch: 4 },
    );
    const due = Array.from({ length: 400 }, (_, step) => step).filter((step) =>
      maskUpdateDue(schedule, step),
    );
    expect(due).toEqual([0, 100, 200, 250]);
    expect(firstFinalEpoch(schedule)).toBe(63);
  });
});

describe('magnitude masks', () => {
  it("prunes TFMOT's count: n - round(n (1 - s))", () => {
    expect(prunedCount(256, 0.5)).toBe(128);
    expect(prunedCount(256, 0.3)).toBe(77);
    expect(prunedCount(192, 0.3)).toBe(58);
    expect(prunedCount(10, 0)).toBe(0);
    expect(prunedCount(3, 0.99)).toBe(3);
  });

  it('prunes the smallest |w|, ties to the earlier weight, exactly the count', () => {
    const kernel = Float32Array.of(0.5, -0.1, 0.1, -0.3, 0.1, 2);
    const [mask] = magnitudeMasks([kernel], 0.5, 'layer');
    // |w| sorted: 0.1 (index 1), 0.1 (2), 0.1 (4), 0.3, 0.5, 2: three pruned, the three 0.1s.
    expect(Array.from(mask ?? [])).toEqual([1, 0, 0, 1, 0, 1]);
    const [fewer] = magnitudeMasks([kernel], 0.34, 'layer');
    // round(6 x 0.66) = 4 kept: two pruned, the first two of the tied 0.1s.
    expect(Array.from(fewer ?? [])).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('global scope uses one threshold over every kernel', () => {
    const small = Float32Array.of(0.01, 0.02, 0.03, 0.04);
    const large = Float32Array.of(1, 2, 3, 4);
    const masks = magnitudeMasks([small, large], 0.5, 'global');
    expect(masks.map((m) => Array.from(m))).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ]);
    const layered = magnitudeMasks([small, large], 0.5, 'layer');
    expect(layered.map((m) => Array.from(m))).toEqual([
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
  });

  it('writes +0, never -0, and counts zeros of either sign', () => {
    const values = applyMask(Float32Array.of(-1, -2, 3), Uint8Array.of(0, 1, 0));
    expect(Object.is(values[0], 0)).toBe(true);
    expect(Object.is(values[2], 0)).toBe(true);
    expect(countZeros(Float32Array.of(0, -0, 1))).toBe(2);
  });
});
