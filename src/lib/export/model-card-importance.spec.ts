import { describe, expect, it } from 'vitest';
import { explainModel } from '../explain/importance';
import { trainedOn } from '../quantize/test-models';
import { modelCard, modelCardMarkdown } from './model-card';

describe('the model card lists global importances', () => {
  it('keeps each feature mean and spread, and shows them as a table, most important first', async () => {
    const { table, model } = await trainedOn('iris', { epochs: 20 });
    const importance = await explainModel(model, table, { repeats: 3 });
    const card = modelCard(model, { importance, createdAt: '2026-12-01T00:00:00.000Z' });
    expect(card.importance?.features).toEqual(
      importance.features.map(({ name, importance: value, std }) => ({
        name,
        importance: value,
        std,
      })),
    );
    expect(card.importance?.source).toBe('validation');
    const markdown = modelCardMarkdown(card);
    const top = importance.features[0];
    expect(markdown).toContain('## What it relies on');
    expect(markdown).toContain(
      `| ${top?.name} | ${((top?.importance ?? 0) * 100).toFixed(1)} | ${((top?.std ?? 0) * 100).toFixed(1)} |`,
    );
    expect(modelCard(model).importance).toBeNull();
    expect(modelCardMarkdown(modelCard(model))).not.toContain('What it relies on');
  });
});
