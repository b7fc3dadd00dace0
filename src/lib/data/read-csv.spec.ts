import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv';

describe('readCsv (first slice)', () => {
  it('reads numeric and categorical columns with missing markers', async () => {
    const table = await readCsv('\uFEFFa,b,__proto__\n1,x,p\nNA,y,q\n3,,p\n');
    expect(table.rowCount).toBe(3);
    expect(table.columns.map((c) => [c.name, c.kind, c.missing])).toEqual([
      ['a', 'numeric', 1],
      ['b', 'categorical', 1],
      ['__proto__', 'categorical', 0],
    ]);
    const a = table.columns[0];
    expect(a?.storage === 'number' ? Array.from(a.values) : null).toEqual([1, NaN, 3]);
  });

  it('accepts bytes and blobs as well as text', async () => {
    const bytes = new TextEncoder().encode('n\n1\n2\n');
    expect((await readCsv(bytes)).rowCount).toBe(2);
    expect((await readCsv(new Blob([bytes]))).rowCount).toBe(2);
  });

  it('rejects empty, header-only and binary input with stable codes', async () => {
    await expect(readCsv('')).rejects.toMatchObject({ code: 'empty_file' });
    await expect(readCsv('a,b\n')).rejects.toMatchObject({ code: 'no_data_rows' });
    await expect(readCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).rejects.toMatchObject({
      code: 'binary_file',
    });
  });
});
