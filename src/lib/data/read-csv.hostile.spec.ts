/**
 * Hostile CSV files, all generated here: each must read correctly or be refused with its code,
 * within 5 s, with peak memory at most 6x the input plus 50 MB, and never blocking the event
 * loop for more than 200 ms. Memory is sampled every 5 ms (see spec-measure.ts) above a
 * baseline that already holds the input. Runs in the `hostile` vitest project, alone.
 * CSV_HOSTILE_REPORT=1 prints what each read measured.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors';
import { readCsv } from './read-csv';
import type { Table } from './table';
import { MAX_COLUMNS, paddingLimit, TABLE_TOO_LARGE } from './csv/read-limits';
import { blobInParts, column, tableValues, valuesOf } from './csv/spec-helpers';
import { collectNow, measureRead, type ReadMeasure } from './csv/spec-measure';

const MB = 1e6;
const MAX_SECONDS = 5;
const MAX_STALL_MS = 200;
const maxPeakBytes = (inputBytes: number) => 6 * inputBytes + 50 * MB;

type SourceKind = 'string' | 'bytes' | 'blob';

interface HostileCase {
  name: string;
  /** The file (ASCII only: its length is its size in bytes). */
  text: () => string;
  sources: SourceKind[];
  /** Checks a table read correctly; or `refused`: the code the read must fail with. */
  check?: (table: Table) => void;
  refused?: ErrorCode;
  /** What the refusal's details must hold. */
  details?: (text: string) => Record<string, unknown>;
}

/** `count` copies of `part` as one flat string (Array.join makes no rope, unlike repeat). */
function repeated(part: string, count: number): string {
  const block = part.repeat(Math.max(1, Math.min(count, Math.floor(65536 / part.length))));
  const blocks = Math.floor(count / (block.length / part.length));
  const rest = count - (blocks * block.length) / part.length;
  return [...new Array<string>(blocks).fill(block), part.repeat(rest)].join('');
}

/** A header of `columns` names and `rows` rows: numbers in even columns, words in odd ones. */
function wide(columns: number, rows: number): string {
  const lines = [Array.from({ length: columns }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push(Array.from({ length: columns }, (_, c) => cellOf(r, c)).join(','));
  }
  return lines.join('\n') + '\n';
}

const cellOf = (r: number, c: number) => (c % 2 === 0 ? String(r * 7 + c) : `t${(r + c) % 5}`);

function checkWide(columns: number, rows: number): (table: Table) => void {
  return (table) => {
    expect(table.rowCount).toBe(rows);
    expect(table.columns).toHaveLength(columns);
    for (const c of [0, 1, columns - 2, columns - 1]) {
      const expected = Array.from({ length: rows }, (_, r) =>
        c % 2 === 0 ? r * 7 + c : `t${(r + c) % 5}`,
      );
      expect(valuesOf(table, `c${c}`)).toEqual(expected);
    }
  };
}

/** A 60 MB cell's content: words, commas and line ends (only quoted) or words and spaces. */
const QUOTED_BODY = () => repeated('lorem, ""ipsum""\n', 3.6 * MB);
const UNQUOTED_BODY = () => repeated('lorem_ipsum ', 5 * MB) + 'end';

function checkOneCell(body: () => string): (table: Table) => void {
  return (table) => {
    expect(table.rowCount).toBe(1);
    const cell = column(table, 'text');
    expect(cell.storage).toBe('dictionary');
    if (cell.storage !== 'dictionary') return;
    expect(cell.categories).toHaveLength(1);
    expect(cell.categories[0] === body().split('""').join('"')).toBe(true);
  };
}

const TWO_ROWS = (table: Table) => {
  expect(table.rowCount).toBe(2);
  expect(valuesOf(table, 'a')).toEqual([1, 2]);
  expect(valuesOf(table, 'b')).toEqual(['x', 'y']);
};

const CASES: HostileCase[] = [
  {
    name: '10,000 columns, header and 2 rows',
    text: () => wide(10_000, 2),
    sources: ['string', 'blob'],
    check: checkWide(10_000, 2),
  },
  {
    // Refused at the header: read, its table alone would take ~200 MB (~1 KB per column).
    name: '200,000 columns, header and 3 rows',
    text: () => wide(200_000, 3),
    sources: ['bytes', 'blob'],
    refused: TABLE_TOO_LARGE,
  },
  {
    // The fewest bytes per column (2) at the most columns read: the costliest file to read.
    name: `${MAX_COLUMNS} columns of empty cells, header and 1 row`,
    text: () => `${repeated(',', MAX_COLUMNS - 1)}\n${repeated(',', MAX_COLUMNS - 1)}\n`,
    sources: ['string'],
    check: (table) => {
      expect(table.rowCount).toBe(1);
      expect(table.columns).toHaveLength(MAX_COLUMNS);
      expect(table.columns.every((c) => c.missing === 1)).toBe(true);
    },
  },
  {
    // Each short row is padded to the header's width: read, this 2 MB file would be 80 GB.
    name: 'a header of 10,000 columns above a million rows of one field',
    text: () => wide(10_000, 0) + repeated('1\n', MB),
    sources: ['string'],
    refused: TABLE_TOO_LARGE,
    // The first data row (1-based) at which the padding passes what the file's size allows.
    details: (text) => ({ row: Math.floor(paddingLimit(text.length) / 9_999) + 1 }),
  },
  {
    name: '60 MB of "" pairs in lines of 20 fields',
    text: () => repeated(`${repeated('"",', 19)}""\n`, MB),
    sources: ['string', 'blob'],
    check: (table) => {
      expect(table.rowCount).toBe(MB - 1);
      expect(table.columns).toHaveLength(20);
      for (const c of [table.columns[0], table.columns[19]]) {
        expect(c?.storage === 'dictionary' && c.categories).toEqual(['']);
        expect(c?.storage === 'dictionary' && c.codes.every((code) => code === 0)).toBe(true);
      }
    },
  },
  {
    // One field whose content is 30M escaped quotes: a header name, and no data rows.
    name: '60 MB of " in one run',
    text: () => repeated('""', 30 * MB),
    sources: ['bytes'],
    refused: 'no_data_rows',
  },
  {
    name: 'one quoted 60 MB cell',
    text: () => `text\n"${QUOTED_BODY()}"\n`,
    sources: ['string', 'bytes', 'blob'],
    check: checkOneCell(QUOTED_BODY),
  },
  {
    name: 'one unquoted 60 MB cell',
    text: () => `text\n${UNQUOTED_BODY()}\n`,
    sources: ['string', 'bytes', 'blob'],
    check: checkOneCell(UNQUOTED_BODY),
  },
  {
    name: 'a header of 100,000 delimiters only',
    text: () => repeated(',', 100_000) + '\n',
    sources: ['string'],
    refused: TABLE_TOO_LARGE,
  },
  {
    name: 'a header of 60 MB of delimiters',
    text: () => repeated(',', 60 * MB) + '\n1\n',
    sources: ['bytes'],
    refused: TABLE_TOO_LARGE,
  },
  {
    name: 'a million empty lines before the header and between rows',
    text: () => `${repeated('\n', MB)}a,b\n1,x\n${repeated('\r\n', MB)}2,y\n`,
    sources: ['string', 'bytes'],
    check: TWO_ROWS,
  },
  {
    name: 'a line of 10 million commas',
    text: () => `a,b\n1,x\n${repeated(',', 10 * MB)}\n2,y\n`,
    sources: ['string'],
    check: (table) => {
      expect(table.rowCount).toBe(3);
      expect(valuesOf(table, 'a')).toEqual([1, null, 2]);
      expect(valuesOf(table, 'b')).toEqual(['x', null, 'y']);
    },
  },
];

/** What each read measured, printed when CSV_HOSTILE_REPORT is set. */
const report: string[] = [];

function sourceOf(text: string, kind: SourceKind): string | Uint8Array | Blob {
  if (kind === 'string') return text;
  const bytes = new TextEncoder().encode(text);
  return kind === 'bytes' ? bytes : new Blob([bytes]);
}

describe('readCsv on hostile files', () => {
  for (const hostile of CASES) {
    it(hostile.name, async () => {
      const text = hostile.text();
      for (const kind of hostile.sources) {
        let source: string | Uint8Array | Blob | null = sourceOf(text, kind);
        const measured: ReadMeasure<Table> = await measureRead(() => readCsv(source ?? ''));
        source = null;
        const { outcome, seconds, peakBytes, longestStallMs } = measured;
        report.push(
          `| ${hostile.name} | ${kind} | ${(text.length / MB).toFixed(1)} | ` +
            `${outcome.ok ? 'read' : (outcome.error as { code?: string }).code} | ` +
            `${seconds.toFixed(2)} | ${(peakBytes / MB).toFixed(0)} | ` +
            `${(maxPeakBytes(text.length) / MB).toFixed(0)} | ` +
            `${(measured.peakRssBytes / MB).toFixed(0)} | ${longestStallMs.toFixed(0)} |`,
        );
        if (hostile.refused) {
          const error = outcome.ok ? {} : (outcome.error as { code?: string; details?: object });
          expect.soft(error.code).toBe(hostile.refused);
          if (hostile.details) expect.soft(error.details).toMatchObject(hostile.details(text));
        } else {
          if (!outcome.ok) throw outcome.error;
          hostile.check?.(outcome.value);
        }
        expect.soft(seconds, kind).toBeLessThan(MAX_SECONDS);
        expect.soft(peakBytes, kind).toBeLessThanOrEqual(maxPeakBytes(text.length));
        expect.soft(longestStallMs, kind).toBeLessThanOrEqual(MAX_STALL_MS);
        collectNow();
      }
    });
  }

  if (process.env.CSV_HOSTILE_REPORT) {
    it('prints what it measured', () => {
      console.log(
        [
          '| case | source | MB | outcome | s | peak MB | limit MB | RSS MB | longest stall ms |',
          ...report,
        ].join('\n'),
      );
    });
  }
});

describe('readCsv on a wide file whose sample ends between chunks', () => {
  // 120 columns x 1,000 sampled rows is too many cells to start streaming at once: it starts
  // after the chunk in which the sample ended, where a row may be half read.
  const COLUMNS = 120;
  const ROWS = 1500;
  const cell = (r: number, c: number): string =>
    [`${r * 3 + c}`, `w${(r * c) % 9}`, `"x,${r % 5}"`, r % 13 === 0 ? '' : `${r % 2}`][c % 4] ??
    '';
  const header = Array.from({ length: COLUMNS }, (_, c) => `c${c}`).join(',');
  const lines = Array.from({ length: ROWS }, (_, r) =>
    Array.from({ length: r % 97 === 50 ? 3 : COLUMNS }, (_, c) => cell(r, c)).join(','),
  );
  const text = [header, ...lines].join('\n') + '\n';
  const bytes = new TextEncoder().encode(text);

  it('reads the same table wherever a chunk ends in the row after the sample', async () => {
    const reference = await readCsv(text);
    expect(reference.rowCount).toBe(ROWS);
    expect(valuesOf(reference, 'c4').slice(0, 3)).toEqual([4, 7, 10]);
    expect(valuesOf(reference, 'c2').slice(0, 2)).toEqual(['x,0', 'x,1']);
    expect(valuesOf(reference, 'c3')[50]).toBe(null); // a short row
    const sampleEnd = header.length + 1 + lines.slice(0, 1000).join('\n').length + 1;
    const rowLength = (lines[1000] ?? '').length;
    for (let offset = 0; offset <= rowLength + 1; offset += 11) {
      const table = await readCsv(blobInParts(bytes, [sampleEnd - 300, sampleEnd + offset]));
      expect(tableValues(table)).toEqual(tableValues(reference));
      expect(table.issues).toEqual(reference.issues);
    }
  });
});
