import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../index';
import { sha256Hex } from './backup-format';
import { fakeModel } from './fake-model';
import { categoryColumn, freshRegistries, numberColumn } from './test-registries';

const freshRegistry = freshRegistries('backup-reference');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

function table(rows: number): Table {
  const x = numberColumn('x', rows, (i) => (i % 9 ? i * 0.1 : NaN));
  const colour = categoryColumn('colour', rows, (i) => i % 4, ['red', 'c1', 'teal', 'plum']);
  return { rowCount: rows, issues: [], columns: [x, colour] };
}

async function workspace() {
  const registry = await freshRegistry();
  const withReference = await registry.saveVersion(fakeModel({}, 40, 1), {
    reference: table(400),
    referenceRows: 120,
  });
  const without = await registry.saveVersion(fakeModel({ task: 'regression' }, 30, 2));
  return { registry, withReference, without };
}

describe('reference data in backups', () => {
  it('survives a round trip, with the version records and comparisons', async () => {
    const { registry, withReference, without } = await workspace();
    const file = await bytesOf(await registry.exportBackup());
    const files = unzipSync(file);
    expect(Object.keys(files)).toContain(`versions/${withReference.id}/reference.json`);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      formatVersion: number;
      references: Record<string, unknown>;
    };
    expect(manifest.formatVersion).toBe(4);
    expect(Object.keys(manifest.references)).toEqual([withReference.id]);

    const target = await freshRegistry();
    const summary = await target.importBackup(file);
    expect(summary.versionsAdded).toBe(2);
    expect(await target.listVersions()).toEqual(await registry.listVersions());
    expect(await target.loadReference(withReference.id)).toEqual(
      await registry.loadReference(withReference.id),
    );
    await expect(target.loadReference(without.id)).rejects.toMatchObject({
      code: 'reference_not_found',
    });
    const ids = [withReference.id, without.id];
    expect(await target.compareVersions(ids)).toEqual(await registry.compareVersions(ids));
  });

  it('imports format 2 backups (no references, no precision or bytes in the records)', async () => {
    const { registry, withReference, without } = await workspace();
    const files = unzipSync(await bytesOf(await registry.exportBackup()));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown> & {
      versions: Record<string, unknown>[];
      files: { path: string }[];
    };
    // What a format 2 export looked like.
    manifest['formatVersion'] = 2;
    manifest['schemaVersion'] = 2;
    delete manifest['references'];
    delete manifest['decisions'];
    for (const version of manifest.versions) {
      delete version['precision'];
      delete version['bytes'];
      delete version['referenceBytes'];
      delete version['compressedBytes'];
    }
    manifest.files = manifest.files.filter((file) => !file.path.includes('/reference'));
    for (const path of Object.keys(files)) if (path.includes('/reference')) delete files[path];
    const text = strToU8(JSON.stringify(manifest));
    const entries = Object.entries({
      ...files,
      'manifest.json': text,
      'manifest.sha256': strToU8(await sha256Hex(text)),
    }).map(([path, data]) => [path, [data, { level: path.endsWith('.bin') ? 0 : 6 }]] as const);
    const old = zipSync(Object.fromEntries(entries) as Parameters<typeof zipSync>[0]);

    const target = await freshRegistry();
    expect((await target.importBackup(old)).versionsAdded).toBe(2);
    const imported = await target.listVersions();
    // Format 2 records had no compressed size: it stays unknown, not guessed.
    const expected = (await registry.listVersions()).map((record) => {
      const { compressedBytes, ...rest } = record;
      expect(compressedBytes).toBeGreaterThan(0);
      return { ...rest, referenceBytes: null };
    });
    expect(imported).toEqual(expected);
    const bytes = (id: string) => imported.find((v) => v.id === id)?.bytes;
    expect(bytes(withReference.id)).toBe(fakeModel({}, 40, 1).bytes);
    expect(bytes(without.id)).toBe(fakeModel({ task: 'regression' }, 30, 2).bytes);
    await expect(target.loadReference(withReference.id)).rejects.toMatchObject({
      code: 'reference_not_found',
    });
    expect((await target.loadDetails(without.id)).metrics).toEqual(
      fakeModel({ task: 'regression' }, 30, 2).metrics,
    );
  });
});
