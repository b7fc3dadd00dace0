import { describe, expect, it } from 'vitest';
import { explainModel } from '../explain/importance';
import { trainedOn } from '../quantize/test-models';
import { markdownText, modelCard, modelCardMarkdown } from './model-card';

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
      `| ${markdownText(top?.name ?? '')} | ${((top?.importance ?? 0) * 100).toFixed(1)} | ${((top?.std ?? 0) * 100).toFixed(1)} |`,
    );
    expect(modelCard(model).importance).toBeNull();
    expect(modelCardMarkdown(modelCard(model))).not.toContain('What it relies on');
  });
});

describe('names from the data in MODEL_CARD.md', () => {
  it('are shown as text: no HTML, no broken table, no heading', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('# title\nnext')).toBe('\\# title next');
    expect(markdownText('x_(cm)')).toBe('x\\_(cm)');
  });
});
