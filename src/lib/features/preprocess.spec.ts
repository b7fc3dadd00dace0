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

  it('names the row, column and input when a value overflows float32', async () => {
    const table = await readCsv('x,y\n1e300,a\n-1e300,b\n');
    const prep = fitPreprocessing(table, ['x'], [0]);
    expect(() => transformRows(prep, table, [0, 1])).toThrow(
      expect.objectContaining({
        code: 'non_finite_input',
        details: { row: 2, column: 'x', input: 'x' },
      }),
    );
  });

  it("names the file's first bad row, whatever order the batch has the rows in", async () => {
    // Rows 5 and 8 of the file overflow float32 once scaled (1e40 / std 1.1 > 3.4e38).
    const x = [1, 2, 3, 4, '1e40', 2, 3, '-1e40', 1, 2];
    const csv = `colour,x\n${x.map((v, i) => `${['red', 'blue'][i % 2]},${v}`).join('\n')}\n`;
    const table = await readCsv(csv);
    const prep = fitPreprocessing(table, ['colour', 'x'], [0, 1, 2, 3], {
      minCategoryCount: 1,
      missingIndicators: true,
    });
    expect(prep.inputs).toEqual(['colour=blue', 'colour=red', 'colour=(other)', 'x']);
    expect(() => transformRows(prep, table, [9, 7, 2, 4, 0])).toThrow(
      expect.objectContaining({
        code: 'non_finite_input',
        message: 'Row 5, column "x" gives the model input "x" a value that is not a finite number.',
        details: { row: 5, column: 'x', input: 'x' },
      }),
    );
    expect(() => transformRows(prep, table, [9, 7])).toThrow(
      expect.objectContaining({ details: { row: 8, column: 'x', input: 'x' } }),
    );
    expect(() => transformRows(prep, table, [9, 6, 0])).not.toThrow();
  });

  it('refuses a fit whose mean or spread overflows, naming the first row with the extreme value', async () => {
    const csvWith = (cells: Record<number, string>) =>
      `x\n${Array.from({ length: 12 }, (_, i) => cells[i + 1] ?? String(i + 1)).join('\n')}\n`;
    const shuffled = [11, 8, 3, 5, 0, 9, 1, 10, 2, 7, 4, 6];
    const cases: [Record<number, string>, string][] = [
      // Infinity (also what 1e309 reads as) makes the mean infinite.
      [
        { 6: 'Infinity' },
        'Row 6, column "x": Infinity is not a finite number; models cannot train on it.',
      ],
      [
        { 6: '-1e309', 9: 'Infinity' },
        'Row 6, column "x": -Infinity is not a finite number; models cannot train on it.',
      ],
      // The squared deviation of 1e300 overflows: the spread is infinite.
      [
        { 6: '1e300' },
        'Row 6, column "x": 1e+300 is too extreme to scale; the column\'s mean or spread is not a finite number.',
      ],
      [
        { 6: '-1e200' },
        'Row 6, column "x": -1e+200 is too extreme to scale; the column\'s mean or spread is not a finite number.',
      ],
      // Two values that are finite alone but whose sum overflows: the mean is infinite.
      [
        { 9: '1.7e308', 6: '1.7e308' },
        'Row 6, column "x": 1.7e+308 is too extreme to scale; the column\'s mean or spread is not a finite number.',
      ],
    ];
    for (const [cells, message] of cases) {
      const table = await readCsv(csvWith(cells));
      for (const imputation of ['mean', 'median', 'most_frequent'] as const) {
        expect(() => fitPreprocessing(table, ['x'], shuffled, { imputation })).toThrow(
          expect.objectContaining({
            code: 'non_finite_input',
            message,
            details: { row: 6, column: 'x' },
          }),
        );
      }
    }
    // Large but scalable: 1e39 and 1e150 standardise to finite float32 inputs.
    for (const big of ['1e39', '1e150']) {
      const table = await readCsv(csvWith({ 6: big }));
      const prep = fitPreprocessing(table, ['x'], shuffled);
      expect(transformRows(prep, table, shuffled).every(Number.isFinite)).toBe(true);
    }
  });

  it('refuses a date step fitted on an infinite time', () => {
    const values = Float64Array.from([0, 86_400_000, Infinity, 3 * 86_400_000]);
    const table = {
      rowCount: 4,
      columns: [
        { name: 'd', kind: 'datetime' as const, storage: 'number' as const, values, missing: 0 },
      ],
      issues: [],
    };
    expect(() => fitPreprocessing(table, ['d'], [3, 2, 1, 0])).toThrow(
      expect.objectContaining({ code: 'non_finite_input', details: { row: 3, column: 'd' } }),
    );
  });
});
