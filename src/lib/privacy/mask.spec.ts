import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { labelAt } from '../data/cell-label';
import { maskTable, newMaskSalt, SALT_BYTES } from './mask';

const CSV = [
  'email,ip,signup,spend,plan',
  'ada@example.com,10.0.0.17,2024-03-15,123.4,pro',
  'alan@example.org,10.0.0.99,2024-03-02,88.1,free',
  'ada@example.com,192.168.5.4,2024-04-30,5,pro',
  ',10.0.0.17,2024-05-01,71.9,free',
].join('\n');

const column = (table: Table, name: string) => table.columns.find((c) => c.name === name)!;
const cells = (table: Table, name: string) =>
  Array.from({ length: table.rowCount }, (_, row) => labelAt(column(table, name), row));
const salt = Uint8Array.from({ length: SALT_BYTES }, (_, i) => i);

describe('maskTable', () => {
  it('hashes with the workspace salt: equal values stay equal, none can be read back', async () => {
    const table = await readCsv(CSV);
    const masked = maskTable(table, [{ column: 'email', method: 'hash' }], salt);
    const emails = cells(masked, 'email');
    expect(emails[0]).toMatch(/^h_[0-9a-f]{16}$/);
    expect(emails[0]).toBe(emails[2]);
    expect(emails[0]).not.toBe(emails[1]);
    expect(emails[3]).toBeNull();
    expect(JSON.stringify(column(masked, 'email'))).not.toMatch(/@example/);
    // Another workspace, another salt: other hashes.
    const other = maskTable(table, [{ column: 'email', method: 'hash' }], newMaskSalt());
    expect(cells(other, 'email')[0]).not.toBe(emails[0]);
    // The original table is untouched; the others columns are the same objects.
    expect(cells(table, 'email')[0]).toBe('ada@example.com');
    expect(column(masked, 'plan')).toBe(column(table, 'plan'));
    // The fingerprint is derived from the file's and the masks': a masked table is another table.
    expect(masked.source?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(masked.source?.sha256).not.toBe(table.source?.sha256);
    expect(masked.masks).toEqual([{ column: 'email', method: 'hash' }]);
  });

  it('records a number step so that new data is generalised the same way', async () => {
    const table = await readCsv('spend,plan\n12,a\n47,b\n88,a\n');
    const masked = maskTable(table, [{ column: 'spend', method: 'generalize' }], salt);
    expect(masked.masks).toEqual([{ column: 'spend', method: 'generalize', step: 1 }]);
    const later = await readCsv('spend,plan\n12345,a\n');
    const again = maskTable(later, masked.masks ?? [], salt);
    expect(cells(again, 'spend')).toEqual(['12345']);
    const coarse = maskTable(later, [{ column: 'spend', method: 'generalize', step: 1000 }], salt);
    expect(cells(coarse, 'spend')).toEqual(['12000']);
  });

  it('truncates and generalises: a date to its month, an e-mail to its domain, an IP to its /24', async () => {
    const table = await readCsv(CSV);
    const masked = maskTable(
      table,
      [
        { column: 'email', method: 'generalize' },
        { column: 'ip', method: 'generalize' },
        { column: 'signup', method: 'generalize' },
        { column: 'spend', method: 'generalize' },
        { column: 'plan', method: 'truncate', keep: 2 },
      ],
      salt,
    );
    expect(cells(masked, 'email')).toEqual(['@example.com', '@example.org', '@example.com', null]);
    expect(cells(masked, 'ip')).toEqual([
      '10.0.0.0/24',
      '10.0.0.0/24',
      '192.168.5.0/24',
      '10.0.0.0/24',
    ]);
    const months = Array.from(
      column(masked, 'signup').storage === 'number'
        ? (column(masked, 'signup') as { values: Float64Array }).values
        : [],
      (v) => new Date(v).toISOString().slice(0, 10),
    );
    expect(months).toEqual(['2024-03-01', '2024-03-01', '2024-04-01', '2024-05-01']);
    expect(cells(masked, 'spend')).toEqual(['120', '80', '0', '70']);
    expect(cells(masked, 'plan')).toEqual(['pr…', 'fr…', 'pr…', 'fr…']);
    // Equal masks share one category.
    const plan = column(masked, 'plan');
    expect(plan.storage === 'dictionary' && plan.categories).toEqual(['pr…', 'fr…']);
  });

  it('refuses an unknown column or method, a bad keep and a short salt', async () => {
    const table = await readCsv(CSV);
    for (const [masks, key] of [
      [[{ column: 'phone', method: 'hash' }], salt],
      [[{ column: 'email', method: 'encrypt' }], salt],
      [[{ column: 'email', method: 'truncate', keep: 0 }], salt],
      [[{ column: 'email', method: 'hash' }], new Uint8Array(4)],
    ] as const) {
      expect(() => maskTable(table, masks as never, key)).toThrow(
        expect.objectContaining({ code: 'invalid_mask_options' }),
      );
    }
  });
});
