import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  modelWeightBytes,
  openRegistry,
  toFloat16Weight,
  type Float32Weight,
  type VersionRecord,
} from '../index';
import { fakeModel } from './fake-model';
import { freshRegistries } from './test-registries';

const freshRegistry = freshRegistries('records-test');

afterEach(() => {
  vi.restoreAllMocks();
});

const READS = ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count'];

/** Every read request and every transaction's stores, from here on. */
function watchIndexedDb() {
  const reads: string[] = [];
  const transactions: string[][] = [];
  const proto = IDBObjectStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const method of READS) {
    const original = proto[method] as (...a: unknown[]) => unknown;
    vi.spyOn(proto, method).mockImplementation(function (this: IDBObjectStore, ...args) {
      reads.push(`${this.name}.${method}`);
      return original.apply(this, args);
    });
  }
  const db = IDBDatabase.prototype as unknown as { transaction: (...a: unknown[]) => unknown };
  const transaction = db.transaction;
  vi.spyOn(db, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
    transactions.push([args[0] as string | string[]].flat().sort());
    return transaction.apply(this, args);
  });
  return { reads, transactions };
}

describe('version records', () => {
  it('carry the model bytes (as the Train screen shows), precision and lineage', async () => {
    const registry = await freshRegistry();
    const model = fakeModel({}, 1001);
    const parent = await registry.saveVersion(model);
    const child = await registry.saveVersion(fakeModel({}, 13), { parentId: parent.id });
    expect(parent).toMatchObject({ bytes: model.bytes, precision: 'float32', parentId: null });
    expect(child.parentId).toBe(parent.id);
    // weightBytes counts aligned chunks; bytes is the model's own figure.
    expect(model.bytes).toBe(model.weights.reduce((sum, w) => sum + w.values.byteLength, 0));
  });

  it('name the precision of float16 and mixed models', async () => {
    const registry = await freshRegistry();
    const base = fakeModel({}, 101);
    const half = (weights: typeof base.weights) =>
      weights.map((w) => toFloat16Weight(w as Float32Weight));
    const float16 = { ...base, weights: half(base.weights) };
    float16.bytes = modelWeightBytes(float16.weights);
    const mixed = {
      ...base,
      weights: [...half(base.weights.slice(0, 2)), ...base.weights.slice(2)],
    };
    mixed.bytes = modelWeightBytes(mixed.weights);
    const saved = [await registry.saveVersion(float16), await registry.saveVersion(mixed)];
    expect(saved.map((v) => [v.precision, v.bytes])).toEqual([
      ['float16', float16.bytes],
      ['mixed', mixed.bytes],
    ]);
    expect(float16.bytes).toBe(base.bytes / 2);
  });

  it('list and compare read metrics and history without reading any weights', async () => {
    const registry = await freshRegistry();
    const models = [fakeModel({}, 40, 1), fakeModel({}, 50, 2)];
    models[0]!.history = [
      {
        epoch: 1,
        epochs: 2,
        loss: 0.5,
        valLoss: 0.6,
        metric: 0.7,
        valMetric: 0.65,
        metricName: 'accuracy',
        learningRate: 0.01,
        bestEpoch: 1,
        samplesPerSecond: 100,
        elapsedMs: 10,
      },
    ];
    const saved: VersionRecord[] = [];
    for (const model of models) saved.push(await registry.saveVersion(model));
    const { reads, transactions } = watchIndexedDb();
    await registry.listVersions();
    await registry.listAll();
    await registry.listProjects();
    await registry.listTrash();
    const compared = await registry.compareVersions(saved.map((v) => v.id));
    const one = await registry.loadDetails(saved[0]!.id);
    expect(reads.filter((read) => read.startsWith('models.'))).toEqual([]);
    expect(transactions.flat()).not.toContain('models');
    expect(reads.length).toBeGreaterThan(0);
    expect(compared.map((c) => c.version.id)).toEqual(saved.map((v) => v.id));
    expect(compared.map((c) => c.metrics)).toEqual(models.map((m) => m.metrics));
    expect(one.history).toEqual(models[0]!.history);
  });

  it('writes open only the stores they touch', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(fakeModel());
    const { transactions } = watchIndexedDb();
    await registry.setStage(version.id, 'staging');
    await registry.updateVersion(version.id, { note: 'n' });
    await registry.deleteVersion(version.id);
    await registry.restoreVersion(version.id);
    expect(transactions).toEqual([['versions'], ['versions'], ['versions'], ['versions']]);
    transactions.length = 0;
    await registry.saveVersion(fakeModel());
    // The encryption setting is read first: a save seals its records when it is on.
    expect(transactions).toEqual([
      ['settings'],
      ['details', 'models', 'projects', 'references', 'versions'],
    ]);
    transactions.length = 0;
    await registry.deleteReference(version.id);
    await registry.purgeVersion(version.id);
    expect(transactions).toEqual([
      ['references', 'versions'],
      ['details', 'logBatches', 'logChunks', 'models', 'references', 'versions'],
    ]);
  });

  it('a schema 2 database upgrades with its data intact and its records completed', async () => {
    const name = freshRegistry.newName();
    const old = await openRegistry({ name, schemaVersion: 2 });
    const models = [fakeModel({}, 100, 1), fakeModel({ task: 'regression' }, 30, 2)];
    const saved: VersionRecord[] = [];
    for (const model of models) saved.push(await old.saveVersion(model, { note: 'kept' }));
    old.close();
    // Make the records exactly what schema 2 code wrote: no precision, bytes or referenceBytes.
    const raw = await openDB(name, 2);
    for (const record of (await raw.getAll('versions')) as Record<string, unknown>[]) {
      delete record['precision'];
      delete record['bytes'];
      delete record['referenceBytes'];
      await raw.put('versions', record);
    }
    // And one record too damaged to complete, which must not stop the upgrade.
    await raw.put('versions', { id: 'broken', stage: 'nope' });
    const before = await raw.getAll('models');
    raw.close();

    const registry = await freshRegistry({ name });
    expect(registry.schemaVersion).toBe(5);
    // Both versions are v1 of their own project and may share a millisecond: match them by id.
    const versions = await registry.listVersions();
    expect(versions.map((v) => v.id).sort()).toEqual(saved.map((v) => v.id).sort());
    saved.forEach((record, i) => {
      expect(versions.find((v) => v.id === record.id)).toEqual({
        ...record,
        bytes: models[i]!.bytes,
        referenceBytes: null,
      });
    });
    expect((await registry.listDamaged()).map((d) => d.id)).toEqual(['broken']);
    const compared = await registry.compareVersions(saved.map((v) => v.id));
    expect(compared.map((c) => c.metrics)).toEqual(models.map((m) => m.metrics));
    expect(await registry.loadVersion(saved[0]!.id)).toEqual(models[0]);
    const after = await openDB(name);
    expect(await after.getAll('models')).toEqual(before);
    after.close();
  });
});
