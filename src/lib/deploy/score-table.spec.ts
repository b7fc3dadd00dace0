import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../test-refusal';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { trainedOn } from '../quantize/test-models';
import { predict } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { scoreTable } from './score';
import { scoredCsv } from './scored-csv';

const iris = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');
let table: Table;
let model: TrainedModel;

beforeAll(async () => {
  ({ table, model } = await trainedOn('iris'));
});

describe('scoreTable', () => {
  it('scores every row as predict does, batch by batch, with progress', async () => {
    const progress: number[] = [];
    const result = await scoreTable(model, table, {
      batchRows: 40,
      onProgress: (done) => progress.push(done),
    });
    expect(result.predictions).toEqual(await predict(model, table));
    expect(result.scored).toBe(150);
    expect(result.failures).toEqual([]);
    expect(progress).toEqual([0, 40, 80, 120, 150]);
  });

  it('lists a row that cannot be scored with its reason, and scores the others', async () => {
    const lines = iris.trim().split(/\r?\n/);
    lines[4] = lines[4]?.replace(/^[^,]+/, 'Infinity') ?? '';
    const bad = await readCsv(lines.join('\n'));
    const result = await scoreTable(model, bad, { batchRows: 64 });
    expect(result.failures.map(({ row, code }) => ({ row, code }))).toEqual([
      { row: 4, code: 'non_finite_input' },
    ]);
    expect(result.failures[0]?.message).toMatch(/^Row 4, column/);
    expect(result.predictions[3]).toBeNull();
    expect(result.scored).toBe(149);
    const good = await predict(model, table);
    expect(result.predictions.filter((_, i) => i !== 3)).toEqual(good.filter((_, i) => i !== 3));
  });

  it('refuses a file without a feature column, or with one of another kind, before scoring', async () => {
    const withoutPetals = await readCsv(iris.replace(/petal_width_\(cm\)/, 'other'));
    let progressed = false;
    const missing = await refusal(
      scoreTable(model, withoutPetals, { onProgress: () => (progressed = true) }),
    );
    expect(missing.code).toBe('unknown_column');
    expect(missing.message).toContain('petal_width_(cm)');
    expect(progressed).toBe(false);
    const lines = iris.trim().split(/\r?\n/);
    const text = lines.map((line, i) =>
      i > 0 && i % 3 === 0 ? line.replace(/^[^,]+/, 'big') : line,
    );
    const mistyped = await refusal(scoreTable(model, await readCsv(text.join('\n'))));
    expect(mistyped.code).toBe('column_mistyped');
    expect(mistyped.details).toMatchObject({ column: 'sepal_length_(cm)', expected: 'numbers' });
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const error = await refusal(
      scoreTable(model, table, {
        batchRows: 10,
        signal: controller.signal,
        onProgress: (done) => done >= 30 && controller.abort(),
      }),
    );
    expect(error.code).toBe('aborted');
  });
});

describe('scoredCsv', () => {
  it('writes the input columns, the prediction and each class probability, readable back', async () => {
    const result = await scoreTable(model, table);
    const text = scoredCsv(model, table, result).join('');
    const back = await readCsv(text);
    expect(back.rowCount).toBe(150);
    expect(back.columns.map((c) => c.name)).toEqual([
      ...table.columns.map((c) => c.name),
      'prediction',
      ...model.classes.map((label) => `probability_${label}`),
    ]);
    const prediction = back.columns.find((c) => c.name === 'prediction');
    if (prediction?.storage !== 'dictionary') throw new Error('no prediction column');
    const labels = Array.from(prediction.codes, (code) => prediction.categories[code]);
    expect(labels).toEqual(result.predictions.map((p) => (p && 'label' in p ? p.label : '')));
    const first = back.columns.find((c) => c.name === `probability_${model.classes[0] ?? ''}`);
    if (first?.storage !== 'number') throw new Error('no probability column');
    const p0 = result.predictions[0];
    expect(first.values[0]).toBe(p0 && 'probabilities' in p0 ? p0.probabilities[0] : NaN);
  });
});
