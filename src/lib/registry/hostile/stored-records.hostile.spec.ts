/**
 * Edited IndexedDB records (issue 9): a stored model or version changed in devtools is refused
 * with `registry_corrupt` (or left out of lists and named by `listDamaged`), never used.
 */
import { openDB } from 'idb';
import { afterAll, describe, expect, it } from 'vitest';
import type { Registry } from '../registry';
import type { ModelRecord } from '../schema';
import { fakeModel } from '../fake-model';
import {
  dump,
  isSame,
  expectRefused,
  freshRegistry,
  populate,
  printFigures,
  type Refusal,
} from './hostile-helpers';

const figures: Record<string, Refusal> = {};

afterAll(() => {
  printFigures(figures);
});

describe('edited IndexedDB records', () => {
  let registry: Registry;
  let id: string;

  /** Saves a fresh version, then lets `edit` change its raw records in the database. */
  async function edited(
    edit: (records: { model: ModelRecord; version: Record<string, unknown> }) => void,
  ): Promise<void> {
    registry = await freshRegistry('records');
    await populate(registry);
    id = (await registry.listVersions())[0]?.id ?? '';
    const db = await openDB(registry.name);
    const model = (await db.get('models', id)) as ModelRecord;
    const version = (await db.get('versions', id)) as Record<string, unknown>;
    edit({ model, version });
    await db.put('models', model);
    await db.put('versions', version);
    db.close();
  }

  const chunkOf = (model: ModelRecord) => new Uint8Array(model.chunks[0] ?? new ArrayBuffer(0));
  const modelEdits: [string, (r: { model: ModelRecord }) => void][] = [
    [
      'a BigInt in the JSON',
      ({ model }) => void ((model.json as Record<string, unknown>).bestEpoch = 10n),
    ],
    [
      'a cycle in the JSON',
      ({ model }) => {
        const json = model.json as Record<string, unknown>;
        (json.spec as Record<string, unknown>).self = json;
      },
    ],
    [
      'chunks as a sparse list of 2e6',
      ({ model }) => {
        const chunks: ArrayBuffer[] = [];
        chunks.length = 2e6;
        model.chunks = chunks;
      },
    ],
    [
      'JSON nested 1,000 deep (fake-indexeddb clones no deeper than ~3,000)',
      ({ model }) => {
        let deep: unknown = 1;
        for (let i = 0; i < 1_000; i++) deep = [deep];
        (model.json as Record<string, unknown>).history = deep;
      },
    ],
    ['chunks: null', ({ model }) => void (model.chunks = null as never)],
    ['json: null', ({ model }) => void (model.json = null)],
    ['a chunk of text', ({ model }) => void (model.chunks = ['abc'] as never)],
    [
      'a negative offset',
      ({ model }) => {
        model.json = JSON.parse(
          JSON.stringify(model.json).replace('"offset":0', '"offset":-8'),
        ) as unknown;
      },
    ],
    ['a zeroed chunk', ({ model }) => void chunkOf(model).fill(0)],
    ['a 0xFF-filled chunk', ({ model }) => void chunkOf(model).fill(0xff)],
    [
      'a chunk cut short',
      ({ model }) => void (model.chunks = [model.chunks[0]?.slice(0, 16) ?? new ArrayBuffer(0)]),
    ],
    [
      'another format in the JSON',
      ({ model }) => {
        model.json = { ...(model.json as object), format: 'other' };
      },
    ],
  ];

  it.each(modelEdits)('loadVersion refuses a model record with %s', async (name, edit) => {
    await edited(edit);
    const before = await dump(registry);
    figures[`load: ${name}`] = await expectRefused(
      () => registry.loadVersion(id),
      'registry_corrupt',
      0,
    );
    expect(isSame(await dump(registry), before)).toBe(true);
    registry.close();
  });

  const versionEdits: [string, (r: { version: Record<string, unknown> }) => void][] = [
    [
      'tags as a sparse list of 1e6',
      ({ version }) => {
        const tags: string[] = [];
        tags.length = 1e6;
        version.tags = tags;
      },
    ],
    ['a BigInt number', ({ version }) => void (version.number = 1n)],
    ['number "abc"', ({ version }) => void (version.number = 'abc')],
    ['no stage history', ({ version }) => void delete version.stageHistory],
    ['deletedAt "yesterday"', ({ version }) => void (version.deletedAt = 'yesterday')],
    ['an unknown field', ({ version }) => void (version.secret = 1)],
  ];

  it.each(versionEdits)('a version record with %s is named, not used', async (name, edit) => {
    await edited(edit);
    const before = await dump(registry);
    figures[`get: ${name}`] = await expectRefused(
      () => registry.getVersion(id),
      'registry_corrupt',
      0,
    );
    await expectRefused(() => registry.loadVersion(id), 'registry_corrupt', 0);
    await expectRefused(() => registry.setStage(id, 'staging'), 'registry_corrupt', 0);
    expect((await registry.listVersions()).map((v) => v.id)).not.toContain(id);
    expect(await registry.listDamaged()).toEqual([
      expect.objectContaining({ store: 'versions', id }),
    ]);
    expect(isSame(await dump(registry), before)).toBe(true);
    // The damaged version can still be removed for good.
    await registry.purgeVersion(id);
    expect(await registry.listDamaged()).toEqual([]);
    registry.close();
  });

  it('never numbers a version NaN after a project record is edited', async () => {
    await edited(() => undefined);
    const db = await openDB(registry.name);
    const version = (await db.get('versions', id)) as { projectId: string };
    const project = (await db.get('projects', version.projectId)) as Record<string, unknown>;
    await db.put('projects', { ...project, nextNumber: NaN });
    db.close();
    const before = await dump(registry);
    const model = fakeModel({ datasetSha256: 'a'.repeat(64) }, 40, 1);
    await expectRefused(
      () => registry.saveVersion(model, { projectId: version.projectId }),
      'registry_corrupt',
      0,
    );
    expect(isSame(await dump(registry), before)).toBe(true);
    registry.close();
  });
});
