import { describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { CategoricalColumn, ColumnKind, NumericColumn } from '../data/table';
import type { FeatureStep, Preprocessing } from '../features/types';
import { predict } from './predict';
import { tableFromRecords, type RecordRow } from './records';
import { trainModel } from './train-model';

const NUMBER_STEP: FeatureStep = {
  column: 'v',
  kind: 'numeric',
  fill: 0,
  mean: 0,
  std: 1,
  indicator: false,
};
const STEPS: Record<'numeric' | 'boolean' | 'datetime' | 'categorical', FeatureStep> = {
  numeric: NUMBER_STEP,
  boolean: { ...NUMBER_STEP, source: 'boolean' },
  datetime: {
    column: 'v',
    kind: 'datetime',
    fill: 0,
    yearMean: 2000,
    yearStd: 1,
    hasTime: false,
    indicator: false,
  },
  categorical: { column: 'v', kind: 'one-hot', categories: [], fill: '', indicator: false },
};

function preprocessing(...steps: FeatureStep[]): Preprocessing {
  return { steps, width: 0, inputs: [] };
}

/** What readCsv makes of one cell in a column of the given kind. */
async function readCell(cell: string, kind: ColumnKind) {
  const field = /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  const table = await readCsv(`id,v\n1,${field}\n`, { columnKinds: { v: kind }, delimiter: ',' });
  expect(table.rowCount).toBe(1);
  const column = table.columns[1];
  const warned = table.issues.some((issue) => issue.code === 'unparsed_values');
  if (column?.storage === 'dictionary') {
    return { category: column.categories[column.codes[0] ?? -1] ?? null, warned };
  }
  return { value: (column as NumericColumn).values[0] ?? NaN, warned };
}

/** What tableFromRecords makes of the same cell: a number, NaN, a category, or the error code. */
function recordCell(cell: unknown, step: FeatureStep) {
  try {
    const table = tableFromRecords([{ v: cell } as RecordRow], preprocessing(step));
    const column = table.columns[0];
    if (column?.storage === 'dictionary') {
      return { category: column.categories[column.codes[0] ?? -1] ?? null };
    }
    return { value: (column as NumericColumn).values[0] ?? NaN };
  } catch (error) {
    return { refused: (error as { code?: string }).code };
  }
}

/**
 * The same ugly cells through readCsv (one-row CSV, column kind chosen) and through
 * tableFromRecords. A finite number or a missing marker reads the same; a cell readCsv warns
 * about and treats as missing (not of the column's kind) is refused, and so is an infinite one,
 * which readCsv keeps with a warning but no model can use.
 */
async function expectSameAsReadCsv(cells: string[], kind: keyof typeof STEPS) {
  for (const cell of cells) {
    const csv = await readCell(cell, kind);
    const record = recordCell(cell, STEPS[kind]);
    const label = `${kind} ${JSON.stringify(cell)}`;
    if ('category' in csv) {
      expect(record, label).toEqual({ category: csv.category });
    } else if (csv.warned) {
      expect(record, label).toEqual({ refused: 'non_finite_input' });
    } else if (Number.isNaN(csv.value)) {
      expect(record, label).toEqual({ value: NaN });
    } else if (!Number.isFinite(csv.value)) {
      expect(record, label).toEqual({ refused: 'non_finite_input' });
    } else {
      expect(Object.is(record.value, csv.value), `${label}: ${record.value}`).toBe(true);
    }
  }
}

const UGLY = [
  ...['  ', '0x10', '1e3', ' 12 ', '1,5', '1,234', 'NA', '', 'true', '+3', '.5', '5.', '1_000'],
  ...['Infinity', '-Infinity', '+Infinity', '1e309', '-0', 'nan', 'NaN', '-', '?', 'null', 'N/A'],
  ...[' NA ', '\u00a012', '\u00a0', '\t7\t', '.', 'e5', '1e', '0012', '1.5e-3', '12,345.5'],
  ...['1,23', '-1,000', '0b1', '１２', '1 000', '12abc', '123456789012345678901', 'na', 'inf'],
];

describe('tableFromRecords reads text as readCsv does', () => {
  it('in number columns', async () => {
    await expectSameAsReadCsv(UGLY, 'numeric');
  });

  it('pins what number columns make of each cell', () => {
    const expected: [string, number | 'missing' | 'refused'][] = [
      ['  ', 'missing'],
      ['', 'missing'],
      ['NA', 'missing'],
      [' NA ', 'missing'],
      ['NaN', 'missing'],
      ['-', 'missing'],
      ['0x10', 'refused'],
      ['1_000', 'refused'],
      ['1,5', 'refused'],
      ['Infinity', 'refused'],
      ['1e309', 'refused'],
      ['nan', 'refused'],
      ['\u00a012', 'refused'],
      ['1e3', 1000],
      [' 12 ', 12],
      ['\t7\t', 7],
      ['+3', 3],
      ['.5', 0.5],
      ['5.', 5],
      ['-0', -0],
      ['1,234', 1234],
      ['12,345.5', 12345.5],
    ];
    for (const [cell, result] of expected) {
      const record = recordCell(cell, NUMBER_STEP);
      const label = JSON.stringify(cell);
      if (result === 'missing') expect(record, label).toEqual({ value: NaN });
      else if (result === 'refused') expect(record, label).toEqual({ refused: 'non_finite_input' });
      else expect(Object.is(record.value, result), label).toBe(true);
    }
  });

  it('in true/false columns', async () => {
    const cells = ['yes', 'No', 'T', ' true ', 'TRUE', '1', '0', '1.0', 'y', ' N ', 'maybe'];
    await expectSameAsReadCsv([...cells, 'NA', '', '  ', 'null', '2'], 'boolean');
  });

  it('in date columns', async () => {
    await expectSameAsReadCsv(
      [
        ...['2020-01-01', ' 2020-01-02 ', '2020-01-02T10:00', '2020-01-02 10:00:30.25+02:00'],
        ...['2020-01-01T00:00:00.5Z', '2020-02-29', '2021-02-29', '2020-1-1', '20200101'],
        ...['0099-01-01', '2020-01-01T24:00', 'NA', '', '  ', '?', 'soon'],
      ],
      'datetime',
    );
  });

  it('in category columns: trimmed, with the missing markers missing', async () => {
    const cells = [' red ', 'red', 'Red', 'na', '0x10', ' 12 ', '1,5', 'Infinity', '\u00a0x'];
    await expectSameAsReadCsv(
      [...cells, 'NA', '', '  ', 'N/A', '-', '?', 'null', 'NaN'],
      'categorical',
    );
  });
});

describe('tableFromRecords with values that are not text', () => {
  it('reads numbers and booleans; NaN is missing, infinities are refused with row and column', () => {
    const rows = [{ v: 12 }, { v: -0 }, { v: NaN }, { v: true }, { v: false }, { v: null }, {}];
    const table = tableFromRecords(rows, preprocessing(NUMBER_STEP));
    const column = table.columns[0] as NumericColumn;
    expect(Array.from(column.values)).toEqual([12, -0, NaN, 1, 0, NaN, NaN]);
    expect(column.missing).toBe(3);
    for (const bad of [Infinity, -Infinity]) {
      expect(() => tableFromRecords([{ v: 1 }, { v: bad }], preprocessing(NUMBER_STEP))).toThrow(
        expect.objectContaining({
          code: 'non_finite_input',
          message: `Row 2, column "v": ${bad} is not a finite number.`,
          details: { row: 2, column: 'v' },
        }),
      );
    }
    const categories = tableFromRecords(
      [{ v: 3 }, { v: true }, { v: NaN }],
      preprocessing(STEPS.categorical),
    ).columns[0] as CategoricalColumn;
    expect(categories.categories).toEqual(['3', 'true']);
    expect(Array.from(categories.codes)).toEqual([0, 1, -1]);
  });

  it('reads Date objects and time values in date columns only', () => {
    const day = new Date('2020-03-01T00:00:00Z');
    const table = tableFromRecords(
      [{ v: day }, { v: day.getTime() }, { v: '2020-03-01' }],
      preprocessing(STEPS.datetime),
    );
    expect(Array.from((table.columns[0] as NumericColumn).values)).toEqual([
      day.getTime(),
      day.getTime(),
      day.getTime(),
    ]);
    for (const bad of [new Date('nope'), 8.64e15 + 1, true]) {
      expect(() => tableFromRecords([{ v: bad }], preprocessing(STEPS.datetime))).toThrow(
        expect.objectContaining({ code: 'non_finite_input', details: { row: 1, column: 'v' } }),
      );
    }
    expect(() => tableFromRecords([{ v: day }], preprocessing(NUMBER_STEP))).toThrow(
      expect.objectContaining({
        code: 'invalid_cell',
        message: 'Row 1, column "v": a Date is not a value the model can read.',
      }),
    );
  });

  it('refuses objects, arrays, bigints, functions and symbols, naming the row and column', () => {
    const cases: [unknown, string][] = [
      [{}, 'an object'],
      [[], 'an array'],
      [10n, 'a bigint'],
      [() => 1, 'a function'],
      [Symbol('s'), 'a symbol'],
      [new String('red'), 'an object'],
    ];
    for (const step of [STEPS.numeric, STEPS.boolean, STEPS.datetime, STEPS.categorical]) {
      for (const [cell, what] of cases) {
        const rows = [{ v: null }, {}, { v: cell }] as RecordRow[];
        expect(() => tableFromRecords(rows, preprocessing({ ...step, column: 'v' }))).toThrow(
          expect.objectContaining({
            code: 'invalid_cell',
            message: `Row 3, column "v": ${what} is not a value the model can read.`,
            hint: 'Pass text, numbers, booleans or null (missing) for each column.',
            details: { row: 3, column: 'v' },
          }),
        );
      }
    }
  });

  it('refuses rows that are not objects', () => {
    for (const row of [null, 'x', 3, [1, 2]]) {
      expect(() =>
        tableFromRecords([{ v: 1 }, row as unknown as RecordRow], preprocessing(NUMBER_STEP)),
      ).toThrow(expect.objectContaining({ code: 'invalid_cell', details: { row: 2 } }));
    }
  });
});

describe('predict on rows', () => {
  it('gives ugly text the same predictions as the values readCsv reads from it', async () => {
    const lines = ['x,flag,colour,y'];
    for (let i = 0; i < 40; i++) {
      // x is not in increasing order, or it would look like a row ID and be left out.
      const x = (i * 7) % 40;
      lines.push(
        `${x},${i % 3 ? 'yes' : 'no'},${['red', 'green', 'blue'][i % 3]},${x > 20 ? 'b' : 'a'}`,
      );
    }
    const model = await trainModel(await readCsv(lines.join('\n')), {
      target: 'y',
      epochs: 2,
    });
    expect(model.preprocessing.steps.find((s) => s.column === 'flag')).toMatchObject({
      source: 'boolean',
    });
    const ugly = await predict(model, [
      { x: ' 12 ', flag: ' Yes', colour: ' red ' },
      { x: '  ', flag: 'N', colour: 'NA' },
      { x: '1,234', flag: '0', colour: 'green' },
    ]);
    const clean = await predict(model, [
      { x: 12, flag: true, colour: 'red' },
      { x: null, flag: false, colour: null },
      { x: 1234, flag: false, colour: 'green' },
    ]);
    expect(ugly).toEqual(clean);
    await expect(predict(model, [{ x: 1 }, { x: '0x10' }])).rejects.toMatchObject({
      code: 'non_finite_input',
      message: 'Row 2, column "x": "0x10" is not a number.',
      details: { row: 2, column: 'x' },
    });
    await expect(predict(model, [{ flag: 'maybe' }])).rejects.toMatchObject({
      code: 'non_finite_input',
      details: { row: 1, column: 'flag' },
    });
    await expect(
      predict(model, [{ x: 1 }, { x: 2 }, { colour: {} }] as RecordRow[]),
    ).rejects.toMatchObject({
      code: 'invalid_cell',
      message: 'Row 3, column "colour": an object is not a value the model can read.',
      details: { row: 3, column: 'colour' },
    });
  });
});
