import { describe, expect, it } from 'vitest';
import { readCsv, type ReadProgress } from './read-csv';
import {
  blobInParts,
  column,
  issueCodes,
  rejection,
  tableValues,
  valuesOf,
} from './csv/spec-helpers';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readCsv structure', () => {
  it('reads CRLF, LF and CR files and a missing final newline alike', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const last of [eol, '']) {
        const table = await readCsv(['a,b', '1,x', '2,y'].join(eol) + last);
        expect(tableValues(table)).toEqual({ a: [1, 2], b: ['x', 'y'] });
        expect(table.issues).toEqual([]);
      }
    }
  });

  it('reads delimiters and newlines inside quotes, and escaped quotes', async () => {
    const table = await readCsv('id,text\n1,"a, ""b""\r\nc"\n2,"  padded  "\n3,plain  \n');
    expect(valuesOf(table, 'text')).toEqual(['a, "b"\r\nc', '  padded  ', 'plain']);
  });

  it('sniffs semicolon, tab and pipe files, and takes an override', async () => {
    for (const delimiter of [';', '\t', '|']) {
      const table = await readCsv(`a${delimiter}b\n1${delimiter}x,y\n2${delimiter}z\n`);
      expect(table.source?.delimiter).toBe(delimiter);
      expect(tableValues(table)).toEqual({ a: [1, 2], b: ['x,y', 'z'] });
    }
    // One comma per line looks like a comma file; the caller knows better.
    const text = 'a;b\n1,5;x\n2,5;y\n';
    expect((await readCsv(text)).source?.delimiter).toBe(';');
    const forced = await readCsv('a|b,c\n1|2,3\n', { delimiter: ',' });
    expect(tableValues(forced)).toEqual({ 'a|b': ['1|2'], c: [3] });
  });

  it('reads decimal commas in semicolon files', async () => {
    const table = await readCsv('name;price;qty\nx;3,25;1\ny;-0,5;2\nz;10;3\n');
    expect(table.source).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(tableValues(table)).toEqual({
      name: ['x', 'y', 'z'],
      price: [3.25, -0.5, 10],
      qty: [1, 2, 3],
    });
    // A dot-decimal number in the sample means the commas are not decimal commas.
    const dots = await readCsv('a;b\n1,5;2.5\n2,5;3.5\n');
    expect(dots.source?.decimal).toBe('.');
    expect(valuesOf(dots, 'a')).toEqual(['1,5', '2,5']);
    // The caller can say which it is.
    const forced = await readCsv('a;b\n1,5;2\n', { decimal: '.' });
    expect(valuesOf(forced, 'a')).toEqual(['1,5']);
  });

  it('skips blank lines, counting rows without them', async () => {
    const table = await readCsv('\n\na,b\n\n1,2\n\r\n\n3,4\n   \n\n');
    expect(table.rowCount).toBe(2);
    expect(tableValues(table)).toEqual({ a: [1, 3], b: [2, 4] });
    expect(table.issues).toEqual([]);
  });

  it('ignores empty trailing fields and keeps a trailing delimiter column visible', async () => {
    const rows = await readCsv('a,b\n1,2,\n3,4,\n');
    expect(tableValues(rows)).toEqual({ a: [1, 3], b: [2, 4] });
    expect(rows.issues).toEqual([]);
    // With a trailing delimiter on the header too, the empty column is named and reported.
    const all = await readCsv('a,b,\n1,2,\n3,4,\n');
    expect(all.columns.map((c) => c.name)).toEqual(['a', 'b', 'column_3']);
    expect(issueCodes(all)).toEqual(['empty_header', 'all_missing']);
    expect(all.issues[1]).toMatchObject({ column: 'column_3' });
  });

  it('makes duplicate and empty headers unique, deterministically', async () => {
    const table = await readCsv('a,a,,a_2,a, b \n1,2,3,4,5,6\n7,8,9,10,11,12\n');
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'a_3', 'column_3', 'a_2', 'a_4', 'b']);
    expect(table.issues.map((i) => [i.code, i.column])).toEqual([
      ['duplicate_header', 'a_3'],
      ['empty_header', 'column_3'],
      ['duplicate_header', 'a_4'],
    ]);
    expect(table.issues[0]?.message).toMatch(/"a".*column 2.*"a_3"/);
  });

  it('treats __proto__, constructor and hasOwnProperty as ordinary columns', async () => {
    const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];
    const rows = Array.from({ length: 6 }, (_, i) => names.map((_, c) => i * 10 + c).join(','));
    const table = await readCsv([names.join(','), ...rows].join('\n'));
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual(
      names.map((name) => [name, 'numeric']),
    );
    expect(valuesOf(table, 'constructor')).toEqual([1, 11, 21, 31, 41, 51]);
    // ... also in the options that are keyed by column name.
    const kinds = Object.fromEntries([['__proto__', 'categorical' as const]]);
    const forced = await readCsv([names.join(','), ...rows].join('\n'), { columnKinds: kinds });
    expect(column(forced, '__proto__').kind).toBe('categorical');
    expect(column(forced, 'constructor').kind).toBe('numeric');
    // ... and a repeated __proto__ header.
    const twice = await readCsv('__proto__,__proto__\n1,2\n');
    expect(twice.columns.map((c) => c.name)).toEqual(['__proto__', '__proto___2']);
  });

  it('reports ragged rows with their row numbers and fills the gaps', async () => {
    const table = await readCsv('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n');
    expect(tableValues(table)).toEqual({ a: [1, 4, 6, 10], b: [2, 5, 7, 11], c: [3, null, 8, 12] });
    expect(table.issues.map((i) => [i.code, i.row])).toEqual([
      ['ragged_row', 2],
      ['ragged_row', 3],
    ]);
    expect(table.issues[0]?.message).toMatch(/Row 2 has 2 field\(s\) but the header has 3/);
  });

  it('caps ragged-row warnings at 10,000 ragged rows, with a summary', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 10_000; i++) lines.push(i % 2 ? `${i}` : `${i},1,2,3`);
    const table = await readCsv(lines.join('\n'));
    expect(table.rowCount).toBe(10_000);
    const ragged = table.issues.filter((i) => i.code === 'ragged_row');
    expect(ragged.length).toBeLessThanOrEqual(42);
    expect(ragged.filter((i) => i.row === undefined).map((i) => i.message)).toEqual([
      expect.stringMatching(/^5000 rows .*fewer/),
      expect.stringMatching(/^5000 rows .*more/),
    ]);
    expect(ragged[0]).toMatchObject({ row: 1 });
  });

  it('reads a 2 MB quoted field with newlines, also when streamed in small chunks', async () => {
    const big = 'line one, "quoted"\r\nline two\n'.repeat(70_000);
    expect(big.length).toBeGreaterThan(2_000_000);
    const text = `id,body,n\n1,"${big.replaceAll('"', '""')}",7\n2,short,8\n`;
    for (const source of [text, blobInParts(utf8(text), [5, 65_536, 1_000_000, 1_500_000])]) {
      const table = await readCsv(source);
      expect(table.rowCount).toBe(2);
      expect(valuesOf(table, 'body')).toEqual([big, 'short']);
      expect(valuesOf(table, 'n')).toEqual([7, 8]);
    }
  });

  it('reports text after a closing quote, naming row and column', async () => {
    const table = await readCsv('a,b\n1,"x"y\n2,z\n');
    expect(valuesOf(table, 'b')).toEqual(['xy', 'z']);
    expect(table.issues).toEqual([
      expect.objectContaining({ code: 'stray_quote', row: 1, column: 'b' }),
    ]);
  });
});

describe('readCsv failures', () => {
  it('rejects a header without rows', async () => {
    for (const text of ['a,b', 'a,b\n', 'a,b\r\n\r\n\n']) {
      await expect(readCsv(text)).rejects.toMatchObject({ code: 'no_data_rows' });
    }
  });

  it('rejects an unterminated quote, naming its row and column', async () => {
    const error = await rejection(readCsv('a,b,c\n1,2,3\n4,"five,6\n7,8,9\n'));
    expect(error).toMatchObject({ code: 'unterminated_quote', details: { row: 2, column: 'b' } });
    expect(error.message).toMatch(/row 2, column "b"/);
    const first = await rejection(readCsv('a,b\n"x,1\n'));
    expect(first).toMatchObject({ code: 'unterminated_quote', details: { row: 1, column: 'a' } });
    const header = await rejection(readCsv('a,"b\n1,2\n'));
    expect(header.code).toBe('unterminated_quote');
    expect(header.message).toMatch(/header/);
  });

  it('rejects with code aborted when the signal fires mid-read', async () => {
    const bytes = utf8(`x,y\n${'1,2\n'.repeat(100_000)}`);
    const blob = blobInParts(bytes, [100_000, 200_000, 300_000]);
    const controller = new AbortController();
    let calls = 0;
    const read = readCsv(blob, {
      signal: controller.signal,
      onProgress: () => {
        calls++;
        controller.abort();
      },
    });
    await expect(read).rejects.toMatchObject({ code: 'aborted' });
    expect(calls).toBe(1);
    const aborted = new AbortController();
    aborted.abort();
    await expect(readCsv('a\n1\n', { signal: aborted.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });

  it('reports progress with increasing bytesRead up to the total', async () => {
    const bytes = utf8(`x,y\n${'1,2\n'.repeat(100_000)}`);
    const seen: ReadProgress[] = [];
    await readCsv(blobInParts(bytes, [100_000, 200_000, 300_000]), {
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]?.bytesRead).toBeGreaterThanOrEqual(seen[i - 1]?.bytesRead ?? 0);
      expect(seen[i]?.rows).toBeGreaterThanOrEqual(seen[i - 1]?.rows ?? 0);
    }
    expect(seen.at(-1)).toEqual({
      bytesRead: bytes.length,
      totalBytes: bytes.length,
      rows: 100_000,
    });
  });

  it('keeps progress increasing when a column has to be read again', async () => {
    const lines = ['n', ...Array.from({ length: 1500 }, (_, i) => (i < 1000 ? `${i}` : `w${i}`))];
    const seen: number[] = [];
    const blob = blobInParts(utf8(lines.join('\n')), [1000, 2000, 5000]);
    const table = await readCsv(blob, { onProgress: (p) => seen.push(p.bytesRead) });
    expect(issueCodes(table)).toContain('kind_changed');
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
