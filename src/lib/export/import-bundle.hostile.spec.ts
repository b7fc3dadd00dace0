/**
 * Hostile model bundles and foreign files (issue 12): damaged, truncated and bomb zips, path
 * tricks, lying bundle.json files, and files that are no model at all. Each is refused with its
 * code and nothing else, within the hostile bounds (import-hostile-fixtures.ts).
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { craftZip, deflateZeros, stored, type CraftedEntry } from '../registry/hostile/zip-craft';
import { exportModel } from './export-model';
import {
  bundle,
  json,
  model,
  parse,
  rebundle,
  refuse,
  setupImportFixtures,
  tfjs,
  withExtra,
  withPreprocess,
  without,
  type BundleJson,
  type Files,
} from './import-hostile-fixtures';

setupImportFixtures();

describe('bundles: damaged zips', () => {
  it('refuses a byte flipped inside an entry (its CRC-32)', async () => {
    const copy = bundle.slice();
    // Inside the first entry's data (bundle.json, deflated): past its 30-byte header and name.
    const at = 30 + 'bundle.json'.length + 5;
    copy[at] = (copy[at] ?? 0) ^ 0xff;
    await refuse('flipped byte', { 'model.zip': copy }, 'model_file_corrupt');
  });

  it('refuses an entry changed with a matching CRC-32 but not its SHA-256', async () => {
    const files = unzipSync(bundle);
    const chunk = (files['workbench/weights-0.bin'] ?? new Uint8Array()).slice();
    chunk[4] = (chunk[4] ?? 0) ^ 1;
    const zip = zipSync({ ...files, 'workbench/weights-0.bin': chunk });
    await refuse('sha mismatch', { 'model.zip': zip }, 'model_file_corrupt');
  });

  it('refuses a truncated zip at every cut', async () => {
    for (const keep of [0.1, 0.5, 0.9, 0.999].map((f) => Math.floor(bundle.length * f))) {
      await refuse(
        `cut to ${keep} bytes`,
        { 'model.zip': bundle.slice(0, keep) },
        'model_file_corrupt',
      );
    }
    await refuse('cut to 2 bytes', { 'model.zip': bundle.slice(0, 2) }, 'model_file_foreign');
  });

  it('refuses a bomb (200 MiB of zeros deflated by fflate) before inflating it', async () => {
    const zip = (() => {
      const zeros = new Uint8Array(200 * 2 ** 20);
      return zipSync({ ...unzipSync(bundle), 'MODEL_CARD.md': [zeros, { level: 9 }] });
    })();
    expect(zip.length).toBeLessThan(2 ** 20);
    await refuse('200 MiB bomb', { 'model.zip': zip }, 'model_file_too_large');
  });

  it('refuses bombs that declare 2 GB, or lie about their size', async () => {
    const bomb = (size: number, declared: number): CraftedEntry => ({
      name: 'MODEL_CARD.md',
      data: deflateZeros(size),
      method: 8,
      size: declared,
      crc: 0,
    });
    const files = unzipSync(bundle);
    const listed = (entry: CraftedEntry) => {
      const manifest = parse<BundleJson>(files['bundle.json']);
      const card = manifest.files.find((file) => file.path === 'MODEL_CARD.md');
      if (card) card.bytes = entry.size;
      const others = Object.entries(files).filter(
        ([name]) => name !== 'MODEL_CARD.md' && name !== 'bundle.json',
      );
      return craftZip([
        stored('bundle.json', json(manifest)),
        ...others.map(([n, d]) => stored(n, d)),
        entry,
      ]);
    };
    await refuse(
      '2 GB declared',
      { 'model.zip': listed(bomb(2 ** 31, 2 ** 31)) },
      'model_file_too_large',
    );
    await refuse(
      '2 GB lying',
      { 'model.zip': listed(bomb(2 ** 31, 1000)) },
      // The reader stops inflating at the declared size: "unpacks to more than it declares".
      'model_file_too_large',
    );
    await refuse(
      '20 MiB of JSON',
      { 'model.zip': listed(bomb(20 * 2 ** 20, 20 * 2 ** 20)) },
      'model_file_too_large',
    );
  });

  it('refuses path tricks in entry names', async () => {
    for (const name of [
      '../evil.txt',
      '/etc/passwd',
      'C:\\evil',
      'workbench/../bundle.json',
      'dir/',
    ]) {
      await refuse(
        `name ${name}`,
        { 'model.zip': withExtra([stored(name, strToU8('x'))]) },
        'model_file_corrupt',
      );
    }
  });
});

describe('bundles: what bundle.json says', () => {
  it('refuses a wrong SHA-256 in bundle.json', async () => {
    const files = unzipSync(bundle);
    const manifest = parse<BundleJson>(files['bundle.json']);
    const entry = manifest.files.find((file) => file.path === 'preprocess.json');
    if (entry) entry.sha256 = '0'.repeat(64);
    const zip = zipSync({ ...files, 'bundle.json': json(manifest) });
    await refuse('wrong sha256', { 'model.zip': zip }, 'model_file_corrupt');
  });

  it('refuses an entry bundle.json does not list', async () => {
    const zip = zipSync({ ...unzipSync(bundle), 'extra.txt': strToU8('hello') });
    await refuse('unlisted entry', { 'model.zip': zip }, 'model_file_corrupt');
  });

  it('refuses a listed file of a name no bundle has, and a chunk the model does not use', async () => {
    const odd = await rebundle((files, manifest) => {
      files['notes.txt'] = strToU8('x');
      manifest.files.push({ path: 'notes.txt', bytes: 0, sha256: '' });
    });
    await refuse('listed odd name', { 'model.zip': odd }, 'model_file_corrupt');
    const unused = await rebundle((files, manifest) => {
      files['workbench/weights-9.bin'] = new Uint8Array(8);
      manifest.files.push({ path: 'workbench/weights-9.bin', bytes: 0, sha256: '' });
    });
    await refuse('unused chunk', { 'model.zip': unused }, 'model_file_corrupt');
  });

  it('refuses invalid and malformed bundle.json, and a workbench model file that is not a model', async () => {
    const files = unzipSync(bundle);
    const invalid = zipSync({ ...files, 'bundle.json': strToU8('{"format": ') });
    await refuse('bundle.json invalid JSON', { 'model.zip': invalid }, 'model_file_corrupt');
    const manifest = parse<BundleJson & Record<string, unknown>>(files['bundle.json']);
    const extraField = zipSync({ ...files, 'bundle.json': json({ ...manifest, extra: 1 }) });
    await refuse('bundle.json extra field', { 'model.zip': extraField }, 'model_file_corrupt');
    const edited = await rebundle((entries) => {
      const value = parse<Record<string, unknown>>(entries['workbench/model.json']);
      entries['workbench/model.json'] = json({ ...value, classes: ['only one'] });
    });
    await refuse('workbench model invalid', { 'model.zip': edited }, 'model_file_corrupt');
  });
});

describe('foreign files', () => {
  it('refuses what is not a model: a CSV, a backup, an ONNX file alone, nothing at all', async () => {
    await refuse('csv', { 'iris.csv': strToU8('a,b\n1,2\n') }, 'model_file_foreign');
    const backup = zipSync({
      'manifest.json': json({ format: 'tabular-workbench/backup' }),
      'manifest.sha256': strToU8('0'),
    });
    await refuse('backup zip', { 'backup.zip': backup }, 'model_file_foreign');
    await refuse(
      'other zip',
      { 'photos.zip': zipSync({ 'a.txt': strToU8('a') }) },
      'model_file_foreign',
    );
    const onnx = await exportModel(model, { format: 'onnx' });
    await refuse(
      'onnx alone',
      { 'model.onnx': onnx['model.onnx'] ?? new Uint8Array() },
      'model_file_foreign',
    );
    await refuse('onnx with preprocess.json', onnx, 'model_file_foreign');
    await refuse('nothing', {}, 'model_file_foreign');
    await refuse('empty file', { 'model.zip': new Uint8Array() }, 'model_file_foreign');
    await refuse(
      'zip among files',
      { 'model.zip': bundle, 'notes.txt': strToU8('x') },
      'model_file_foreign',
    );
    await refuse('not bytes', { 'model.json': 'text' } as unknown as Files, 'model_file_foreign');
  });

  it('refuses a graph model, a model.json of another kind, and a wrong preprocess.json tag', async () => {
    const graph = { format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] };
    await refuse('graph model', { ...tfjs, 'model.json': json(graph) }, 'model_file_foreign');
    await refuse(
      'package.json as model.json',
      { ...tfjs, 'model.json': json({ name: 'x' }) },
      'model_file_foreign',
    );
    const tagged = withPreprocess((p) => (p.format = 'tabular-workbench/preprocess@9'));
    await refuse('preprocess wrong tag', tagged, 'model_file_foreign');
    await refuse('no preprocess.json', without('preprocess.json'), 'model_file_foreign');
  });
});
