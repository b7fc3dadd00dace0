import { describe, expect, it } from 'vitest';
import { trainedOn } from '../quantize/test-models';
import { summarizeTable } from '../reference/summaries';
import { checkField, predictionForm } from './prediction-form';

describe('predictionForm', () => {
  it('has a field per feature, with categories, dates and training ranges', async () => {
    const { table, model } = await trainedOn('cars');
    const fields = predictionForm(model, await summarizeTable(table));
    expect(fields.map((f) => f.name)).toEqual(model.spec.features);
    const origin = fields.find((f) => f.name === 'Origin');
    expect(origin).toMatchObject({ kind: 'category', options: ['Europe', 'Japan', 'USA'] });
    expect(fields.find((f) => f.name === 'Year')).toMatchObject({ kind: 'date', hasTime: false });
    const weight = fields.find((f) => f.name === 'Weight_in_lbs');
    expect(weight).toMatchObject({ kind: 'number', min: 1613, max: 5140 });
    if (!weight || !origin) throw new Error('fields missing');
    expect(checkField(weight, '')).toEqual({});
    expect(checkField(weight, '3000')).toEqual({});
    expect(checkField(weight, '9000').warning).toMatch(
      /Outside the training range \(1613 to 5140\)/,
    );
    expect(checkField(weight, 'heavy').error).toBe('Not a number.');
    expect(checkField(origin, 'Atlantis').warning).toMatch(/not among the training categories/);
    expect(checkField(origin, 'Japan')).toEqual({});
  });
});
