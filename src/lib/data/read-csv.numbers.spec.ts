import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOT_DECIMAL_GROUPED, parseNumber } from './csv/numbers';
import { blobInParts, column } from './csv/spec-helpers';
import { readCsv } from './read-csv';

/** Numbers as people and programs write them, and cells that are not numbers at all. */
const numberText = fc.oneof(
  fc.double().map(String),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .chain((v) => fc.integer({ min: 0, max: 20 }).map((d) => v.toFixed(d))),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc.constantFrom(
    '-0',
    '.5',
    '+4.',
    '1e3',
    ' 7 ',
    '\t8',
    'NA',
    '',
    '-',
    '.',
    '1,234',
    'x1',
    '1.2.3',
  ),
  fc.string({ unit: fc.constantFrom('0', '1', '7', '.', '-', '+', 'e'), maxLength: 20 }),
);

const cell = fc.record({ text: numberText, quoted: fc.boolean() });

/** What the reader made of a cell before it parsed numbers in the tokenizer. */
function expected({ text, quoted }: { text: string; quoted: boolean }): number {
  const trimmed = quoted ? text : text.trim();
  if (trimmed === '') return NaN;
  return (
    parseNumber(text, 0, text.length) ??
    parseNumber(text, 0, text.length, DOT_DECIMAL_GROUPED) ??
    NaN
  );
}

function write({ text, quoted }: { text: string; quoted: boolean }): string {
  return quoted || text.includes(',') ? `"${text}"` : text;
}

describe('readCsv numeric columns', () => {
  it('reads every number exactly as parseNumber does, however the file is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell, fc.boolean()), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (rows, eol, finalEol, sampleRows, cuts, long) => {
          // The reader joins the first 64K characters to sniff the delimiter: a long header
          // makes the cuts after it reach the tokenizer as separate chunks.
          const header = `a,b,${long ? 't'.repeat(70_000) : 't'},c`;
          const skip = long ? header.length : 0;
          const lines = [header];
          for (const [a, b, c, blankBefore] of rows) {
            if (blankBefore) lines.push('');
            lines.push([write(a), write(b), 'text', write(c)].join(','));
          }
          const bytes = new TextEncoder().encode(lines.join(eol) + (finalEol ? eol : ''));
          const table = await readCsv(
            blobInParts(
              bytes,
              cuts.map((c) => skip + (c % (bytes.length - skip + 1))),
            ),
            { sampleRows, columnKinds: { a: 'numeric', b: 'numeric', c: 'numeric' } },
          );
          expect(table.rowCount).toBe(rows.length);
          ['a', 'b', 'c'].forEach((name, k) => {
            const col = column(table, name);
            if (col.storage !== 'number') throw new Error(`${name} is not stored as numbers`);
            rows.forEach((row, r) => {
              const want = expected(row[k as 0 | 1 | 2]);
              const got = col.values[r];
              if (!Object.is(got, want)) {
                expect({ row: r, name, text: row[k as 0 | 1 | 2].text, got }).toEqual({
                  row: r,
                  name,
                  text: row[k as 0 | 1 | 2].text,
                  got: want,
                });
              }
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
