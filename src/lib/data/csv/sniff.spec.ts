import { describe, expect, it } from 'vitest';
import { detectEncoding, sniffDecimalComma, sniffDelimiter } from './sniff';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('sniffDelimiter', () => {
  it('picks the delimiter that splits the lines consistently', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('ignores delimiters inside quotes and a cut-off last line', () => {
    expect(sniffDelimiter('a;b\n"1,2,3";4\n"5,6,7";8\n"9,')).toBe(';');
  });

  it('falls back to a comma when nothing splits', () => {
    expect(sniffDelimiter('just one column\nvalue\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });
});

describe('sniffDecimalComma', () => {
  it('finds decimal commas only in files not separated by commas', () => {
    expect(sniffDecimalComma('a;b\n3,25;1\n', ';')).toBe(true);
    expect(sniffDecimalComma('a\tb\n3,25\t1\n', '\t')).toBe(true);
    expect(sniffDecimalComma('a;b\n3,25;1.5\n', ';')).toBe(false);
    expect(sniffDecimalComma('a,b\n3,25\n', ',')).toBe(false);
    expect(sniffDecimalComma('3,25;x\n', ';')).toBe(false); // the header line is not data
  });
});

describe('detectEncoding', () => {
  it('reads byte-order marks and defaults to UTF-8', () => {
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0))).toBe('utf-16le');
    expect(detectEncoding(bytes(0xfe, 0xff, 0, 0x61))).toBe('utf-16be');
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('utf-8');
    expect(detectEncoding(bytes(0x61, 0x2c, 0x62))).toBe('utf-8');
    expect(detectEncoding(bytes())).toBe('utf-8');
  });

  it('names known binary formats', () => {
    const formats: [number[], RegExp][] = [
      [[0x50, 0x4b, 0x03, 0x04], /ZIP/],
      [[0xd0, 0xcf, 0x11, 0xe0], /Excel \.xls/],
      [[0x25, 0x50, 0x44, 0x46], /PDF/],
      [[0x89, 0x50, 0x4e, 0x47], /PNG/],
      [[0xff, 0xd8, 0xff, 0xe0], /JPEG/],
      [[0x47, 0x49, 0x46, 0x38], /GIF/],
      [[0x1f, 0x8b, 0x08, 0x00], /gzip/],
      [[0x50, 0x41, 0x52, 0x31], /Parquet/],
    ];
    for (const [magic, name] of formats) {
      expect(() => detectEncoding(bytes(...magic, 0x41))).toThrow(name);
    }
  });

  it('rejects NUL bytes, suggesting UTF-16 when every other byte is NUL', () => {
    expect(() => detectEncoding(bytes(0x61, 0x00, 0x2c, 0x00))).toThrow(
      /offset 1 \(it may be UTF-16/,
    );
    expect(() => detectEncoding(bytes(0x00, 0x61, 0x00, 0x2c))).toThrow(
      /offset 0 \(it may be UTF-16/,
    );
    expect(() => detectEncoding(bytes(0x61, 0x62, 0x00, 0x01))).toThrow(/offset 2\.$/);
  });
});
