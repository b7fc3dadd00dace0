/**
 * predict.mjs's reading rules against the workbench's own (predict.mjs cannot import them: it
 * ships alone, as text): records over random chunk splits, numbers, true/false, dates, date
 * parts, header names and sniffing, with fast-check. predict-script.spec.ts runs the script.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../data/csv/dates';
import { uniqueHeaders } from '../../data/csv/headers';
import { parseBoolean } from '../../data/csv/infer';
import { DOT_DECIMAL, DOT_DECIMAL_GROUPED, parseNumber } from '../../data/csv/numbers';
import { sniffDecimalComma, sniffDelimiter } from '../../data/csv/sniff';
import { CsvTokenizer, type TokenSink } from '../../data/csv/tokenizer';
import { dateParts } from '../onnx/date-parts';

type CsvRecord = { fields: string[]; quoted: boolean[] };

/** What predict.mjs exports for these tests (it is plain JavaScript, shipped as text). */
interface ScriptHelpers {
  RecordReader: new (delimiter: string) => {
    push(chunk: string, final: boolean): CsvRecord[];
  };
  parseNumber(cell: string, decimalComma: boolean): number | undefined;
  parseBoolean(cell: string): number | undefined;
  parseIsoDate(cell: string): number;
  dateParts(ms: number): number[];
  uniqueHeaders(raw: string[]): string[];
  sniffDelimiter(sample: string): string;
  sniffDecimalComma(sample: string, delimiter: string): boolean;
}

/** The workbench tokenizer's records for `text`, or null when it ends inside a quote. */
function workbenchRecords(text: string, delimiter: string): CsvRecord[] | null {
  const records: CsvRecord[] = [];
  let record: CsvRecord = { fields: [], quoted: [] };
  const sink: TokenSink = {
    field: (t, start, end, quoted) => {
      record.fields.push(t.slice(start, end));
      record.quoted.push(quoted);
    },
    endRow: () => {
      records.push(record);
      record = { fields: [], quoted: [] };
    },
    strayQuote: () => undefined,
  };
  const tokenizer = new CsvTokenizer(delimiter, sink);
  tokenizer.push(text);
  return tokenizer.finish() ? records : null;
}

describe("predict.mjs's cell rules are the workbench's", () => {
  let script: ScriptHelpers;
  beforeAll(async () => {
    const url = new URL('./predict.mjs', import.meta.url).href;
    script = (await import(/* @vite-ignore */ url)) as ScriptHelpers;
  });

  /** The script's records for `text` fed in pieces cut at `cuts`; null for an open quote. */
  function scriptRecords(text: string, cuts: number[], delimiter = ','): CsvRecord[] | null {
    const reader = new script.RecordReader(delimiter);
    const records: CsvRecord[] = [];
    let from = 0;
    try {
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        records.push(...reader.push(text.slice(from, Math.max(from, cut)), false));
        from = Math.max(from, cut);
      }
      records.push(...reader.push(text.slice(from), false), ...reader.push('', true));
    } catch {
      return null;
    }
    return records;
  }

  it('splits records as the tokenizer does, wherever the chunks end', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '"', ',', ';', '\r', '\n') });
    fc.assert(
      fc.property(text, fc.array(fc.nat(40), { maxLength: 4 }), (csv, cuts) => {
        expect(scriptRecords(csv, cuts)).toEqual(workbenchRecords(csv, ','));
      }),
      { numRuns: 2000 },
    );
    const tricky = 'a,"b ""c""\r\nd",e\r\n"f"g,\r\n\r,"",x\r';
    for (let cut = 0; cut <= tricky.length; cut++) {
      expect(scriptRecords(tricky, [cut], ',')).toEqual(workbenchRecords(tricky, ','));
      expect(scriptRecords(tricky, [cut], ';')).toEqual(workbenchRecords(tricky, ';'));
    }
  });

  it('reads numbers, true/false and dates as the column builders do', () => {
    const numberText = fc.string({
      unit: fc.constantFrom('1', '0', '9', '.', ',', '-', '+', 'e', 'E', ' ', '\t', 'x'),
      maxLength: 12,
    });
    const cells = fc.oneof(
      numberText,
      fc.constantFrom('Infinity', '-Infinity', 'Inf', '0x1F', '1_000', '1,234,567.5', '12,34'),
      fc.double().map(String),
    );
    fc.assert(
      fc.property(cells, (cell) => {
        const dot =
          parseNumber(cell, 0, cell.length, DOT_DECIMAL) ??
          parseNumber(cell, 0, cell.length, DOT_DECIMAL_GROUPED);
        expect(script.parseNumber(cell, false)).toBe(dot);
        const comma = parseNumber(cell, 0, cell.length, { decimal: 0x2c, thousands: -1 });
        expect(script.parseNumber(cell, true)).toBe(comma);
      }),
      { numRuns: 3000 },
    );
    for (const cell of ['true', ' FALSE ', 'Yes', 'n', 't', '1', '0', 'maybe', '']) {
      expect(script.parseBoolean(cell)).toBe(parseBoolean(cell));
    }
    const dates = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.constantFrom('', 'T00:00', ' 23:59:59', 'T12:30:15.1234', 'T24:00', 'T01:02:03Z'),
        fc.constantFrom('', '+02:00', '-0530', 'Z', ' '),
      )
      .map(([y, m, d, time, zone]) => {
        const pad = (n: number, width: number) => String(n).padStart(width, '0');
        return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}${time}${time ? zone : ''}`;
      });
    fc.assert(
      fc.property(fc.oneof(dates, fc.string({ maxLength: 12 })), (cell) => {
        expect(script.parseIsoDate(cell)).toBe(parseIsoDate(cell));
      }),
      { numRuns: 3000 },
    );
    const instants = fc.integer({ min: -1e13, max: 1e13 });
    fc.assert(
      fc.property(fc.oneof(instants, fc.constant(NaN)), (ms) => {
        expect(script.dateParts(ms)).toEqual(dateParts(ms));
      }),
    );
  });

  it('names columns and sniffs the delimiter and decimal as readCsv does', () => {
    const headers = [['a', ' a ', '', 'a', 'a_2', ''], ['x'], ['', '']];
    for (const raw of headers) expect(script.uniqueHeaders(raw)).toEqual(uniqueHeaders(raw).names);
    const samples = [
      'a;b\n1,5;2\n',
      'a,b\n1;2\n',
      'a\tb|c\n1\t2|3\n',
      'a;b\n1.5;2,5\n',
      '"a;b",c\n',
    ];
    for (const sample of samples) {
      const delimiter = sniffDelimiter(sample);
      expect(script.sniffDelimiter(sample)).toBe(delimiter);
      expect(script.sniffDecimalComma(sample, delimiter)).toBe(
        sniffDecimalComma(sample, delimiter),
      );
    }
  });
});
