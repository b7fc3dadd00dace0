/**
 * Damaged reference snapshots: edited in IndexedDB they are refused with `registry_corrupt`;
 * altered in a backup (even with consistent checksums), the whole file is refused with
 * `backup_corrupt` and the workspace is left exactly as it was.
 */
import { strFromU8, strToU8 } from 'fflate';
import { openDB } from 'idb';
import { afterAll, describe, expect, it } from 'vitest';
import type { Table } from '../../data/table';
import type { Registry } from '../registry';
import type { ModelRecord } from '../schema';
import { fakeModel } from '../fake-model';
import {
  bytesOf,
  dump,
  expectRefused,
  freshRegistry,
  isSame,
  populate,
  printFigures,
  repack,
  unpack,
  type Refusal,
} from './hostile-helpers';
import { categoryColumn, numberColumn } from '../test-registries';

const figures: Record<string, Refusal & { bytes?: number }> = {};

afterAll(() => {
  printFigures(figures);
});

function table(rows: number): Table {
  const x = numberColumn('x', rows, (i) => i / 7);
  const colour = categoryColumn('colour', rows, (i) => i % 2, ['red', 'c1']);
  return { rowCount: rows, issues: [], columns: [x, colour] };
}

/** A workspace with one version that has reference data; resolves to its id. */
async function withReference(registry: Registry): Promise<string> {
  await populate(registry);
  const version = await registry.saveVersion(fakeModel({}, 40, 9), { reference: table(300) });
  return version.id;
}

describe('edited reference records', () => {
  const edits: [string, (record: ModelRecord) => void][] = [
    [
      'a flipped byte in a chunk',
      (r) => void new Uint8Array(r.chunks[0] ?? new ArrayBuffer(8)).fill(7, 0, 8),
    ],
    [
      'its checksum removed and a split set to 9',
      (r) => {
        delete r.xxh64;
        const json = r.json as { splits: { offset: number } };
        new Uint8Array(r.chunks[0] ?? new ArrayBuffer(0))[json.splits.offset] = 9;
      },
    ],
    ['its JSON replaced by a string', (r) => void (r.json = 'x')],
    [
      'a cycle in its JSON',
      (r) => {
        const json = r.json as Record<string, unknown>;
        json['self'] = json;
      },
    ],
  ];
  for (const [name, edit] of edits) {
    it(`${name}: registry_corrupt`, async () => {
      const registry = await freshRegistry('references');
      const id = await withReference(registry);
      const db = await openDB(registry.name);
      const record = (await db.get('references', id)) as ModelRecord;
      edit(record);
      await db.put('references', record);
      db.close();
      figures[`stored: ${name}`] = await expectRefused(
        () => registry.loadReference(id),
        'registry_corrupt',
        0,
      );
      // The version itself still loads, and a backup leaves the damaged snapshot out.
      await registry.loadVersion(id);
      const { manifest } = unpack(await bytesOf(await registry.exportBackup()));
      expect(Object.keys(manifest['references'] as object)).toEqual([]);
      registry.close();
    });
  }
});

describe('altered reference data in a backup', () => {
  type Files = ReturnType<typeof unpack>['files'];
  type Manifest = ReturnType<typeof unpack>['manifest'];
  const cases: [string, (files: Files, manifest: Manifest, id: string) => void][] = [
    [
      'a split set to 9 (checksums updated)',
      (files, _m, id) => {
        const json = JSON.parse(strFromU8(files[`versions/${id}/reference.json`]!)) as {
          splits: { chunk: number; offset: number };
        };
        const path = `versions/${id}/reference-${json.splits.chunk}.bin`;
        const bytes = files[path]!.slice();
        bytes[json.splits.offset] = 9;
        files[path] = bytes;
      },
    ],
    [
      'referenceBytes that disagree',
      (_f, manifest, id) => {
        const version = manifest.versions.find((v) => v['id'] === id)!;
        version['referenceBytes'] = 1;
      },
    ],
    [
      'a reference for an unknown version',
      (_f, manifest, id) => {
        const references = manifest['references'] as Record<string, unknown>;
        references['00000000-0000-0000-0000-000000000000'] = references[id];
      },
    ],
    [
      'reference files left out',
      (files, manifest, id) => {
        delete (manifest['references'] as Record<string, unknown>)[id];
        manifest.files = manifest.files.filter((f) => !f.path.includes('/reference'));
        for (const path of Object.keys(files)) if (path.includes('/reference')) delete files[path];
      },
    ],
    [
      'reference data in a format 2 manifest',
      (_f, manifest) => {
        manifest['formatVersion'] = 2;
      },
    ],
    [
      'a reference JSON that is not one',
      (files, _m, id) => {
        files[`versions/${id}/reference.json`] = strToU8('{"format":"x"}');
      },
    ],
  ];
  for (const [name, alter] of cases) {
    it(`${name}: backup_corrupt`, async () => {
      const source = await freshRegistry('references-src');
      const id = await withReference(source);
      const { files, manifest } = unpack(await bytesOf(await source.exportBackup()));
      source.close();
      alter(files, manifest, id);
      const file = await repack(files, manifest);
      const target = await freshRegistry('references-dst');
      await populate(target);
      const before = await dump(target);
      figures[`backup: ${name}`] = {
        ...(await expectRefused(() => target.importBackup(file), 'backup_corrupt', file.length)),
        bytes: file.length,
      };
      expect(isSame(await dump(target), before)).toBe(true);
      target.close();
    });
  }
});
