import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { csvCell, csvText } from './scored-csv';

describe('CSV exports do not carry formulas into spreadsheets', () => {
  it('puts an apostrophe before text that a spreadsheet would run', () => {
    expect(csvText('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    for (const start of ['+', '-', '@', '\t', '\r'])
      expect(csvText(`${start}cmd`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a, b')).toBe('"a, b"');
  });

  it('guards categories but writes numbers, negative ones included, as numbers', async () => {
    const table = await readCsv('label,amount\n=1+2,-3.5\n@SUM(A1),4\nok,-0.25\n');
    const [label, amount] = table.columns;
    if (!label || !amount) throw new Error('columns');
    expect([0, 1, 2].map((row) => csvCell(label, row))).toEqual(["'=1+2", "'@SUM(A1)", 'ok']);
    expect([0, 1, 2].map((row) => csvCell(amount, row))).toEqual(['-3.5', '4', '-0.25']);
  });
});
