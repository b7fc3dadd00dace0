import { describe, expect, it } from 'vitest';
import { trainedOn } from '../quantize/test-models';
import { partialDependence } from './partial-dependence';

describe('partialDependence', () => {
  it('is the mean of the ICE curves, straight for a linear regression', async () => {
    const { table, model } = await trainedOn('cars', { model: 'linear', epochs: 30 });
    const result = await partialDependence(model, table, { feature: 'Weight_in_lbs', rows: 50 });
    expect(result.kind).toBe('number');
    expect(result.output).toBe('value');
    expect(result.grid).toHaveLength(20);
    expect(result.ice).toHaveLength(50);
    result.average.forEach((value, g) => {
      const mean = result.ice.reduce((sum, curve) => sum + (curve[g] ?? 0), 0) / result.ice.length;
      expect(value).toBeCloseTo(mean, 9);
    });
    // Linear in the feature: equal steps of the grid give equal steps of the average.
    const steps = result.average.slice(1).map((v, i) => v - (result.average[i] ?? 0));
    for (const step of steps) expect(step).toBeCloseTo(steps[0] ?? NaN, 3);
    // Grid from the 5th to the 95th percentile, increasing.
    const grid = result.grid as number[];
    expect(grid.every((v, i) => i === 0 || v > (grid[i - 1] ?? -Infinity))).toBe(true);
  });

  it('takes every category of a one-hot column, and a class probability for classes', async () => {
    const cars = await trainedOn('cars', { epochs: 20 });
    const origin = await partialDependence(cars.model, cars.table, { feature: 'Origin', rows: 30 });
    const step = cars.model.preprocessing.steps.find((s) => s.column === 'Origin');
    expect(origin.kind).toBe('category');
    expect(origin.grid).toEqual(step?.kind === 'one-hot' ? step.categories : []);
    const iris = await trainedOn('iris', { epochs: 20 });
    const petal = await partialDependence(iris.model, iris.table, {
      feature: 'petal_length_(cm)',
      class: 'setosa',
    });
    expect(petal.class).toBe('setosa');
    expect(petal.output).toBe('probability');
    expect(petal.average.every((p) => p >= 0 && p <= 1)).toBe(true);
    // Longer petals make setosa less likely.
    expect(petal.average[0]).toBeGreaterThan(petal.average.at(-1) ?? 1);
  });

  it('refuses an unknown feature, an unknown class and bad settings', async () => {
    const { table, model } = await trainedOn('iris', { epochs: 5 });
    await expect(partialDependence(model, table, { feature: 'colour' })).rejects.toMatchObject({
      code: 'unknown_column',
    });
    for (const options of [{ class: 'rose' }, { gridPoints: 1 }, { rows: 0 }]) {
      await expect(
        partialDependence(model, table, { feature: 'petal_length_(cm)', ...options }),
      ).rejects.toMatchObject({
        code: 'invalid_explain_options',
      });
    }
  });
});
