import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut } from './spec-helpers';
import { parseNumber, scanPlainNumber } from './numbers';
import { CsvTokenizer, type TokenSink } from './tokenizer';

type Field = { value: string; quoted: boolean };

/** Collects rows of fields, plus '!' markers where the tokenizer reported a stray quote. */
class Collector implements TokenSink {
  rows: Field[][] = [];
  row: Field[] = [];
  strays = 0;
  field(text: string, start: number, end: number, quoted: boolean): void {
    this.row.push({ value: text.slice(start, end), quoted });
  }
  endRow(): void {
    this.rows.push(this.row);
    this.row = [];
  }
  strayQuote(): void {
    this.strays++;
  }
}

/** Tokenizes `text` fed in the given pieces; null when it ends inside a quote. */
function tokenize(pieces: string[], delimiter = ','): Collector | null {
  const sink = new Collector();
  const tokenizer = new CsvTokenizer(delimiter, sink);
  for (const piece of pieces) tokenizer.push(piece);
  return tokenizer.finish() ? sink : null;
}

const values = (pieces: string[] | string, delimiter = ',') =>
  tokenize(typeof pieces === 'string' ? [pieces] : pieces, delimiter)?.rows.map((row) =>
    row.map((f) => f.value),
  );

describe('CsvTokenizer', () => {
  it('splits fields and rows with LF, CRLF and CR line ends', () => {
    expect(values('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(values('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(values('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(values('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('unquotes quoted fields with escaped quotes, delimiters and newlines inside', () => {
    const sink = tokenize(['"a ""q"", b","x\r\ny",""\n"\r",","\n']);
    expect(sink?.rows).toEqual([
      [
        { value: 'a "q", b', quoted: true },
        { value: 'x\r\ny', quoted: true },
        { value: '', quoted: true },
      ],
      [
        { value: '\r', quoted: true },
        { value: ',', quoted: true },
      ],
    ]);
  });

  it('reports empty fields, trailing delimiters and blank lines as fields', () => {
    expect(values('a,,\n\n,b')).toEqual([['a', '', ''], [''], ['', 'b']]);
  });

  it('keeps text after a closing quote and reports it', () => {
    const sink = tokenize(['"ab"c,d\n']);
    expect(sink?.rows.map((row) => row.map((f) => f.value))).toEqual([['abc', 'd']]);
    expect(sink?.strays).toBe(1);
  });

  it('reports a quote that is never closed', () => {
    expect(tokenize(['a\n"abc\n'])).toBeNull();
    expect(tokenize(['a\n"abc""'])).toBeNull(); // "" is an escaped quote, not a closing one
    expect(values('a\n"abc"')).toEqual([['a'], ['abc']]);
  });

  it('uses other delimiters', () => {
    expect(values('a;b\t|c\n', ';')).toEqual([['a', 'b\t|c']]);
    expect(values('a;b\t|c\n', '\t')).toEqual([['a;b', '|c']]);
    expect(values('a;b\t|c\n', '|')).toEqual([['a;b\t', 'c']]);
  });

  it('gives the same tokens however the text is cut into chunks', () => {
    const piece = fc.constantFrom('a', 'bc', '"', '""', ',', '\n', '\r', '\r\n', ' ', 'é', '😀');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (parts, offsets) => {
          const text = parts.join('');
          const whole = tokenize([text]);
          const split = tokenize(cut(text, offsets));
          expect(split?.rows ?? null).toEqual(whole?.rows ?? null);
          expect(split?.strays ?? null).toEqual(whole?.strays ?? null);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('streams a field much longer than its chunks, one character at a time', () => {
    const big = `"${'x,\n""'.repeat(2000)}"`;
    const expected = 'x,\n"'.repeat(2000);
    expect(values(big.split(''))).toEqual([[expected]]);
    const unquoted = 'y'.repeat(5000);
    expect(values([...unquoted.split(''), '\r', '\n', 'z'])).toEqual([[unquoted], ['z']]);
  });
});

/** Cells as the reader's numeric columns see them, and whether they came through `number`. */
class NumberCollector implements TokenSink {
  rows: { value: number | string; parsed: boolean }[][] = [];
  row: { value: number | string; parsed: boolean }[] = [];
  constructor(readonly columnReaders: Uint8Array | null) {}
  field(text: string, start: number, end: number, quoted: boolean): void {
    const value = quoted ? undefined : parseNumber(text, start, end);
    this.row.push({
      value: value ?? `${quoted ? 'q' : ''}:${text.slice(start, end)}`,
      parsed: false,
    });
  }
  number(value: number): void {
    this.row.push({ value, parsed: true });
  }
  endRow(): void {
    this.rows.push(this.row);
    this.row = [];
  }
  strayQuote(): void {}
}

/** Whether the tokenizer should parse this cell itself in a number column. */
function plain(cell: string): boolean {
  return scanPlainNumber(cell + ',', 0, 0x2c, new Float64Array(1)) === cell.length;
}

describe('CsvTokenizer number columns', () => {
  it('hands over plain numbers parsed, as parseNumber reads them, however the text is cut', () => {
    const cellText = fc.oneof(
      fc.double().map(String),
      fc.integer().map(String),
      fc.constantFrom(
        '-0',
        '.5',
        '+4.',
        '1e3',
        ' 7 ',
        'NA',
        '',
        '"12"',
        '"a""b"',
        '1234567890.1234567',
      ),
      fc.string({ unit: fc.constantFrom('0', '1', '7', '.', '-', '+', 'e', ' '), maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, eol, offsets) => {
          const text = rows.map((row) => row.join(',')).join(eol) + eol;
          const columns = Uint8Array.of(1, 0, 1);
          const read = (sink: NumberCollector, pieces: string[]) => {
            const tokenizer = new CsvTokenizer(',', sink);
            for (const piece of pieces) tokenizer.push(piece);
            expect(tokenizer.finish()).toBe(true);
            return sink.rows;
          };
          const reference = read(new NumberCollector(null), [text]);
          const expected = reference.map((row, r) =>
            row.map(({ value }, c) => ({
              value,
              // The sink's columns are read after each row: the first row never sees them.
              parsed: r > 0 && columns[c] === 1 && plain(rows[r]?.[c] ?? ''),
            })),
          );
          expect(read(new NumberCollector(columns), [text])).toEqual(expected);
          // A field cut by a chunk's end may take the slower way, through `field`.
          const actual = read(new NumberCollector(columns), cut(text, offsets));
          expect(actual.map((row) => row.length)).toEqual(expected.map((row) => row.length));
          actual.forEach((row, r) =>
            row.forEach(({ value, parsed }, c) => {
              const want = expected[r]?.[c];
              expect(Object.is(value, want?.value)).toBe(true);
              if (parsed) expect(want?.parsed).toBe(true);
            }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
