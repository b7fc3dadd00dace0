import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { predict } from './predict';
import { trainModel } from './train-model';

/** 30 rows: a numeric feature x (1..30, some cells replaced) and a class target. */
function csv(cells: Record<number, string>): string {
  const rows = Array.from({ length: 30 }, (_, i) => {
    const row = i + 1;
    return `${cells[row] ?? row},${row % 2 ? 'odd' : 'even'}`;
  });
  return `x,y\n${rows.join('\n')}\n`;
}

/**
 * With 30 rows and the default split, file row 6 lands in the training rows with seed 1, in
 * the validation rows with seed 31, and in the test rows with seed 3, third in their order
 * (after rows 14 and 26), so each check meets the bad cell at a different stage and place.
 */
const SEEDS = { train: 1, test: 3, validation: 31 };

async function trainError(text: string, seed: number): Promise<unknown> {
  const table = await readCsv(text);
  return trainModel(table, { target: 'y', features: ['x'], seed, epochs: 1 }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('row numbers in training errors are the file rows', () => {
  it('names row 6 for an infinite cell in row 6, wherever the split puts it', async () => {
    for (const cell of ['Infinity', '1e309', '-Infinity']) {
      const text = csv({ 6: cell });
      const table = await readCsv(text);
      // The read warning and the training error agree on the row.
      expect(table.issues).toContainEqual(
        expect.objectContaining({ code: 'non_finite_values', row: 6, column: 'x' }),
      );
      for (const seed of Object.values(SEEDS)) {
        expect(await trainError(text, seed), `${cell}, seed ${seed}`).toMatchObject({
          code: 'non_finite_input',
          details: { row: 6, column: 'x' },
        });
      }
    }
    expect(await trainError(csv({ 6: 'Infinity' }), SEEDS.train)).toMatchObject({
      message: 'Row 6, column "x": Infinity is not a finite number; models cannot train on it.',
    });
    expect(await trainError(csv({ 6: 'Infinity' }), SEEDS.test)).toMatchObject({
      message: 'Row 6, column "x" gives the model input "x" a value that is not a finite number.',
    });
  });

  it('names row 6 for a value that makes the fitted spread infinite or overflows float32', async () => {
    for (const cell of ['1e300', '-1e200', '1.7e308']) {
      for (const seed of Object.values(SEEDS)) {
        expect(await trainError(csv({ 6: cell }), seed), `${cell}, seed ${seed}`).toMatchObject({
          code: 'non_finite_input',
          details: { row: 6, column: 'x' },
        });
      }
    }
    expect(await trainError(csv({ 6: '1e300' }), SEEDS.train)).toMatchObject({
      message:
        'Row 6, column "x": 1e+300 is too extreme to scale; the column\'s mean or spread is not a finite number.',
    });
  });

  it('overflows float32 only outside the training rows, and names the row there', async () => {
    // 1e40 among the training rows is scaled by a spread of ~1e39: a finite input. Scaled by the
    // spread of 1..30 (~8.6) it is 1.2e39, past float32's 3.4e38.
    expect(await trainError(csv({ 6: '1e40' }), SEEDS.train)).toBeNull();
    for (const seed of [SEEDS.test, SEEDS.validation]) {
      expect(await trainError(csv({ 6: '1e40' }), seed)).toMatchObject({
        code: 'non_finite_input',
        details: { row: 6, column: 'x', input: 'x' },
      });
    }
    // 1e39 / 8.6 still fits in float32: nothing to refuse.
    expect(await trainError(csv({ 6: '1e39' }), SEEDS.test)).toBeNull();
  });

  it('names the first bad row of the file, not the first the batch order meets', async () => {
    // With seed 3, rows 14 and 6 are both test rows, and the test batch holds 14 first.
    expect(await trainError(csv({ 6: 'Infinity', 14: 'Infinity' }), SEEDS.test)).toMatchObject({
      details: { row: 6, column: 'x', input: 'x' },
    });
    expect(await trainError(csv({ 6: '1e40', 14: '-1e40' }), SEEDS.test)).toMatchObject({
      details: { row: 6, column: 'x', input: 'x' },
    });
    // Both among the training rows (seed 1): the fitted mean is infinite; row 6 is named.
    expect(await trainError(csv({ 17: '1e300', 6: '1e300' }), SEEDS.train)).toMatchObject({
      details: { row: 6, column: 'x' },
    });
  });

  it('names the table row when predicting on a table', async () => {
    const model = await trainModel(await readCsv(csv({})), {
      target: 'y',
      features: ['x'],
      seed: 1,
      epochs: 1,
    });
    const table = await readCsv(csv({ 6: '1e300', 20: '-1e300' }));
    await expect(predict(model, table)).rejects.toMatchObject({
      code: 'non_finite_input',
      details: { row: 6, column: 'x', input: 'x' },
    });
  });
});
