import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Column, Table } from '../data/table';
import { readCsv } from '../data/read-csv';
import { WorkbenchError } from '../errors';
import { splitFor, tableFingerprint } from '../index';
import { predict } from './predict';
import { splitRows } from './split';
import { tableFingerprint as fingerprintOf } from './table-fingerprint';
import { encodeTarget } from './target';
import { TEST_FRACTION, trainModel, VALIDATION_FRACTION } from './train-model';
import type { TrainedModel } from './types';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    return (error as WorkbenchError).code;
  }
  throw new Error('it did not throw');
}

/** The rows trainModel splits, computed here with splitRows and the options trainModel uses. */
function expectedSplit(table: Table, model: TrainedModel) {
  const { labels } = encodeTarget(table, model.target, model.task);
  const labelled = Array.from({ length: table.rowCount }, (_, row) => row).filter(
    (row) => !Number.isNaN(labels[row]),
  );
  const split = splitRows({
    rowCount: labelled.length,
    seed: model.spec.seed,
    testFraction: TEST_FRACTION,
    validationFraction: VALIDATION_FRACTION,
    ...(model.task === 'regression'
      ? {}
      : { strata: Int32Array.from(labelled, (row) => labels[row] ?? 0) }),
  });
  const toTable = (rows: number[]) => rows.map((row) => labelled[row] ?? -1);
  return {
    train: toTable(split.train),
    validation: toTable(split.validation),
    test: toTable(split.test),
  };
}

/** A copy of the table with one column replaced. */
function withColumn(table: Table, index: number, column: Column): Table {
  const columns = [...table.columns];
  columns[index] = column;
  return { ...table, columns };
}

let iris: Table;
let irisModel: TrainedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await readCsv(sample('iris.csv'));
  irisModel = await trainModel(iris, { target: 'species', seed: 4, epochs: 5 });
});

describe('splitFor', () => {
  it('gives back the rows trainModel used (iris, stratified)', async () => {
    expect(irisModel.split).toMatchObject({
      method: 'stratified',
      seed: 4,
      fractions: { validation: 0.1, test: 0.2 },
      rowCount: 150,
      counts: { train: 108, validation: 12, test: 30 },
      fingerprint: tableFingerprint(iris),
    });
    const split = splitFor(irisModel, iris);
    expect(split).toEqual(expectedSplit(iris, irisModel));
    expect(split.test).toHaveLength(irisModel.metrics.test.rowCount);
    expect(split.validation).toHaveLength(irisModel.metrics.validation?.rowCount ?? -1);
    // The model's test accuracy is its accuracy on exactly these rows.
    const predictions = await predict(irisModel, iris);
    const species = iris.columns.find((c) => c.name === 'species');
    const truth = (row: number) =>
      species?.storage === 'dictionary' ? species.categories[species.codes[row] ?? -1] : null;
    const correct = split.test.filter((row) => {
      const p = predictions[row];
      return p && 'label' in p && p.label === truth(row);
    });
    expect(correct.length / split.test.length).toBeCloseTo(
      irisModel.metrics.test.accuracy ?? NaN,
      10,
    );
  });

  it('gives back the rows of a regression with missing targets (cars, random)', async () => {
    const cars = await readCsv(sample('cars.csv'));
    const model = await trainModel(cars, { target: 'Miles_per_Gallon', seed: 2, epochs: 2 });
    expect(model.split?.method).toBe('random');
    const split = splitFor(model, cars);
    expect(split).toEqual(expectedSplit(cars, model));
    const rows = split.train.length + split.validation.length + split.test.length;
    expect(rows).toBeLessThan(cars.rowCount); // rows without a target are in no part
    // Reading the same file again gives the same table, and the same rows.
    expect(splitFor(model, await readCsv(sample('cars.csv')))).toEqual(split);
  });

  it('works for a table built in code (no file, no SHA-256)', async () => {
    const table: Table = {
      rowCount: 60,
      issues: [],
      columns: [
        {
          name: 'x',
          kind: 'numeric',
          storage: 'number',
          values: Float64Array.from({ length: 60 }, (_, i) => (i % 7) - 3),
          missing: 0,
        },
        {
          name: 'y',
          kind: 'categorical',
          storage: 'dictionary',
          codes: Int32Array.from({ length: 60 }, (_, i) => (i % 7 > 3 ? 1 : 0)),
          categories: ['low', 'high'],
          missing: 0,
        },
      ],
    };
    const model = await trainModel(table, { target: 'y', seed: 9, epochs: 2 });
    expect(model.datasetSha256).toBeNull();
    expect(splitFor(model, table)).toEqual(expectedSplit(table, model));
  });

  it('refuses a table with one cell changed, another row count or a renamed column', () => {
    const index = iris.columns.findIndex((c) => c.storage === 'number');
    const column = iris.columns[index];
    if (column?.storage !== 'number') throw new Error('iris has a numeric column');
    const values = column.values.slice();
    values[77] = (values[77] ?? 0) + 0.1;
    expect(codeOf(() => splitFor(irisModel, withColumn(iris, index, { ...column, values })))).toBe(
      'dataset_mismatch',
    );
    expect(codeOf(() => splitFor(irisModel, { ...iris, rowCount: 149 }))).toBe('dataset_mismatch');
    const renamed = withColumn(iris, index, { ...column, name: 'other' });
    expect(codeOf(() => splitFor(irisModel, renamed))).toBe('dataset_mismatch');
    const species = iris.columns.findIndex((c) => c.name === 'species');
    const label = iris.columns[species];
    if (label?.storage !== 'dictionary') throw new Error('species is categorical');
    const codes = label.codes.slice();
    codes[3] = ((codes[3] ?? 0) + 1) % 3;
    expect(codeOf(() => splitFor(irisModel, withColumn(iris, species, { ...label, codes })))).toBe(
      'dataset_mismatch',
    );
    expect(codeOf(() => splitFor(irisModel, { rowCount: 150 } as Table))).toBe('dataset_mismatch');
  });

  it('refuses a model stored before splits were recorded, with its own code', () => {
    const old: TrainedModel = { ...irisModel };
    delete old.split;
    expect(codeOf(() => splitFor(old, iris))).toBe('split_not_recorded');
  });
});

describe('tableFingerprint', () => {
  const table = (values: number[], codes: number[]): Table => ({
    rowCount: 3,
    issues: [],
    columns: [
      {
        name: 'a',
        kind: 'numeric',
        storage: 'number',
        values: Float64Array.from(values),
        missing: 0,
      },
      {
        name: 'b',
        kind: 'categorical',
        storage: 'dictionary',
        codes: Int32Array.from(codes),
        categories: ['x', 'y'],
        missing: 1,
      },
    ],
  });

  it('is SHA-256 of the documented stream (checked with node:crypto)', () => {
    const t = table([1.5, NaN, -2], [0, 1, -1]);
    const header = JSON.stringify([
      'tabular-workbench/table-fingerprint@1',
      3,
      [
        ['a', 'numeric', 'number', null],
        ['b', 'categorical', 'dictionary', ['x', 'y']],
      ],
    ]);
    const numbers = Buffer.alloc(24);
    numbers.writeDoubleLE(1.5, 0);
    numbers.writeUInt32LE(0, 8);
    numbers.writeUInt32LE(0x7ff80000, 12);
    numbers.writeDoubleLE(-2, 16);
    const codes = Buffer.alloc(12);
    [0, 1, -1].forEach((code, i) => codes.writeInt32LE(code, 4 * i));
    const expected = createHash('sha256')
      .update(header)
      .update(numbers)
      .update(codes)
      .digest('hex');
    expect(fingerprintOf(t)).toBe(expected);
  });

  it('treats every NaN alike and reads only the first rowCount cells', () => {
    const a = table([1, NaN, 2], [0, 0, 1]);
    const b = table([1, 0, 2], [0, 0, 1]);
    const column0 = b.columns[0];
    if (column0?.storage !== 'number') throw new Error('a is numeric');
    // Cell 1 as a signalling NaN with a payload, written as bits (a JS NaN could be canonical).
    new Uint32Array(column0.values.buffer).set([1, 0x7ff00001], 2);
    expect(column0.values[1]).toBeNaN();
    expect(fingerprintOf(b)).toBe(fingerprintOf(a));
    const longer = table([1, NaN, 2], [0, 0, 1]);
    const column = longer.columns[0];
    if (column?.storage === 'number') column.values = Float64Array.from([1, NaN, 2, 99]);
    expect(fingerprintOf(longer)).toBe(fingerprintOf(a));
    expect(fingerprintOf(table([1, NaN, 3], [0, 0, 1]))).not.toBe(fingerprintOf(a));
  });
});
