import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { fitPreprocessing, transformRows } from './preprocess';

describe('preprocessing', () => {
  it('is fitted on the training rows only and applied unchanged to others', async () => {
    const table = await readCsv('x,colour\n1,red\n3,blue\n100,green\nNA,red\n,\n');
    const prep = fitPreprocessing(table, ['x', 'colour'], [0, 1], { minCategoryCount: 1 });
    expect(prep.steps).toEqual([
      { column: 'x', kind: 'numeric', fill: 2, mean: 2, std: 1, indicator: false },
      {
        column: 'colour',
        kind: 'one-hot',
        categories: ['blue', 'red'],
        fill: 'blue',
        indicator: false,
      },
    ]);
    expect(prep.inputs).toEqual(['x', 'colour=blue', 'colour=red', 'colour=(other)']);
    // Row 2: x scaled with the training mean/std; "green" was never seen: the "other" slot.
    // Row 3: missing x becomes the training mean (0 after scaling).
    // Row 4: a missing category takes the most frequent training one ("blue" wins the tie by name).
    expect(Array.from(transformRows(prep, table, [2, 3, 4]))).toEqual([
      98, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0,
    ]);
    expect(JSON.parse(JSON.stringify(prep))).toEqual(prep);
  });

  it('imputes with the median or most frequent value and adds missing indicators', async () => {
    const table = await readCsv('x\n1\n2\n2\n10\nNA\n');
    const rows = [0, 1, 2, 3, 4];
    const median = fitPreprocessing(table, ['x'], rows, {
      imputation: 'median',
      missingIndicators: true,
    });
    expect(median.steps[0]).toMatchObject({ fill: 2, indicator: true });
    expect(median.inputs).toEqual(['x', 'x.missing']);
    const filled = transformRows(median, table, [4]);
    expect(filled[1]).toBe(1);
    const mode = fitPreprocessing(table, ['x'], rows, { imputation: 'most_frequent' });
    expect(mode.steps[0]).toMatchObject({ fill: 2, indicator: false });
    const mean = fitPreprocessing(table, ['x'], rows, { imputation: 'mean' });
    expect(mean.steps[0]).toMatchObject({ fill: 3.75 });
  });

  it('turns dates into a year trend and cyclic month, weekday and day-of-year parts', async () => {
    const table = await readCsv('d\n2020-01-01\n2021-07-01\n2022-12-31\n');
    const prep = fitPreprocessing(table, ['d'], [0, 1, 2]);
    expect(prep.inputs).toEqual([
      'd.year',
      'd.month_sin',
      'd.month_cos',
      'd.weekday_sin',
      'd.weekday_cos',
      'd.yearday_sin',
      'd.yearday_cos',
    ]);
    const [year, monthSin, monthCos] = transformRows(prep, table, [0]);
    expect(year).toBeLessThan(0);
    expect(monthSin).toBeCloseTo(0, 6); // January: angle 0
    expect(monthCos).toBeCloseTo(1, 6);
  });

  it('names the row and input when a value overflows float32', async () => {
    const table = await readCsv('x,y\n1e300,a\n-1e300,b\n');
    const prep = fitPreprocessing(table, ['x'], [0]);
    expect(() => transformRows(prep, table, [0, 1])).toThrow(
      expect.objectContaining({ code: 'non_finite_input', details: { row: 2, input: 'x' } }),
    );
  });
});
