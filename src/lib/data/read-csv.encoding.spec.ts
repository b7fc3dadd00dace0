import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv';
import { blobInParts, issueCodes, rejection, tableValues } from './csv/spec-helpers';

const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** UTF-16 bytes of `text` with a byte-order mark. */
function utf16(text: string, endian: 'le' | 'be'): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, endian === 'le');
  for (let i = 0; i < text.length; i++)
    view.setUint16(2 + i * 2, text.charCodeAt(i), endian === 'le');
  return bytes;
}

const SAMPLE = 'name,city\nZoë,Zürich\nJosé,Łódź\n';
const EXPECTED = { name: ['Zoë', 'José'], city: ['Zürich', 'Łódź'] };

describe('readCsv encodings', () => {
  it('reads UTF-8 with and without a byte-order mark', async () => {
    for (const bytes of [utf8(SAMPLE), utf8(`\uFEFF${SAMPLE}`)]) {
      const table = await readCsv(bytes);
      expect(tableValues(table)).toEqual(EXPECTED);
      expect(table.source?.encoding).toBe('utf-8');
      expect(table.issues).toEqual([]);
    }
  });

  it('reads UTF-16 LE and BE by their byte-order marks', async () => {
    for (const endian of ['le', 'be'] as const) {
      const table = await readCsv(new Blob([utf16(SAMPLE, endian)]));
      expect(tableValues(table)).toEqual(EXPECTED);
      expect(table.source?.encoding).toBe(`utf-16${endian}`);
    }
  });

  it('reads UTF-16 whose byte-order mark is cut across chunks', async () => {
    const bytes = utf16(SAMPLE, 'le');
    const table = await readCsv(blobInParts(bytes, [1, 2, 3, 7]));
    expect(tableValues(table)).toEqual(EXPECTED);
  });

  it('falls back to Windows-1252 with a notice when the bytes are not UTF-8', async () => {
    // "café,10\n" with é as the single byte 0xE9 (Latin-1 / Windows-1252), and € as 0x80.
    const bytes = new Uint8Array([
      ...utf8('word,n\ncaf'),
      0xe9,
      ...utf8(',10\n'),
      0x80,
      ...utf8(',2\n'),
    ]);
    const table = await readCsv(bytes);
    expect(tableValues(table)).toEqual({ word: ['café', '€'], n: [10, 2] });
    expect(table.source?.encoding).toBe('windows-1252');
    expect(issueCodes(table)).toEqual(['encoding_fallback']);
  });

  it('finds invalid UTF-8 far into a streamed file, not only in the first chunk', async () => {
    const head = utf8(`k,v\n${'a,1\n'.repeat(50_000)}`);
    const bytes = new Uint8Array([...head, ...utf8('b'), 0xe9, ...utf8(',2\n')]);
    const table = await readCsv(blobInParts(bytes, [4096, 100_000]));
    expect(table.rowCount).toBe(50_001);
    expect(tableValues(table).k?.at(-1)).toBe('bé');
    expect(issueCodes(table)).toContain('encoding_fallback');
  });

  it('drops a UTF-8 byte-order mark when the rest of the file falls back', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('word\ncaf'), 0xe9, 0x0a]);
    const table = await readCsv(bytes);
    expect(table.columns.map((c) => c.name)).toEqual(['word']);
    expect(tableValues(table)).toEqual({ word: ['café'] });
  });

  it('decodes a UTF-8 character cut across chunks', async () => {
    const bytes = utf8('x\n€uro\n😀\n');
    for (let at = 1; at < bytes.length; at++) {
      const table = await readCsv(blobInParts(bytes, [at]));
      expect(tableValues(table)).toEqual({ x: ['€uro', '😀'] });
      expect(table.issues).toEqual([]);
    }
  });

  it('rejects broken UTF-16 instead of guessing another encoding', async () => {
    const broken = new Uint8Array([...utf16('a\nx', 'le'), 0x00, 0xd8, 0x41, 0x00]); // lone surrogate
    const error = await rejection(readCsv(broken));
    expect(error).toMatchObject({ code: 'invalid_encoding' });
    expect(error.message).toMatch(/UTF-16LE/);
    const noBom = utf16('a,b\n1,2\n', 'le').slice(2);
    const bare = await rejection(readCsv(noBom));
    expect(bare).toMatchObject({ code: 'binary_file' });
    expect(bare.message).toMatch(/UTF-16 text without a byte-order mark/);
  });

  it('rejects empty input, a lone byte-order mark and whitespace with empty_file', async () => {
    const inputs: (string | Uint8Array | Blob)[] = [
      '',
      '\uFEFF',
      ' \n\r\n\t \n',
      new Uint8Array(0),
      new Blob([]),
      new Uint8Array([0xef, 0xbb, 0xbf]),
      new Uint8Array([0xff, 0xfe]),
      utf8('\uFEFF  \n\n'),
    ];
    for (const input of inputs) {
      await expect(readCsv(input)).rejects.toMatchObject({ code: 'empty_file' });
    }
  });

  it('rejects binary files, naming the format when it is known', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const zipError = await rejection(readCsv(new Blob([zip])));
    expect(zipError).toMatchObject({ code: 'binary_file' });
    expect(zipError.message).toMatch(/ZIP/);
    const pngError = await rejection(readCsv(png));
    expect(pngError).toMatchObject({ code: 'binary_file' });
    expect(pngError.message).toMatch(/PNG/);
    // Magic bytes cut across chunks are still recognised.
    const cutError = await rejection(readCsv(blobInParts(png, [1, 2, 3])));
    expect(cutError.message).toMatch(/PNG/);
    const nul = await rejection(readCsv(utf8('a,b\n1,\u00002\n')));
    expect(nul).toMatchObject({ code: 'binary_file' });
    expect(nul.message).toMatch(/offset 6/);
  });

  it('fingerprints the exact bytes with SHA-256', async () => {
    const bytes = utf8(`\uFEFFa;b\r\n1;2\r\n`);
    expect((await readCsv(bytes)).source?.sha256).toBe(sha256(bytes));
    expect((await readCsv(blobInParts(bytes, [3, 5]))).source?.sha256).toBe(sha256(bytes));
    const latin = new Uint8Array([...utf8('w\n'), 0xe9, 0x0a]);
    expect((await readCsv(latin)).source?.sha256).toBe(sha256(latin));
    const wide = utf16('a\n1\n', 'be');
    expect((await readCsv(wide)).source?.sha256).toBe(sha256(wide));
    // A string is fingerprinted as its UTF-8 bytes (a leading BOM does not count).
    expect((await readCsv('a\nü\n')).source?.sha256).toBe(sha256(utf8('a\nü\n')));
  });
});
