import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv';
import { column, issueCodes, tableValues, valuesOf } from './csv/spec-helpers';

/** A CSV with one column per entry, each a list of cell texts (all lists the same length). */
function csv(columns: Record<string, string[]>): string {
  const names = Object.keys(columns);
  const rows = (columns[names[0] ?? ''] ?? []).map((_, r) =>
    names.map((name) => columns[name]?.[r] ?? '').join(','),
  );
  return [names.join(','), ...rows].join('\n') + '\n';
}

const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe('readCsv type inference', () => {
  it('infers numeric, boolean, datetime, categorical, text, identifier and constant', async () => {
    const n = 40;
    const table = await readCsv(
      csv({
        num: range(n, (i) => String((i * 7) % 11) + '.5'),
        flag: range(n, (i) => (i % 3 ? 'true' : 'FALSE')),
        yes: range(n, (i) => (i % 2 ? 'yes' : 'no')),
        when: range(n, (i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`),
        stamp: range(n, (i) => `2024-03-01T10:${String(i).padStart(2, '0')}:00Z`),
        colour: range(n, (i) => ['red', 'green', 'blue'][i % 3] ?? ''),
        note: range(n, (i) => `a long free text remark number ${i} that goes on and on and on`),
        code: range(n, (i) => `ID-${1000 + i}`),
        row: range(n, (i) => String(i + 1)),
        same: range(n, () => 'k'),
        zero: range(n, () => '0'),
      }),
    );
    expect(Object.fromEntries(table.columns.map((c) => [c.name, c.kind]))).toEqual({
      num: 'numeric',
      flag: 'boolean',
      yes: 'boolean',
      when: 'datetime',
      stamp: 'datetime',
      colour: 'categorical',
      note: 'text',
      code: 'identifier',
      row: 'identifier',
      same: 'constant',
      zero: 'constant',
    });
    expect(valuesOf(table, 'flag').slice(0, 3)).toEqual([0, 1, 1]);
    expect(valuesOf(table, 'when')[0]).toBe(Date.UTC(2024, 0, 1));
    expect(valuesOf(table, 'stamp')[1]).toBe(Date.UTC(2024, 2, 1, 10, 1));
  });

  it('warns about constant, all-missing, ID-like and high-cardinality columns, by name', async () => {
    const n = 400;
    const table = await readCsv(
      csv({
        id: range(n, (i) => `u${i}`),
        k: range(n, () => '3'),
        empty: range(n, (i) => (i % 2 ? 'NA' : '')),
        city: range(n, (i) => `city ${i % 150}`),
        colour: range(n, (i) => ['red', 'blue'][i % 2] ?? ''),
      }),
    );
    const byColumn = table.issues.map((i) => [i.code, i.column]);
    expect(byColumn).toEqual([
      ['id_like_column', 'id'],
      ['constant_column', 'k'],
      ['all_missing', 'empty'],
      ['high_cardinality', 'city'],
    ]);
    for (const issue of table.issues) expect(issue.message).toContain(`"${issue.column}"`);
  });

  it('uses the configured missing markers', async () => {
    const text = csv({
      x: ['1', 'NA', 'N/A', 'null', 'NaN', '?', '-', '', ' 2 '],
      y: range(9, () => 'a'),
    });
    expect(valuesOf(await readCsv(text), 'x')).toEqual([
      1,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      2,
    ]);
    const custom = await readCsv('x,y\n1,a\n-99,b\nNA,c\n', { missingMarkers: ['-99'] });
    // NA is now text, so x holds text: the NA is an ordinary value.
    expect(tableValues(custom)).toEqual({ x: ['1', null, 'NA'], y: ['a', 'b', 'c'] });
    // A quoted marker is the literal text.
    const quoted = await readCsv('x\nred\n"NA"\nNA\n');
    expect(valuesOf(quoted, 'x')).toEqual(['red', 'NA', null]);
  });

  it('lets the user choose kinds per column, and keeps the choice', async () => {
    const text = csv({
      zip: ['01234', '12345', '99999'],
      n: ['1', '2', '3'],
      d: ['2024-01-01', 'x', '2024-01-03'],
    });
    const table = await readCsv(text, {
      columnKinds: { zip: 'categorical', n: 'text', d: 'datetime' },
    });
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['zip', 'categorical'],
      ['n', 'text'],
      ['d', 'datetime'],
    ]);
    expect(valuesOf(table, 'zip')).toEqual(['01234', '12345', '99999']);
    expect(valuesOf(table, 'd')).toEqual([Date.UTC(2024, 0, 1), null, Date.UTC(2024, 0, 3)]);
    expect(table.issues).toEqual([
      expect.objectContaining({ code: 'unparsed_values', column: 'd', row: 2 }),
    ]);
    // 0/1 columns are numbers unless the user says they are booleans.
    const flags = await readCsv('f\n0\n1\n1\n', { columnKinds: { f: 'boolean' } });
    expect([column(flags, 'f').kind, valuesOf(flags, 'f')]).toEqual(['boolean', [0, 1, 1]]);
    // A user's numeric choice on an increasing integer column stays numeric.
    const ids = await readCsv(csv({ n: range(30, (i) => String(i)) }), {
      columnKinds: { n: 'numeric' },
    });
    expect(column(ids, 'n').kind).toBe('numeric');
  });

  it('reads odd numbers as the numbers they mean', async () => {
    const table = await readCsv('v\n1e3\n-0\n.5\n+4.\n 7 \n1E-3\n');
    expect(valuesOf(table, 'v')).toEqual([1000, -0, 0.5, 4, 7, 0.001]);
    expect(Object.is(valuesOf(table, 'v')[1], -0)).toBe(true);
    expect(table.issues).toEqual([]);
  });

  it('reads Infinity as a number, with a warning naming the rows', async () => {
    const table = await readCsv('v\n1\nInfinity\n-Infinity\n2\n');
    expect(valuesOf(table, 'v')).toEqual([1, Infinity, -Infinity, 2]);
    expect(table.issues).toEqual([
      expect.objectContaining({ code: 'non_finite_values', column: 'v', row: 2 }),
    ]);
    expect(table.issues[0]?.message).toMatch(/rows 2, 3/);
  });

  it('reads quoted thousands separators in a numeric column, with a notice', async () => {
    const table = await readCsv('v,w\n"1,234",1\n5,2\n"-1,000,000.5",3\n"+123,456",4\n');
    expect(valuesOf(table, 'v')).toEqual([1234, 5, -1000000.5, 123456]);
    expect(issueCodes(table)).toEqual(['thousands_separators']);
    // ... also when they first appear after the rows used to infer kinds.
    const late = ['v', ...range(2000, (i) => String(i)), '"1,234"', '"12,345"'];
    const lateTable = await readCsv(late.join('\n'));
    expect(column(lateTable, 'v').kind).toBe('numeric');
    expect(valuesOf(lateTable, 'v').slice(-2)).toEqual([1234, 12345]);
    expect(issueCodes(lateTable)).toEqual(['thousands_separators']);
  });

  it('does not read hex or underscores as numbers', async () => {
    for (const odd of ['0x1F', '1_000']) {
      const table = await readCsv(`v\n1\n${odd}\n3\n`);
      expect(valuesOf(table, 'v')).toEqual(['1', odd, '3']);
    }
  });

  it('re-reads a column whose later rows are not of its kind, with a notice', async () => {
    const lines = [
      'n,b',
      ...range(1200, (i) => (i < 1000 ? `${i % 7},true` : `item ${i % 5},maybe`)),
    ];
    const table = await readCsv(lines.join('\n'));
    expect(column(table, 'n').kind).toBe('categorical');
    expect(column(table, 'b').storage).toBe('dictionary');
    expect(valuesOf(table, 'n').slice(998, 1001)).toEqual(['4', '5', 'item 0']);
    const notices = table.issues.filter((i) => i.code === 'kind_changed');
    expect(notices.map((i) => i.column)).toEqual(['n', 'b']);
    expect(notices[0]?.message).toMatch(/"n" looked like numbers/);
    expect(notices[1]?.message).toMatch(/"b" looked like true\/false values/);
  });

  it('treats a few stray cells in a long numeric column as missing, naming rows', async () => {
    const lines = [
      'x',
      ...range(2000, (i) => (i === 1500 || i === 1700 ? 'oops' : String(i % 10))),
    ];
    const table = await readCsv(lines.join('\n'));
    expect(column(table, 'x').kind).toBe('numeric');
    expect(valuesOf(table, 'x')[1500]).toBeNull();
    expect(column(table, 'x').missing).toBe(2);
    const issue = table.issues.find((i) => i.code === 'unparsed_values');
    expect(issue).toMatchObject({ column: 'x', row: 1501 });
    expect(issue?.message).toMatch(/row 1501: "oops", row 1701: "oops"/);
  });

  it('infers the kind of a column that is empty in every sampled row from its later values', async () => {
    const lines = [
      'k,x,y',
      ...range(1500, (i) => (i < 1200 ? `${i},,` : `${i},${i % 9}.5,b${i % 3}`)),
    ];
    const table = await readCsv(lines.join('\n'));
    expect(column(table, 'x')).toMatchObject({ kind: 'numeric', storage: 'number', missing: 1200 });
    expect(valuesOf(table, 'x').slice(1199, 1202)).toEqual([null, 3.5, 4.5]);
    expect(column(table, 'y')).toMatchObject({ kind: 'categorical', missing: 1200 });
  });

  it('counts the 1% share against the values present, not the rows', async () => {
    // 2000 rows, 100 values, 12 words (all after the sample): 0.6% of rows, 12% of values.
    const x = (i: number) => (i % 20 ? '' : i > 1500 && i % 40 === 0 ? 'word' : '1');
    const lines = ['x,k', ...range(2000, (i) => `${x(i)},k${i % 3}`)];
    const table = await readCsv(lines.join('\n'));
    expect(column(table, 'x').storage).toBe('dictionary');
    expect(issueCodes(table)).toContain('kind_changed');
  });
});
