/**
 * Hostile backup files (issue 9): compression bombs, many and overlapping entries, wrong CRCs,
 * path tricks, records of every kind with wrong types, and sweeps of every truncation and
 * single-byte flip of a real backup. Each is refused with its code (or, for a flip that
 * changes nothing that matters, read back exactly), fast, in bounded memory, without blocking
 * the event loop, and a refused file leaves the registry byte-for-byte as it was.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../registry';
import { deflateZeros, craftZip, stored, type CraftedEntry } from './zip-craft';
import {
  bytesOf,
  dump,
  isSame,
  expectRefused,
  freshRegistry,
  populate,
  repack,
  unpack,
  type Manifest,
  printFigures,
  type Refusal,
} from './hostile-helpers';

let target: Registry;
let before: unknown;
let backup: Uint8Array;
const figures: Record<string, Refusal & { bytes: number }> = {};

beforeAll(async () => {
  const source = await freshRegistry();
  await populate(source);
  backup = await bytesOf(await source.exportBackup());
  source.close();
  // The registry the hostile files are imported into already holds a workspace of its own.
  target = await freshRegistry();
  await target.saveVersion((await import('../fake-model')).fakeModel({ target: 'mine' }, 20, 9));
  before = await dump(target);
});

afterAll(() => {
  printFigures(figures);

  target.close();
});

async function refuse(name: string, file: Uint8Array, codes: string | string[]) {
  figures[name] = {
    ...(await expectRefused(() => target.importBackup(file), codes, file.length)),
    bytes: file.length,
  };
  expect(isSame(await dump(target), before)).toBe(true);
}

/** The real backup's entries as crafted entries, plus `extra`, in a zip built by hand. */
function withExtra(extra: CraftedEntry[]): Uint8Array {
  const { files } = unpack(backup);
  return craftZip([...Object.entries(files).map(([name, data]) => stored(name, data)), ...extra]);
}

const GB2 = 2 ** 31;
const bomb = (name: string, size: number, declared = size): CraftedEntry => ({
  name,
  data: deflateZeros(size),
  method: 8,
  size: declared,
  crc: 0,
});

describe('compression bombs', () => {
  it('refuses an unlisted 2 GB entry from its declared size, before inflating', async () => {
    await refuse('unlisted 2 GB bomb', withExtra([bomb('extra.bin', GB2)]), 'backup_too_large');
  });

  it('refuses an unlisted bomb that lies about its size, without inflating it', async () => {
    await refuse(
      'unlisted lying bomb',
      withExtra([bomb('extra.bin', GB2, 1000)]),
      'backup_corrupt',
    );
  });

  it('refuses a bomb without any manifest before inflating it', async () => {
    await refuse('bomb, no manifest', craftZip([bomb('zeros.bin', GB2)]), 'backup_too_large');
    await refuse(
      'lying bomb, no manifest',
      craftZip([bomb('zeros.bin', GB2, 10)]),
      'backup_foreign',
    );
  });

  it('refuses a listed bomb, honest or lying about its size', async () => {
    const { files, manifest } = unpack(backup);
    const path = manifest.files.find((file) => file.path.endsWith('.bin'))?.path ?? '';
    for (const [name, declared] of [
      ['listed 2 GB bomb', GB2],
      ['listed lying bomb', files[path]?.length ?? 0],
    ] as const) {
      const entries = Object.entries(files).map(([entry, data]) =>
        entry === path ? bomb(entry, GB2, declared) : stored(entry, data),
      );
      const edited: Manifest = structuredClone(manifest);
      const listed = edited.files.find((file) => file.path === path);
      if (listed) listed.bytes = declared;
      const rezipped = unpack(await repack(files, edited));
      const zip = craftZip(
        entries.map((entry) =>
          entry.name.startsWith('manifest')
            ? stored(entry.name, rezipped.files[entry.name] ?? new Uint8Array())
            : entry,
        ),
      );
      // Honest: over the entry limit. Lying: weights are never compressed, so it is refused
      // before a byte is inflated.
      await refuse(name, zip, name === 'listed 2 GB bomb' ? 'backup_too_large' : 'backup_corrupt');
    }
  });
});

describe("amplification within each entry's limits", () => {
  it('refuses a small file whose JSON would unpack to far more than the file', async () => {
    await refuse(
      '20 MiB of deflated JSON in 0.1 MB',
      withExtra([bomb('notes.json', 20 * 2 ** 20)]),
      'backup_too_large',
    );
  });

  it('refuses weight chunks a model does not use', async () => {
    const { files, manifest } = unpack(backup);
    const [id, paths] = Object.entries(manifest.models)[0] ?? ['', { json: '', chunks: [] }];
    const extra = `versions/${id}/chunk-${paths.chunks.length}.bin`;
    paths.chunks.push(extra);
    manifest.files.push({ path: extra, bytes: 0, sha256: '' });
    files[extra] = new Uint8Array(1024);
    await refuse('an unused chunk', await repack(files, manifest), 'backup_corrupt');
  });
});

describe('many and overlapping entries', () => {
  it('refuses 10,000 entries of 1 MB (10 GB in all) from the directory', async () => {
    const oneMb = deflateZeros(2 ** 20);
    const entries = Array.from({ length: 10_000 }, (_, i): CraftedEntry => ({
      name: `e${i}.bin`,
      data: oneMb,
      method: 8,
      size: 2 ** 20,
      crc: 0,
    }));
    await refuse('10,000 x 1 MB', craftZip(entries), 'backup_too_large');
  });

  it('refuses 3,000 tiny entries that each declare 4 GB', async () => {
    const entries = Array.from({ length: 3_000 }, (_, i) => ({
      ...stored(`e${i}.bin`, new Uint8Array(4)),
      method: 8 as const,
      size: 2 ** 32 - 2,
    }));
    await refuse('3,000 x 4 GB declared', craftZip(entries), 'backup_too_large');
  });

  it('refuses one entry listed 10,000 times, by name or by offset', async () => {
    const one = stored('versions/a/chunk-0.bin', new Uint8Array(1000));
    await refuse(
      'same name 10,000 times',
      craftZip(Array(10_000).fill(one) as CraftedEntry[]),
      'backup_corrupt',
    );
    const aliases = Array.from({ length: 10_000 }, (_, i) => ({
      ...one,
      name: `e${i}.bin`,
      offsetOf: 'e0.bin',
    }));
    await refuse('one offset 10,000 times', craftZip(aliases), 'backup_corrupt');
  });

  it('refuses 10,000 small entries its manifest does not list', async () => {
    const extra = Array.from({ length: 10_000 }, (_, i) =>
      stored(`versions/x/chunk-${i}.bin`, new Uint8Array(8)),
    );
    await refuse('10,000 unlisted entries', withExtra(extra), 'backup_corrupt');
  });

  it('refuses path tricks', async () => {
    for (const name of [
      '../evil.txt',
      '/etc/passwd',
      'C:\\evil',
      'a//b',
      'versions/../manifest.json',
      'dir/',
    ]) {
      await refuse(`name ${name}`, withExtra([stored(name, strToU8('x'))]), 'backup_corrupt');
    }
  });
});

describe('checksums', () => {
  it('refuses a wrong CRC-32 on a chunk, on a model and on the manifest', async () => {
    const { files } = unpack(backup);
    for (const path of ['versions/', 'model.json', 'manifest.json']) {
      const entries = Object.entries(files).map(([name, data]) => {
        const entry = stored(name, data);
        const hit = path === 'versions/' ? name.endsWith('.bin') : name.endsWith(path);
        return hit ? { ...entry, crc: (entry.crc ^ 1) >>> 0 } : entry;
      });
      await refuse(`wrong CRC on ${path}`, craftZip(entries), 'backup_corrupt');
    }
  });
});

describe('records with wrong types, with consistent checksums', () => {
  const edits: [string, (m: Manifest) => void][] = [
    ['version number "abc"', (m) => void (m.versions[0] = { ...m.versions[0], number: 'abc' })],
    [
      'project nextNumber null',
      (m) => void (m.projects[0] = { ...m.projects[0], nextNumber: null }),
    ],
    ['unknown stage', (m) => void (m.versions[0] = { ...m.versions[0], stage: 'live' })],
    [
      'misspelt field',
      (m) => {
        const { createdAt, ...rest } = m.versions[0] ?? {};
        m.versions[0] = { ...rest, craatedAt: createdAt };
      },
    ],
    [
      'version of no project',
      (m) => void (m.versions[0] = { ...m.versions[0], projectId: 'nobody' }),
    ],
    ['tags not a list', (m) => void (m.versions[1] = { ...m.versions[1], tags: 'a,b' })],
    ['id with a slash', (m) => void (m.versions[0] = { ...m.versions[0], id: '../x' })],
    ['files not a list', (m) => void (m.files = {} as never)],
    ['projects missing', (m) => void delete (m as Partial<Manifest>).projects],
    ['duplicate version', (m) => void m.versions.push({ ...m.versions[0] })],
    [
      'scores the model never had',
      (m) =>
        void (m.versions[0] = {
          ...m.versions[0],
          scores: { validation: {}, test: { accuracy: 0.999 } },
        }),
    ],
    [
      'a claimed size of 1 PB',
      (m) => void (m.versions[0] = { ...m.versions[0], weightBytes: 1e15 }),
    ],
    ['another model kind', (m) => void (m.versions[0] = { ...m.versions[0], kind: 'linear' })],
    [
      'a version number of 2^53',
      (m) => void (m.versions[0] = { ...m.versions[0], number: 2 ** 53 }),
    ],
    [
      'a time no date can show',
      (m) => void (m.versions[0] = { ...m.versions[0], createdAt: -1e300 }),
    ],
  ];
  it("imports the unedited backup once repacked (so each refusal below is the edit's)", async () => {
    const { files, manifest } = unpack(backup);
    const fresh = await freshRegistry();
    expect((await fresh.importBackup(await repack(files, manifest))).versionsAdded).toBe(3);
    fresh.close();
  });

  it.each(edits)('refuses a manifest with %s', async (name, edit) => {
    const { files, manifest } = unpack(backup);
    edit(manifest);
    await refuse(name, await repack(files, manifest), 'backup_corrupt');
  });

  const modelEdits: [
    string,
    (files: Record<string, Uint8Array>, json: string, chunk: string) => void,
  ][] = [
    ['model.json = 42', (f, json) => void (f[json] = strToU8('42'))],
    ['model.json not JSON', (f, json) => void (f[json] = strToU8('{"format":'))],
    [
      'chunk reference out of range',
      (f, json) => {
        f[json] = strToU8(new TextDecoder().decode(f[json]).replace('"chunk":0', '"chunk":7'));
      },
    ],
    [
      'short chunk',
      (f, _json, chunk) => void (f[chunk] = f[chunk]?.slice(0, 8) ?? new Uint8Array()),
    ],
    [
      'all-NaN chunk',
      (f, _json, chunk) =>
        void (f[chunk] = new Uint8Array(
          new Float32Array(f[chunk]?.length ?? 0 / 4).fill(NaN).buffer,
        ).slice(0, f[chunk]?.length)),
    ],
    [
      'zeroed hidden layer',
      (f, json) => {
        f[json] = strToU8(
          new TextDecoder().decode(f[json]).replace(/"hidden":\[\d+\]/, '"hidden":[1000000000]'),
        );
      },
    ],
  ];
  it.each(modelEdits)('refuses a backup whose %s', async (name, edit) => {
    const { files, manifest } = unpack(backup);
    const version = manifest.versions[0]?.id as string;
    const paths = manifest.models[version] ?? { json: '', chunks: [] };
    edit(files, paths.json, paths.chunks[0] ?? '');
    await refuse(name, await repack(files, manifest), 'backup_corrupt');
  });
});

describe('sweeps over a real backup', () => {
  it('refuses every truncation', async () => {
    const codes = new Map<string, number>();
    let slowest = 0;
    for (let length = 0; length < backup.length; length++) {
      const started = performance.now();
      const error = await target.importBackup(backup.subarray(0, length)).then(
        () => null,
        (e: unknown) => e,
      );
      slowest = Math.max(slowest, performance.now() - started);
      const code = (error as { code?: string } | null)?.code ?? 'imported';
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    console.log(
      `truncations of a ${backup.length}-byte backup:`,
      Object.fromEntries(codes),
      `slowest ${Math.round(slowest)} ms`,
    );
    expect([...codes.keys()].sort()).toEqual(['backup_foreign', 'backup_truncated']);
    expect(slowest).toBeLessThan(5000);
    expect(isSame(await dump(target), before)).toBe(true);
  });

  it('refuses every single-byte flip, or reads the backup exactly as it was', async () => {
    // The sweep's target already holds this backup, so an accepted flip (one in a byte that
    // does not matter, such as a header's "version needed") must change nothing at all; each
    // accepted one is also imported into an empty registry and must give exactly the original.
    const clean = await freshRegistry();
    await clean.importBackup(backup);
    const expected = await dump(clean);
    const codes = new Map<string, number>();
    let slowest = 0;
    for (let at = 0; at < backup.length; at++) {
      const flipped = backup.slice();
      flipped[at] = (flipped[at] ?? 0) ^ 0xff;
      const started = performance.now();
      const error = await clean.importBackup(flipped).then(
        () => null,
        (e: unknown) => e,
      );
      slowest = Math.max(slowest, performance.now() - started);
      const code =
        error === null ? 'read exactly' : ((error as { code?: string }).code ?? 'uncoded error');
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (error === null) {
        const fresh = await freshRegistry();
        await fresh.importBackup(flipped);
        expect(isSame(await dump(fresh), expected)).toBe(true);
        fresh.close();
      }
    }
    console.log(
      `flips of a ${backup.length}-byte backup:`,
      Object.fromEntries(codes),
      `slowest ${Math.round(slowest)} ms`,
    );
    expect(
      [...codes.keys()].every((code) => code.startsWith('backup_') || code === 'read exactly'),
    ).toBe(true);
    expect(slowest).toBeLessThan(5000);
    expect(isSame(await dump(clean), expected)).toBe(true);
    clean.close();
  });

  it('refuses a backup built with zipSync whose manifest no longer matches its checksum', async () => {
    const { files } = unpack(backup);
    const text = new TextDecoder().decode(files['manifest.json']).replace('te', 'ta');
    await refuse(
      'manifest edited, checksum kept',
      zipSync({ ...files, 'manifest.json': strToU8(text) }),
      'backup_corrupt',
    );
  });
});
