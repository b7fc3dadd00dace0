import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { classifyFiles } from './classify-files';

const blob = (bytes: Uint8Array | string) =>
  new Blob([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)]);

describe('classifyFiles', () => {
  it('sends text to the table reader, whatever its extension', async () => {
    const routes = await classifyFiles([
      { file: blob('a,b\n1,2\n'), name: 'data.csv' },
      { file: blob('a\tb\n1\t2\n'), name: 'export.txt' },
    ]);
    expect(routes.map((r) => r.kind)).toEqual(['table', 'table']);
  });

  it('sends a zip with a manifest to backup import, and one with model.json to model import', async () => {
    const backup = zipSync({ 'manifest.json': strToU8('{}'), 'manifest.sha256': strToU8('x') });
    const bundle = zipSync({ 'model.json': strToU8('{}') });
    const other = zipSync({ 'notes.txt': strToU8('hello') });
    const routes = await classifyFiles([
      { file: blob(backup), name: 'backup.zip' },
      { file: blob(bundle), name: 'bundle.zip' },
      { file: blob(other), name: 'notes.zip' },
    ]);
    expect(routes.map((r) => r.kind)).toEqual(['backup', 'model', 'refused']);
    expect(routes[2]?.kind === 'refused' && routes[2].reason).toContain(
      'neither a workbench backup',
    );
  });

  it('keeps weight files with the tfjs model.json dropped beside them', async () => {
    const json = JSON.stringify({ modelTopology: {}, weightsManifest: [] });
    const routes = await classifyFiles([
      { file: blob(new Uint8Array([1, 2, 3])), name: 'group1-shard1of1.bin' },
      { file: blob(json), name: 'model.json' },
    ]);
    expect(routes).toHaveLength(1);
    expect(routes[0]?.kind).toBe('model');
    if (routes[0]?.kind === 'model') {
      expect(routes[0].files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
    }
  });

  it('sends an int8 bundle (bundle.json, no model.json) to model import', async () => {
    const int8 = zipSync({ 'bundle.json': strToU8('{}'), 'model.onnx': new Uint8Array([8]) });
    const routes = await classifyFiles([{ file: blob(int8), name: 'iris-v2-int8.zip' }]);
    expect(routes.map((r) => r.kind)).toEqual(['model']);
  });

  it('keeps preprocess.json with the model.json dropped beside it, not as a table', async () => {
    const model = JSON.stringify({ modelTopology: {}, weightsManifest: [] });
    const preprocess = JSON.stringify({ format: 'tabular-workbench/preprocess@1', task: 'binary' });
    const routes = await classifyFiles([
      { file: blob(preprocess), name: 'preprocess.json' },
      { file: blob(model), name: 'model.json' },
      { file: blob(new Uint8Array([1])), name: 'group1-shard1of1.bin' },
    ]);
    expect(routes).toHaveLength(1);
    if (routes[0]?.kind !== 'model') throw new Error('not a model route');
    expect(routes[0].files.map((f) => f.name)).toEqual([
      'model.json',
      'preprocess.json',
      'group1-shard1of1.bin',
    ]);
  });

  it('refuses weight files alone, images, PDFs and broken zips with a reason', async () => {
    const routes = await classifyFiles([
      { file: blob(new Uint8Array([1, 2])), name: 'weights.bin' },
      { file: blob(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), name: 'chart.png' },
      { file: blob('%PDF-1.7\n'), name: 'report.pdf' },
      { file: blob(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])), name: 'cut.zip' },
    ]);
    expect(routes.every((r) => r.kind === 'refused')).toBe(true);
    const reasons = routes.map((r) => (r.kind === 'refused' ? r.reason : ''));
    expect(reasons[0]).toContain('PNG image');
    expect(reasons[1]).toContain('PDF document');
    expect(reasons[2]).toContain('cannot be read');
    expect(reasons[3]).toContain('model.json they belong to');
  });
});
