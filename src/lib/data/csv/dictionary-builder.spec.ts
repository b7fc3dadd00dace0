import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRange } from './category-index';
import { DOT_DECIMAL } from './numbers';
import { DictionaryColumnBuilder } from './dictionary-builder';

type Cell = { text: string; quoted: boolean } | null;

/** What the builder should give: first-sight codes, markers missing unless quoted, trimmed. */
function reference(cells: Cell[], missing: Set<string>) {
  const categories: string[] = [];
  const codes = cells.map((cell) => {
    if (cell === null) return -1;
    const value = cell.quoted ? cell.text : cell.text.trim();
    if (!cell.quoted && missing.has(value)) return -1;
    let code = categories.indexOf(value);
    if (code === -1) code = categories.push(value) - 1;
    return code;
  });
  return { codes, categories, missing: codes.filter((code) => code === -1).length };
}

describe('DictionaryColumnBuilder', () => {
  it('codes cells in order of first sight across its lookup batches, however they arrive', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.record({
        text: fc.oneof(
          fc.constantFrom('', 'NA', ' NA ', 'a', ' a', 'b\u00a0', 'é', '😀'),
          fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é'), maxLength: 4 }),
        ),
        quoted: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 200 }), fc.array(fc.boolean()), (cells, hashed) => {
        const missing = new Set(['', 'NA']);
        const builder = new DictionaryColumnBuilder({
          missing,
          decimal: DOT_DECIMAL,
          expectedRows: 0,
        });
        cells.forEach((c, i) => {
          if (c === null) return builder.addMissing();
          // Cells come within a longer text, as from the tokenizer; some hashed by it.
          const text = `,${c.text},`;
          const end = c.text.length + 1;
          if (!c.quoted && hashed[i % (hashed.length || 1)]) {
            builder.addHashed(text, 1, end, hashRange(text, 1, end));
          } else builder.add(text, 1, end, c.quoted);
        });
        const expected = reference(cells, missing);
        expect(builder.values).toBe(cells.length - expected.missing);
        const column = builder.build('c');
        expect(Array.from(column.codes)).toEqual(expected.codes);
        expect(column.categories).toEqual(expected.categories);
        expect(column.missing).toBe(expected.missing);
      }),
      { numRuns: 500 },
    );
  });
});
