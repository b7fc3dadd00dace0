import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../errors';
import type { ColumnKind } from './table';
import { DEFAULT_MISSING_MARKERS, readCsv } from './read-csv';
import { blobInParts, tableValues, type CellValue } from './csv/spec-helpers';

type Delimiter = ',' | ';' | '\t' | '|';
type GeneratedKind = 'number' | 'string' | 'boolean' | 'date';

/** A cell before writing: its expected value, how it is written, and whether to quote anyway. */
interface Cell {
  expected: CellValue;
  text: string;
  quote: boolean;
}

interface Generated {
  names: string[];
  kinds: GeneratedKind[];
  rows: Cell[][];
  delimiter: Delimiter;
  eol: '\n' | '\r\n' | '\r';
  finalEol: boolean;
}

const NAMES = ['a', 'b b', '__proto__', 'constructor', 'hasOwnProperty', 'é', 'x,y', 'q"q', 'n;1'];

/** Strings that stress a CSV writer: quotes, delimiters, line ends, spaces, unicode. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', ',', ';', '\t', '|', '\r', '\n', '\r\n', ' ', 'NA', '-', '1', '.5'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 8,
});

const missingMarker = fc.constantFrom(...DEFAULT_MISSING_MARKERS);

function cellOf(kind: GeneratedKind): fc.Arbitrary<Cell> {
  const quote = fc.boolean();
  switch (kind) {
    case 'number':
      return fc
        .tuple(
          fc.oneof(
            fc.integer({ min: -1e6, max: 1e6 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          quote,
        )
        .map(([value, q]) => ({ expected: Number(String(value)), text: String(value), quote: q }));
    case 'boolean':
      return fc
        .tuple(fc.boolean(), fc.constantFrom('true', 'True', 'TRUE'), quote)
        .map(([value, yes, q]) => ({
          expected: value ? 1 : 0,
          text: value
            ? yes
            : yes.replace(/true/i, (t) =>
                t === 'true' ? 'false' : t === 'True' ? 'False' : 'FALSE',
              ),
          quote: q,
        }));
    case 'date':
      return fc
        .tuple(
          fc.date({
            min: new Date('1900-01-01'),
            max: new Date('2100-01-01'),
            noInvalidDate: true,
          }),
          quote,
        )
        .map(([date, q]) => ({ expected: date.getTime(), text: date.toISOString(), quote: q }));
    case 'string':
      return fc.tuple(nasty, quote).map(([text, q]) => ({ expected: text, text, quote: q }));
  }
}

const generated: fc.Arbitrary<Generated> = fc
  .record({
    names: fc.shuffledSubarray(NAMES, { minLength: 1, maxLength: 5 }),
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
    eol: fc.constantFrom<Generated['eol']>('\n', '\r\n', '\r'),
    finalEol: fc.boolean(),
    rowCount: fc.integer({ min: 1, max: 25 }),
  })
  .chain(({ names, rowCount, ...rest }) =>
    fc
      .array(fc.constantFrom<GeneratedKind>('number', 'string', 'boolean', 'date'), {
        minLength: names.length,
        maxLength: names.length,
      })
      .chain((kinds) => {
        const row = fc.tuple(
          ...kinds.map((kind) =>
            fc.oneof(
              { weight: 4, arbitrary: cellOf(kind) },
              {
                weight: 1,
                arbitrary: missingMarker.map((m): Cell => ({
                  expected: null,
                  text: m,
                  quote: false,
                })),
              },
            ),
          ),
        );
        return fc
          .array(row, { minLength: rowCount, maxLength: rowCount })
          .map((rows): Generated => ({ names, kinds, rows, ...rest }));
      }),
  );

/** Writes a field, quoting it when the reader would otherwise change it. */
function writeField(text: string, delimiter: string, quote: boolean, isMissing: boolean): string {
  if (isMissing) return text;
  const needed =
    quote ||
    text === '' ||
    text !== text.trim() ||
    text.includes(delimiter) ||
    /["\r\n]/.test(text) ||
    DEFAULT_MISSING_MARKERS.includes(text.trim());
  return needed ? `"${text.replaceAll('"', '""')}"` : text;
}

function writeCsv(g: Generated): string {
  const header = g.names.map((name) => writeField(name, g.delimiter, false, false));
  const lines = g.rows.map((row) => {
    const fields = row.map((cell) =>
      writeField(cell.text, g.delimiter, cell.quote, cell.expected === null),
    );
    // A lone empty field would be a blank line, which the reader skips: write NA instead.
    return fields.length === 1 && fields[0] === '' ? 'NA' : fields.join(g.delimiter);
  });
  return [header.join(g.delimiter), ...lines].join(g.eol) + (g.finalEol ? g.eol : '');
}

/** Strings are read as text (a string column of digits would otherwise become numbers). */
function kindsFor(g: Generated): Record<string, ColumnKind> {
  return Object.fromEntries(
    g.names.flatMap((name, c) => (g.kinds[c] === 'string' ? [[name, 'text' as const]] : [])),
  );
}

function expectedValues(g: Generated): Record<string, CellValue[]> {
  return Object.fromEntries(
    g.names.map((name, c) => [name, g.rows.map((row) => row[c]?.expected ?? null)]),
  );
}

describe('readCsv round trips (fast-check)', () => {
  it('reads back exactly what was written, whatever the quoting, delimiter and line ends', async () => {
    await fc.assert(
      fc.asyncProperty(generated, async (g) => {
        const text = writeCsv(g);
        const table = await readCsv(text, {
          delimiter: g.delimiter,
          decimal: '.',
          columnKinds: kindsFor(g),
        });
        expect(table.columns.map((c) => c.name)).toEqual(g.names);
        expect(table.rowCount).toBe(g.rows.length);
        expect(tableValues(table)).toEqual(expectedValues(g));
        expect(table.issues.filter((i) => i.row !== undefined)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same table however the bytes are cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(generated, fc.array(fc.nat(), { maxLength: 12 }), async (g, cuts) => {
        const text = writeCsv(g);
        const bytes = new TextEncoder().encode(text);
        // The delimiter is given: this property is about chunking. (Sniffing a one-row file
        // whose header holds a quoted comma can pick the wrong delimiter, and then both throw.)
        const options = { columnKinds: kindsFor(g), delimiter: g.delimiter };
        const whole = await readCsv(text, options);
        const parts = await readCsv(
          blobInParts(
            bytes,
            cuts.map((c) => c % (bytes.length + 1)),
          ),
          options,
        );
        expect(parts).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with PapaParse on well-formed files', async () => {
    const stringTable = fc.record({
      names: fc.shuffledSubarray(NAMES, { minLength: 2, maxLength: 5 }),
      delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
      eol: fc.constantFrom<Generated['eol']>('\n', '\r\n', '\r'),
      cells: fc.array(fc.array(nasty, { minLength: 5, maxLength: 5 }), {
        minLength: 1,
        maxLength: 20,
      }),
    });
    await fc.assert(
      fc.asyncProperty(stringTable, async ({ names, delimiter, eol, cells }) => {
        const rows = cells.map((row) => row.slice(0, names.length));
        const quoteIfNeeded = (s: string) =>
          s !== s.trim() || s.includes(delimiter) || /["\r\n]/.test(s)
            ? `"${s.replaceAll('"', '""')}"`
            : s;
        const text =
          [names, ...rows].map((row) => row.map(quoteIfNeeded).join(delimiter)).join(eol) + eol;
        const papa = Papa.parse<string[]>(text, { delimiter, newline: eol, skipEmptyLines: false });
        const papaRows = papa.data.filter((row) => !(row.length === 1 && row[0] === ''));
        const table = await readCsv(text, {
          delimiter,
          missingMarkers: [],
          columnKinds: Object.fromEntries(names.map((name) => [name, 'text' as const])),
        });
        const ours = tableValues(table);
        expect(papaRows[0]).toEqual(names);
        expect(papaRows.slice(1)).toEqual(
          Array.from({ length: table.rowCount }, (_, r) => names.map((name) => ours[name]?.[r])),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes on malformed input: a table or a WorkbenchError with a known code', async () => {
    const codes = [
      'empty_file',
      'no_data_rows',
      'unterminated_quote',
      'binary_file',
      'invalid_encoding',
    ];
    const junk = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          '"',
          ',',
          ';',
          '\t',
          '|',
          '\r',
          '\n',
          ' ',
          'a',
          '1',
          '.',
          '\uFEFF',
          'é',
        ),
        maxLength: 60,
      }),
      fc.uint8Array({ maxLength: 80 }),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (input) => {
        try {
          const table = await readCsv(input);
          expect(table.rowCount).toBeGreaterThan(0);
          for (const column of table.columns) {
            const cells = column.storage === 'number' ? column.values : column.codes;
            expect(cells.length).toBe(table.rowCount);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(WorkbenchError);
          expect(codes).toContain((error as WorkbenchError).code);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
