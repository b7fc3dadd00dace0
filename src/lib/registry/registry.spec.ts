import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  openRegistry,
  predict,
  readCsv,
  trainModel,
  WorkbenchError,
  type TrainedModel,
} from '../index';
import { fakeModel } from './fake-model';
import { freshRegistries } from './test-registries';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

const freshRegistry = freshRegistries('test-registry');

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  expect((error as WorkbenchError).code).toBe(code);
  return error as WorkbenchError;
}

describe('saving and loading a trained model', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives back a model that predicts exactly as the saved one', async () => {
    const table = await readCsv(sample('iris.csv'));
    const model = await trainModel(table, { target: 'species', seed: 3, epochs: 30 });
    const registry = await freshRegistry();
    const version = await registry.saveVersion(model, { note: 'first', tags: ['baseline'] });
    expect(version.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(version.number).toBe(1);
    expect(version.weightBytes).toBe(model.bytes);
    expect(version.scores.test['accuracy']).toBe(model.metrics.test.accuracy);
    expect(version.datasetSha256).toBe(table.source?.sha256);

    const loaded = await registry.loadVersion<TrainedModel>(version.id);
    expect(loaded).toEqual(model);
    expect(loaded.weights[0]?.values).toBeInstanceOf(Float32Array);
    expect(await predict(loaded, table)).toEqual(await predict(model, table));
  });
});

describe('versions and projects', () => {
  it('files versions by dataset, target and task, numbering them per project', async () => {
    const registry = await freshRegistry();
    const a1 = await registry.saveVersion(fakeModel({ datasetSha256: 'aaa' }));
    const a2 = await registry.saveVersion(fakeModel({ datasetSha256: 'aaa' }));
    const b1 = await registry.saveVersion(fakeModel({ datasetSha256: 'bbb' }));
    const other = await registry.saveVersion(fakeModel({ datasetSha256: 'aaa', target: 'y2' }));
    expect([a1.number, a2.number, b1.number, other.number]).toEqual([1, 2, 1, 1]);
    expect(a1.projectId).toBe(a2.projectId);
    expect(new Set([a1.projectId, b1.projectId, other.projectId]).size).toBe(3);
    const projects = await registry.listProjects();
    expect(projects.map((p) => p.schema)).toContainEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'colour', kind: 'categorical' },
    ]);
    expect((await registry.listVersions({ projectId: a1.projectId })).map((v) => v.id)).toEqual([
      a1.id,
      a2.id,
    ]);
  });

  it('never reuses a version number after a delete', async () => {
    const registry = await freshRegistry();
    const v1 = await registry.saveVersion(fakeModel());
    await registry.deleteVersion(v1.id);
    await registry.purgeVersion(v1.id);
    expect((await registry.saveVersion(fakeModel())).number).toBe(2);
  });

  it('keeps lineage, notes and tags', async () => {
    const registry = await freshRegistry();
    const parent = await registry.saveVersion(fakeModel());
    const child = await registry.saveVersion(fakeModel(), {
      parentId: parent.id,
      tags: [' quantized ', 'int8', 'int8', ''],
    });
    expect(child.parentId).toBe(parent.id);
    expect(child.tags).toEqual(['quantized', 'int8']);
    const edited = await registry.updateVersion(child.id, { note: 'for the phone', tags: ['a'] });
    expect(edited).toMatchObject({ note: 'for the phone', tags: ['a'] });
    expect(await registry.getVersion(child.id)).toEqual(edited);
    await expectCode(registry.saveVersion(fakeModel(), { parentId: 'nope' }), 'version_not_found');
    await expectCode(registry.saveVersion(fakeModel(), { projectId: 'nope' }), 'project_not_found');
  });

  it('keeps at most one production version per project; promoting an older one rolls back', async () => {
    const registry = await freshRegistry();
    const v1 = await registry.saveVersion(fakeModel(), { stage: 'production' });
    const v2 = await registry.saveVersion(fakeModel(), { stage: 'production' });
    const stages = async () =>
      (await registry.listVersions()).map((v) => [v.number, v.stage] as const);
    expect(await stages()).toEqual([
      [1, 'archived'],
      [2, 'production'],
    ]);
    await registry.setStage(v1.id, 'production');
    expect(await stages()).toEqual([
      [1, 'production'],
      [2, 'archived'],
    ]);
    const history = (await registry.getVersion(v1.id)).stageHistory.map((s) => s.stage);
    expect(history).toEqual(['production', 'archived', 'production']);
    await expectCode(registry.setStage(v2.id, 'live' as never), 'invalid_stage');
    await expectCode(
      registry.saveVersion(fakeModel(), { stage: 'live' as never }),
      'invalid_stage',
    );
  });

  it('deletes into a trash that can be undone or emptied', async () => {
    const registry = await freshRegistry();
    const v1 = await registry.saveVersion(fakeModel(), { stage: 'production' });
    const v2 = await registry.saveVersion(fakeModel());
    await registry.deleteVersion(v1.id);
    expect((await registry.listVersions()).map((v) => v.id)).toEqual([v2.id]);
    expect((await registry.listTrash()).map((v) => v.id)).toEqual([v1.id]);
    await expectCode(registry.setStage(v1.id, 'staging'), 'version_not_found');

    // Undo: it comes back as it was; production moved on meanwhile, so it is archived instead.
    await registry.setStage(v2.id, 'production');
    const restored = await registry.restoreVersion(v1.id);
    expect(restored.stage).toBe('archived');
    expect(restored.deletedAt).toBeNull();

    await registry.deleteVersion(v1.id);
    expect(await registry.emptyTrash()).toBe(1);
    await expectCode(registry.loadVersion(v1.id), 'version_not_found');
    expect(await registry.listVersions({ includeDeleted: true })).toHaveLength(1);
  });

  it('rejects what it cannot store, naming the problem', async () => {
    const registry = await freshRegistry();
    const error = await expectCode(registry.saveVersion({ weights: [] }), 'invalid_model');
    expect(error.message).toMatch(/format/);
    await expectCode(registry.saveVersion(null), 'invalid_model');
    const live = { ...fakeModel(), predictFn: () => 1 };
    expect((await expectCode(registry.saveVersion(live), 'invalid_model')).message).toMatch(
      /predictFn/,
    );
    await expectCode(
      registry.saveVersion(fakeModel({ task: 'clustering' as never })),
      'invalid_model',
    );
    expect(await registry.listVersions()).toEqual([]);
  });

  it('stores columns named like Object built-ins as ordinary names', async () => {
    const registry = await freshRegistry();
    const base = fakeModel();
    const steps = base.preprocessing.steps.map((step, index) => ({
      ...step,
      column: ['__proto__', 'constructor'][index] ?? step.column,
    }));
    const model = { ...base, preprocessing: { ...base.preprocessing, steps } };
    const saved = await registry.saveVersion(model);
    const loaded = await registry.loadVersion<typeof model>(saved.id);
    expect(loaded.preprocessing.steps.map((step) => step.column)).toEqual([
      '__proto__',
      'constructor',
    ]);
    expect(saved.schema.map((column) => column.name)).toEqual(['__proto__', 'constructor']);
  });

  it('fails clearly once closed', async () => {
    const registry = await freshRegistry();
    registry.close();
    await expectCode(registry.listVersions(), 'registry_closed');
  });
});

describe('schema upgrades between connections', () => {
  it('an older connection yields to a newer schema, which keeps the data', async () => {
    const name = freshRegistry.newName();
    let yielded = 0;
    const old = await openRegistry({ name, schemaVersion: 1, onVersionChange: () => yielded++ });
    const saved = await old.saveVersion(fakeModel(), { stage: 'production' });
    const newer = await openRegistry({ name });
    freshRegistry.track(newer);
    expect(yielded).toBe(1);
    expect(old.closed).toBe(true);
    expect(newer.schemaVersion).toBe(5);
    await expectCode(old.listVersions(), 'registry_closed');
    expect((await newer.listVersions()).map((v) => v.id)).toEqual([saved.id]);
    // The production check uses the index the upgrade added.
    await newer.saveVersion(fakeModel(), { stage: 'production' });
    expect((await newer.getVersion(saved.id)).stage).toBe('archived');
    // And an old page opening the upgraded database hears that it is out of date.
    await expectCode(openRegistry({ name, schemaVersion: 1 }), 'storage_newer');
  });
});
