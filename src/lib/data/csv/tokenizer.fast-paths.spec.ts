import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut } from './spec-helpers';
import { hashRange } from './category-index';
import { parseIsoDateIn } from './dates';
import { parseBooleanIn } from './infer';
import {
  BOOLEAN_COLUMN,
  CsvTokenizer,
  DATE_COLUMN,
  TEXT_COLUMN,
  type TokenSink,
} from './tokenizer';

type Token = { value: string | number; quoted: boolean; hashed: boolean };

/** Collects fields; those of TEXT_COLUMNs may come hashed, and the hash is checked. */
class TextCollector implements TokenSink {
  rows: Token[][] = [];
  row: Token[] = [];
  strays = 0;
  constructor(readonly columnReaders: Uint8Array | null = null) {}
  field(text: string, start: number, end: number, quoted: boolean): void {
    this.row.push({ value: text.slice(start, end), quoted, hashed: false });
  }
  number(value: number): void {
    this.row.push({ value, quoted: false, hashed: false });
  }
  hashedField(text: string, start: number, end: number, hash: number): void {
    expect(hash).toBe(hashRange(text, start, end));
    this.row.push({ value: text.slice(start, end), quoted: false, hashed: true });
  }
  endRow(): void {
    this.rows.push(this.row);
    this.row = [];
  }
  strayQuote(): void {
    this.strays++;
  }
}

function tokenize(pieces: string[], sink: TextCollector): TextCollector | null {
  const tokenizer = new CsvTokenizer(',', sink);
  for (const piece of pieces) tokenizer.push(piece);
  return tokenizer.finish() ? sink : null;
}

const withoutHashed = (rows: Token[][] | undefined) =>
  rows?.map((row) => row.map(({ value, quoted }) => ({ value, quoted })));

describe('CsvTokenizer fast paths', () => {
  it('gives the same tokens for long fields in long chunks, however cut', () => {
    // Long fields, quoted and not, carried from chunk to chunk or set aside.
    const piece = fc.constantFrom(
      'a',
      ',',
      '\n',
      '\r\n',
      '"',
      '""',
      '"q,\n""x"',
      'x'.repeat(1500),
      `"${'y,\n""'.repeat(700)}"`,
      'abc,"d""e",f\n'.repeat(150),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, offsets) => {
          const text = parts.join('');
          const whole = tokenize([text], new TextCollector());
          const split = tokenize(cut(text, offsets), new TextCollector());
          expect(split?.rows ?? null).toEqual(whole?.rows ?? null);
          expect(split?.strays ?? null).toEqual(whole?.strays ?? null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands over the fields of text columns hashed, the same fields however cut', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '😀', '"'), maxLength: 6 }),
      fc.constantFrom('', 'NA', '"x,y"', '"a""b"', '"ab"c'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, eol, offsets) => {
          const text = rows.map((row) => row.join(',')).join(eol) + eol;
          const columns = Uint8Array.of(TEXT_COLUMN, 0, TEXT_COLUMN);
          const reference = tokenize([text], new TextCollector());
          const whole = tokenize([text], new TextCollector(columns));
          const split = tokenize(cut(text, offsets), new TextCollector(columns));
          expect(withoutHashed(whole?.rows)).toEqual(withoutHashed(reference?.rows));
          expect(withoutHashed(split?.rows)).toEqual(withoutHashed(reference?.rows));
          // The sink's columns are read after each row: the first row never sees them.
          whole?.rows.forEach((row, r) =>
            row.forEach((token, c) =>
              expect(token.hashed).toBe(r > 0 && !token.quoted && columns[c] === TEXT_COLUMN),
            ),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('hands over dates and booleans read as parseIsoDateIn and parseBooleanIn read them', () => {
    const cell = fc.oneof(
      fc.constantFrom('2024-02-29', '2023-02-29', '2024-01-02T03:04:05Z', '2024-01-02 03:04+0100'),
      fc.constantFrom(' 2024-01-02', '0050-01-01', 'true', 'FALSE', 'yes', 'n', ' t', '', 'NA'),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ unit: fc.constantFrom('2', '0', '-', ':', 'T', 'e', 'u'), maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, offsets) => {
          const text = rows.map((row) => row.join(',')).join('\n') + '\n';
          const columns = Uint8Array.of(DATE_COLUMN, BOOLEAN_COLUMN, 0);
          const reference = tokenize([text], new TextCollector());
          for (const pieces of [[text], cut(text, offsets)]) {
            const read = tokenize(pieces, new TextCollector(columns));
            expect(read?.rows.length).toBe(reference?.rows.length);
            read?.rows.forEach((row, r) =>
              row.forEach((token, c) => {
                const cellText = String(reference?.rows[r]?.[c]?.value);
                const expected =
                  c === 0
                    ? parseIsoDateIn(cellText, 0, cellText.length)
                    : (parseBooleanIn(cellText, 0, cellText.length) ?? NaN);
                if (typeof token.value === 'number') expect(token.value).toBe(expected);
                else {
                  expect(token.value).toBe(cellText);
                  // Only what is not a value (or the first row, or a field cut by a chunk's end) comes as text.
                  if (r > 0 && pieces.length === 1 && c < 2) expect(expected).toBeNaN();
                }
              }),
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
