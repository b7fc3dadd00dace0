import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { WorkbenchError, type Registry, type TrainedModel } from '../index';
import { sha256Hex } from './backup-format';
import { CHUNK_BYTES } from './codec';
import { fakeModel } from './fake-model';
import { freshRegistries } from './test-registries';

const freshRegistry = freshRegistries('backup-test');

async function bytesOf(blob: Blob) {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Every version with its model, for comparing two workspaces. */
async function snapshot(registry: Registry) {
  const versions = await registry.listVersions();
  return {
    projects: await registry.listProjects(),
    versions,
    models: await Promise.all(versions.map((v) => registry.loadVersion(v.id))),
  };
}

async function populated() {
  const registry = await freshRegistry();
  const a1 = await registry.saveVersion(fakeModel({ datasetSha256: 'a'.repeat(64) }, 300, 1), {
    stage: 'production',
    note: 'baseline',
    tags: ['first'],
  });
  await registry.saveVersion(fakeModel({ datasetSha256: 'a'.repeat(64) }, 500, 2), {
    parentId: a1.id,
    stage: 'staging',
  });
  await registry.saveVersion(
    fakeModel({ datasetSha256: 'b'.repeat(64), task: 'regression' }, 50, 3),
  );
  const trashed = await registry.saveVersion(fakeModel({}, 10, 4));
  await registry.deleteVersion(trashed.id);
  return { registry, a1 };
}

async function expectRejected(registry: Registry, file: Uint8Array, code: string) {
  const before = await snapshot(registry);
  const error = await registry.importBackup(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  expect((error as WorkbenchError).code).toBe(code);
  expect(await snapshot(registry)).toEqual(before);
  return error as WorkbenchError;
}

describe('backup round trip', () => {
  it('moves the whole workspace into another browser unchanged (the trash stays behind)', async () => {
    const { registry } = await populated();
    const progress: number[] = [];
    const blob = await registry.exportBackup({ onProgress: (done) => progress.push(done) });
    expect(blob.type).toBe('application/zip');
    expect(progress).toEqual([1, 2, 3]);

    const target = await freshRegistry();
    const summary = await target.importBackup(blob);
    expect(summary).toEqual({
      projectsAdded: 3,
      versionsAdded: 3,
      versionsSkipped: 0,
      demoted: [],
      renumbered: [],
      decisionsAdded: 0,
    });
    expect(await snapshot(target)).toEqual(await snapshot(registry));
    expect(await target.listTrash()).toEqual([]);

    // Importing again adds nothing, and numbering continues after the imported versions.
    expect(await target.importBackup(await bytesOf(blob))).toMatchObject({
      versionsAdded: 0,
      versionsSkipped: 3,
    });
    const next = await target.saveVersion(fakeModel({ datasetSha256: 'a'.repeat(64) }));
    expect(next.number).toBe(3);
  });

  it('exports one project on its own', async () => {
    const { registry, a1 } = await populated();
    const target = await freshRegistry();
    await target.importBackup(await registry.exportBackup({ projectId: a1.projectId }));
    const versions = await target.listVersions();
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect(new Set(versions.map((v) => v.projectId))).toEqual(new Set([a1.projectId]));
  });

  it('keeps one production version when both sides have one', async () => {
    const { registry, a1 } = await populated();
    const blob = await registry.exportBackup();
    const target = await freshRegistry();
    await target.importBackup(blob);
    const v3 = await target.saveVersion(fakeModel({ datasetSha256: 'a'.repeat(64) }), {
      stage: 'production',
    });
    await target.purgeVersion(a1.id);
    const summary = await target.importBackup(blob);
    expect(summary.demoted).toEqual([a1.id]);
    const production = (await target.listVersions()).filter((v) => v.stage === 'production');
    expect(production.map((v) => v.id)).toEqual([v3.id]);
  });

  it('splits weights over 32 MiB into several chunks and joins them back', async () => {
    const registry = await freshRegistry();
    // 130 inputs x 65,536 hidden units: a first kernel larger than one chunk.
    const model = fakeModel({}, 132 * 65_536 + 1, 1, 130);
    expect(model.weights[0]?.values.byteLength).toBeGreaterThan(CHUNK_BYTES);
    const saved = await registry.saveVersion(model);
    const target = await freshRegistry();
    await target.importBackup(await registry.exportBackup());
    const loaded = await target.loadVersion<TrainedModel>(saved.id);
    expect(loaded.weights.map((w) => w.values.length)).toEqual(
      model.weights.map((w) => w.values.length),
    );
    // Byte comparison: a deep toEqual over millions of elements takes tens of seconds.
    const bytes = (values?: ArrayBufferView) =>
      Buffer.from(values?.buffer ?? new ArrayBuffer(0), values?.byteOffset, values?.byteLength);
    loaded.weights.forEach((w, i) =>
      expect(bytes(w.values).equals(bytes(model.weights[i]?.values))).toBe(true),
    );
  });
});

describe('two browsers sharing a workspace', () => {
  it('keeps both versions when each saved its own v2, renumbering the imported one', async () => {
    const x = await freshRegistry();
    const y = await freshRegistry();
    const v1 = await x.saveVersion(fakeModel({}, 12, 1));
    await y.importBackup(await x.exportBackup());
    const xv2 = await x.saveVersion(fakeModel({}, 12, 2), { projectId: v1.projectId });
    const yv2 = await y.saveVersion(fakeModel({}, 12, 3), { projectId: v1.projectId });
    const summary = await y.importBackup(await x.exportBackup());
    expect(summary.renumbered).toEqual([{ id: xv2.id, from: 2, to: 3 }]);
    const numbers = Object.fromEntries((await y.listVersions()).map((v) => [v.id, v.number]));
    expect(numbers).toEqual({ [v1.id]: 1, [yv2.id]: 2, [xv2.id]: 3 });
    expect((await y.saveVersion(fakeModel(), { projectId: v1.projectId })).number).toBe(4);
    // The workspace stays exportable: its own backup reads back.
    const z = await freshRegistry();
    expect((await z.importBackup(await y.exportBackup())).versionsAdded).toBe(4);
  });

  it('refuses a project whose id is taken here by a project predicting something else', async () => {
    const x = await freshRegistry();
    await x.saveVersion(fakeModel());
    const { files, manifest } = await (async () => {
      const unzipped = unzipSync(await bytesOf(await x.exportBackup()));
      return {
        files: unzipped,
        manifest: JSON.parse(strFromU8(unzipped['manifest.json'] ?? new Uint8Array())) as {
          projects: { id: string }[];
        },
      };
    })();
    const y = await freshRegistry();
    const other = await y.saveVersion(fakeModel({ target: 'mine' }));
    const [project] = manifest.projects;
    if (project) project.id = other.projectId;
    const versions = (manifest as unknown as { versions: { projectId: string }[] }).versions;
    for (const version of versions) version.projectId = other.projectId;
    const text = strToU8(JSON.stringify(manifest));
    const file = zipSync({
      ...Object.fromEntries(
        Object.entries(files).map(([path, data]) => [
          path,
          [data, { level: path.endsWith('.bin') ? 0 : 6 }],
        ]),
      ),
      'manifest.json': text,
      'manifest.sha256': strToU8(await sha256Hex(text)),
    });
    const error = await expectRejected(y, file, 'backup_corrupt');
    expect(error.message).toMatch(/predicts y .* here predicts mine/);
  });
});

describe('bad backup files leave the workspace untouched', () => {
  it('rejects a file that is not a zip, or a zip that is not a backup', async () => {
    const { registry } = await populated();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const error = await expectRejected(registry, png, 'backup_foreign');
    expect(error.message).toMatch(/not a zip/);
    const otherZip = zipSync({ 'notes.txt': strToU8('hello') });
    expect((await expectRejected(registry, otherZip, 'backup_foreign')).message).toMatch(
      /no manifest/,
    );
    await expectRejected(registry, new Uint8Array(0), 'backup_foreign');
  });

  it('says a cut-off file is incomplete', async () => {
    const { registry } = await populated();
    const bytes = await bytesOf(await registry.exportBackup());
    for (const keep of [0.3, 0.9, 0.999]) {
      const error = await expectRejected(
        registry,
        bytes.slice(0, Math.floor(bytes.length * keep)),
        'backup_truncated',
      );
      expect(error.message).toMatch(/incomplete/);
    }
  });

  it('finds a damaged weight chunk by its checksum', async () => {
    const { registry } = await populated();
    const files = unzipSync(await bytesOf(await registry.exportBackup()));
    const chunk = Object.keys(files).find((path) => path.endsWith('.bin')) ?? '';
    const damaged = files[chunk]?.slice() ?? new Uint8Array(0);
    damaged[7] = (damaged[7] ?? 0) ^ 0xff;
    const error = await expectRejected(
      registry,
      zipSync({ ...files, [chunk]: damaged }),
      'backup_corrupt',
    );
    expect(error.message).toContain(chunk);

    const missing = { ...files };
    delete missing[chunk];
    expect((await expectRejected(registry, zipSync(missing), 'backup_corrupt')).message).toMatch(
      /missing/,
    );
  });

  it('says when a backup comes from a newer workbench', async () => {
    const { registry } = await populated();
    const files = unzipSync(await bytesOf(await registry.exportBackup()));
    const manifest = JSON.parse(strFromU8(files['manifest.json'] ?? new Uint8Array())) as {
      schemaVersion: number;
    };
    manifest.schemaVersion = 99;
    const text = strToU8(JSON.stringify(manifest));
    const newer = zipSync({
      ...files,
      'manifest.json': text,
      'manifest.sha256': strToU8(await sha256Hex(text)),
    });
    const error = await expectRejected(registry, newer, 'backup_newer');
    expect(error.message).toMatch(/newer workbench.*schema 99/);
    const garbled = zipSync({ ...files, 'manifest.json': strToU8('{"format": ') });
    await expectRejected(registry, garbled, 'backup_corrupt');
  });
});
