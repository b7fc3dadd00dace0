import { describe, expect, it } from 'vitest';
import { readCsv } from '../read-csv';
import { NumberColumnBuilder } from './column-builders';
import { keepShapes, shapeAnchors } from './shape-anchors';
import { TableBuilder } from './table-builder';
import { CsvTokenizer } from './tokenizer';

describe('keepShapes', () => {
  it('keeps small instances of the hot classes after a read', async () => {
    await readCsv('a,b\n1,x\n');
    const anchors = shapeAnchors();
    for (const type of [CsvTokenizer, TableBuilder, NumberColumnBuilder]) {
      expect(anchors.some((anchor) => anchor instanceof type)).toBe(true);
    }
  });

  it('replaces the anchors each time and leaves no data in them', () => {
    keepShapes();
    const first = shapeAnchors();
    keepShapes();
    expect(shapeAnchors()).not.toBe(first);
    const numbers = shapeAnchors().find((anchor) => anchor instanceof NumberColumnBuilder);
    expect(numbers?.values).toBe(0);
  });
});
