/**
 * The bundle as a person receives it: a zip whose manifest lists every entry with its SHA-256,
 * a card whose scores are what an independent runtime measures on the test rows, and the files
 * each scheme can have.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { openZip } from '../archive/zip-reader';
import type { Table } from '../data/table';
import { quantizeModel } from '../quantize/quantize-model';
import { trainedOn } from '../quantize/test-models';
import { sha256Hex } from '../registry/backup-format';
import { splitFor } from '../train/split-for';
import type { TrainedModel } from '../train/types';
import { WORKBENCH_VERSION } from '../version';
import { BUNDLE_FORMAT, type BundleManifest } from './bundle-format';
import { exportModel } from './export-model';
import type { ModelCard } from './model-card';
import { onnxInputs } from './onnx/onnx-inputs';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function entries(zip: Uint8Array): Promise<Map<string, Uint8Array>> {
  const archive = await openZip(zip);
  const files = new Map<string, Uint8Array>();
  for (const entry of archive.entries) files.set(entry.name, await archive.read(entry));
  return files;
}

async function bundleOf(model: TrainedModel, parent?: TrainedModel) {
  const out = await exportModel(model, {
    format: 'bundle',
    name: 'iris v1',
    createdAt: '2026-11-30T12:00:00.000Z',
    ...(parent && { parent }),
  });
  expect(Object.keys(out)).toEqual(['model.zip']);
  const files = await entries(out['model.zip'] as Uint8Array);
  const card = JSON.parse(decode(files.get('card.json') as Uint8Array)) as ModelCard;
  return { zip: out['model.zip'] as Uint8Array, files, card };
}

let table: Table;
let float32: TrainedModel;
beforeAll(async () => {
  ({ table, model: float32 } = await trainedOn('iris'));
});

describe('the model bundle', () => {
  it('lists every entry in bundle.json with its size and SHA-256', async () => {
    const { files } = await bundleOf(float32);
    const manifest = JSON.parse(decode(files.get('bundle.json') as Uint8Array)) as BundleManifest;
    expect(manifest.format).toBe(BUNDLE_FORMAT);
    expect(manifest.workbenchVersion).toBe(WORKBENCH_VERSION);
    expect(manifest.model).toEqual({
      json: 'workbench/model.json',
      chunks: ['workbench/weights-0.bin'],
    });
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      [...files.keys()].filter((name) => name !== 'bundle.json').sort(),
    );
    for (const entry of manifest.files) {
      const bytes = files.get(entry.path) as Uint8Array;
      expect(bytes.byteLength).toBe(entry.bytes);
      expect(await sha256Hex(bytes)).toBe(entry.sha256);
    }
    expect([...files.keys()].sort()).toEqual([
      'MODEL_CARD.md',
      'bundle.json',
      'card.json',
      'group1-shard1of1.bin',
      'model.json',
      'model.onnx',
      'predict.mjs',
      'preprocess.json',
      'workbench/model.json',
      'workbench/weights-0.bin',
    ]);
  });

  it('is the same bytes for the same model and time', async () => {
    const first = await bundleOf(float32);
    const second = await bundleOf(float32);
    expect(second.zip).toEqual(first.zip);
  });

  it("hands the bundle's own model.onnx to verify, and puts the answer on the card", async () => {
    let checked: Uint8Array | null = null;
    const verification = {
      runtime: 'test runtime',
      runtimeVersion: '1',
      rows: 30,
      largestDifference: 1e-7,
      sameLabel: 30,
    };
    const out = await exportModel(float32, {
      format: 'bundle',
      verify: (onnx) => {
        checked = onnx;
        return Promise.resolve(verification);
      },
    });
    const files = await entries(out['model.zip'] as Uint8Array);
    expect(checked).toEqual(files.get('model.onnx'));
    const card = JSON.parse(decode(files.get('card.json') as Uint8Array)) as ModelCard;
    expect(card.verification).toEqual(verification);
  });

  it('leaves the TF.js files out of an int8 bundle, and its card says why', async () => {
    const int8 = await quantizeModel(float32, { scheme: 'int8', calibration: table });
    const { files, card } = await bundleOf(int8, float32);
    expect(files.has('model.json')).toBe(false);
    expect(files.has('group1-shard1of1.bin')).toBe(false);
    expect(files.has('model.onnx')).toBe(true);
    expect(card.scheme).toBe('int8');
    expect(card.export.tfjs.included).toBe(false);
    expect(card.export.onnx.weights).toMatch(/QDQ/);
    const markdown = decode(files.get('MODEL_CARD.md') as Uint8Array);
    expect(markdown).toContain('No TF.js files');
    expect(markdown).toContain('QuantizeLinear');
  });

  it.each(['float32', 'float16', 'uint8', 'int8'] as const)(
    '%s: the card states the size, the accuracy change and the test accuracy that onnxruntime-node measures',
    async (scheme) => {
      const model =
        scheme === 'float32'
          ? float32
          : await quantizeModel(float32, { scheme, calibration: table });
      const { files, card } = await bundleOf(model, float32);
      expect(card.size.bytes).toBe(model.bytes);
      expect(card.size.parentBytes).toBe(scheme === 'float32' ? null : float32.bytes);
      expect(card.accuracy).toEqual(
        scheme === 'float32'
          ? null
          : {
              metric: 'accuracy',
              parent: float32.metrics.test.accuracy,
              model: model.metrics.test.accuracy,
            },
      );
      // Score the test rows with the bundled ONNX file in an independent runtime.
      const session = await ort.InferenceSession.create(files.get('model.onnx') as Uint8Array);
      const test = splitFor(model, table).test;
      const { features } = onnxInputs(model, table, test);
      const out = await session.run({
        features: new ort.Tensor('float32', features, [test.length, model.spec.features.length]),
      });
      const labels = out.label?.data as BigInt64Array;
      const species = table.columns.find((c) => c.name === 'species');
      if (species?.storage !== 'dictionary') throw new Error('no species column');
      const right = test.filter(
        (row, i) =>
          model.classes[Number(labels[i])] === species.categories[species.codes[row] ?? -1],
      ).length;
      expect(right / test.length).toBe(card.metrics.test.accuracy);
      const markdown = decode(files.get('MODEL_CARD.md') as Uint8Array);
      expect(markdown).toContain(`Scheme: ${scheme}`);
    },
  );
});
