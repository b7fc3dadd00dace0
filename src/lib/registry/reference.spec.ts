import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  predict,
  readCsv,
  splitFor,
  trainModel,
  WorkbenchError,
  type Table,
  type TrainedModel,
} from '../index';
import { fakeModel } from './fake-model';
import { categoryColumn, freshRegistries, numberColumn } from './test-registries';

const freshRegistry = freshRegistries('reference-test');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  expect((error as WorkbenchError).code).toBe(code);
  return error as WorkbenchError;
}

/** What fakeModel reads (x, colour) and predicts (y: 80% 'no'), plus a datetime column. */
function trainingTable(rows: number): Table {
  return {
    rowCount: rows,
    issues: [],
    columns: [
      numberColumn('x', rows, (i) => (i % 7 === 0 ? NaN : i / 3)),
      categoryColumn('colour', rows, (i) => i % 3, ['red', 'green', 'blue']),
      numberColumn('when', rows, (i) => 1.7e12 + i * 86_400_001, 'datetime'),
      categoryColumn('y', rows, (i) => (i % 5 === 0 ? 1 : 0), ['no', 'yes']),
    ],
  };
}

const bits = (value: number) => Array.from(new Uint8Array(Float64Array.of(value).buffer));

describe('reference snapshots', () => {
  it('stores a stratified sample with exact numbers, summaries of every row and predictions', async () => {
    const registry = await freshRegistry();
    const model = fakeModel();
    const table = trainingTable(1000);
    const version = await registry.saveVersion(model, { reference: table, referenceRows: 100 });
    expect(version.referenceBytes).toBeGreaterThan(0);
    expect(version.bytes).toBe(model.bytes);
    expect(version.precision).toBe('float32');

    const reference = await registry.loadReference(version.id);
    expect(reference.table.rowCount).toBe(100);
    expect(reference.rows).toHaveLength(100);
    expect(reference.sourceRows).toBe(1000);
    // A model without a split descriptor: every row counts as 'train'.
    expect(new Set(reference.splits)).toEqual(new Set(['train']));
    reference.table.columns.forEach((column, c) => {
      const source = table.columns[c];
      expect(column).toMatchObject({
        name: source?.name,
        kind: source?.kind,
        storage: source?.storage,
      });
      reference.rows.forEach((row, i) => {
        if (column.storage === 'number' && source?.storage === 'number') {
          expect(bits(column.values[i] ?? 0)).toEqual(bits(source.values[row] ?? 0));
        } else if (column.storage === 'dictionary' && source?.storage === 'dictionary') {
          const code = column.codes[i] ?? -1;
          expect(column.categories[code]).toBe(source.categories[source.codes[row] ?? -1]);
        }
      });
    });
    // Stratified by class: 20% 'yes' in the table, 20 of 100 in the sample.
    const y = reference.table.columns[3];
    expect(y?.storage === 'dictionary' && y.codes.filter((code) => code === 1).length).toBe(20);
    // Summaries over all 1,000 rows.
    const x = reference.summaries[0];
    expect(x).toMatchObject({ name: 'x', rows: 1000, count: 857, missing: 143, min: 1 / 3 });
    expect(x?.storage === 'number' && x.max).toBe(999 / 3);
    expect(reference.summaries[3]).toMatchObject({
      storage: 'dictionary',
      categories: [
        { value: 'no', count: 800 },
        { value: 'yes', count: 200 },
      ],
    });
    expect(reference.predictions).toEqual(await predict(model, reference.table));
  });

  it("keeps each row's split as splitFor gives it, and a trained model's predictions", async () => {
    const registry = await freshRegistry();
    const csv = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url));
    const table = await readCsv(csv);
    const model = await trainModel(table, { target: 'species', seed: 4, epochs: 5 });
    const version = await registry.saveVersion(model, { reference: table, referenceRows: 60 });
    const reference = await registry.loadReference(version.id);
    const split = splitFor(model, table);
    const expected = new Map<number, string>();
    for (const name of ['train', 'validation', 'test'] as const) {
      for (const row of split[name]) expected.set(row, name);
    }
    expect(reference.splits).toEqual(reference.rows.map((row) => expected.get(row)));
    // Every part keeps its share of the 150 rows in the 60 sampled (largest remainder).
    const share = (name: string) => reference.splits.filter((s) => s === name).length;
    for (const name of ['train', 'validation', 'test'] as const) {
      expect(Math.abs(share(name) - (split[name].length * 60) / 150)).toBeLessThan(1.5);
    }
    expect(reference.predictions).toEqual(await predict(model, reference.table));
    expect(version.bytes).toBe(model.bytes);
    // Another table is refused.
    const other = await readCsv(csv.subarray(0, csv.length - 40));
    await expectCode(registry.saveVersion(model, { reference: other }), 'dataset_mismatch');
  });

  it('draws the same sample from the same inputs', async () => {
    const registry = await freshRegistry();
    const table = trainingTable(500);
    const a = await registry.saveVersion(fakeModel(), { reference: table, referenceRows: 50 });
    const b = await registry.saveVersion(fakeModel(), { reference: table, referenceRows: 50 });
    const c = await registry.saveVersion(fakeModel(), {
      reference: table,
      referenceRows: 50,
      referenceSeed: 99,
    });
    const rows = async (id: string) => (await registry.loadReference(id)).rows;
    expect(await rows(a.id)).toEqual(await rows(b.id));
    expect(await rows(a.id)).not.toEqual(await rows(c.id));
  });

  it('can be deleted, and says when a version has none', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(fakeModel(), { reference: trainingTable(50) });
    expect((await registry.loadReference(version.id)).table.rowCount).toBe(50);
    const updated = await registry.deleteReference(version.id);
    expect(updated.referenceBytes).toBeNull();
    expect((await registry.getVersion(version.id)).referenceBytes).toBeNull();
    await expectCode(registry.loadReference(version.id), 'reference_not_found');
    const plain = await registry.saveVersion(fakeModel());
    expect(plain.referenceBytes).toBeNull();
    await expectCode(registry.loadReference(plain.id), 'reference_not_found');
    await expectCode(registry.loadReference('nope'), 'version_not_found');
    await expectCode(registry.deleteReference('nope'), 'version_not_found');
    // The model itself is untouched.
    expect(await registry.loadVersion<TrainedModel>(version.id)).toEqual(fakeModel());
  });

  it('is purged with its version', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(fakeModel(), { reference: trainingTable(50) });
    await registry.deleteVersion(version.id);
    expect((await registry.loadReference(version.id)).table.rowCount).toBe(50);
    await registry.emptyTrash();
    await expectCode(registry.loadReference(version.id), 'version_not_found');
    const { openDB } = await import('idb');
    const db = await openDB(registry.name);
    expect(await db.count('references')).toBe(0);
    expect(await db.count('details')).toBe(0);
    db.close();
  });

  it('refuses a table that is not a table, or another dataset than the model was trained on', async () => {
    const registry = await freshRegistry();
    await expectCode(
      registry.saveVersion(fakeModel(), { reference: { rowCount: 3 } as never }),
      'invalid_spec',
    );
    await expectCode(
      registry.saveVersion(fakeModel(), { reference: trainingTable(10), referenceRows: 0 }),
      'invalid_spec',
    );
    await expectCode(registry.saveVersion(fakeModel(), { referenceRows: 10 }), 'invalid_spec');
    const other: Table = {
      ...trainingTable(10),
      source: { bytes: 1, encoding: 'utf-8', delimiter: ',', decimal: '.', sha256: 'e'.repeat(64) },
    };
    await expectCode(registry.saveVersion(fakeModel(), { reference: other }), 'dataset_mismatch');
    expect(await registry.listVersions()).toEqual([]);
  });
});
