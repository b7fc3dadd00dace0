import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { fitPreprocessing, transformRows } from './preprocess';

describe('preprocessing', () => {
  it('is fitted on the training rows only and applied unchanged to others', async () => {
    const table = await readCsv('x,colour\n1,red\n3,blue\n100,green\nNA,red\n');
    const prep = fitPreprocessing(table, ['x', 'colour'], [0, 1]);
    expect(prep.steps).toEqual([
      { column: 'x', kind: 'numeric', mean: 2, std: 1 },
      { column: 'colour', kind: 'one-hot', categories: ['blue', 'red'] },
    ]);
    expect(prep.width).toBe(3);
    // Row 2: x scaled with the training mean/std; "green" was never seen, so all zeros.
    // Row 3: missing x becomes the training mean (0 after scaling).
    expect(Array.from(transformRows(prep, table, [2, 3]))).toEqual([98, 0, 0, 0, 0, 1]);
    expect(JSON.parse(JSON.stringify(prep))).toEqual(prep);
  });

  it('refuses values that overflow float32 instead of training on Infinity', async () => {
    const table = await readCsv('x,y\n1e300,a\n-1e300,b\n');
    const prep = fitPreprocessing(table, ['x'], [0]);
    expect(() => transformRows(prep, table, [0, 1])).toThrow(
      expect.objectContaining({ code: 'non_finite_input' }),
    );
  });
});
