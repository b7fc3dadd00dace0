/**
 * importModel reads back what exportModel writes: a bundle gives the very model that was
 * exported (every field, typed arrays of the same type and bytes, quantization info kept), and
 * TF.js files give a model that predicts exactly as the exported one did. Predictions are
 * compared exactly (predictWithoutTfjs, no tolerance). Hostile files: import-model.hostile.spec.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Table } from '../data/table';
import { quantizeModel } from '../quantize/quantize-model';
import { trainedOn } from '../quantize/test-models';
import { sha256Hex } from '../registry/backup-format';
import { predictWithoutTfjs } from '../train/forward-pass';
import { trainModel } from '../train/train-model';
import type { TrainedModel } from '../train/types';
import { exportModel } from './export-model';
import { importModel } from './import-model';

const tables: Record<string, Table> = {};
const models: Record<string, TrainedModel> = {};

/** Iris with a two-class target: virginica or not (as forward-pass.spec.ts makes it). */
function binaryIris(): string {
  const csv = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');
  const [header = '', ...lines] = csv.trim().split('\n');
  const rows = lines.map((line) => {
    const cells = line.split(',');
    const species = cells.pop() ?? '';
    return [...cells, species.trim() === 'virginica' ? 'yes' : 'no'].join(',');
  });
  return [header.replace(/species\s*$/, 'virginica'), ...rows].join('\n');
}

beforeAll(async () => {
  const iris = await trainedOn('iris', { hidden: [16, 8], dropout: 0.1 });
  const cars = await trainedOn('cars', { missingIndicators: true, activation: 'tanh' });
  tables.iris = iris.table;
  tables.cars = cars.table;
  tables.binary = await readCsv(binaryIris());
  models.iris = iris.model;
  models.cars = cars.model;
  models.binary = await trainModel(tables.binary, { target: 'virginica', seed: 3, epochs: 40 });
  models.linear = await trainModel(tables.binary, {
    target: 'virginica',
    model: 'linear',
    seed: 3,
    epochs: 40,
  });
  // Every layer quantized (maxDrop 1), so no scheme keeps a layer float32 by chance.
  for (const scheme of ['float16', 'uint8', 'int8'] as const) {
    models[scheme] = await quantizeModel(iris.model, {
      scheme,
      calibration: iris.table,
      maxDrop: 1,
    });
  }
}, 240_000);

const tableOf = (name: string): Table =>
  tables[
    name === 'cars' ? 'cars' : name === 'binary' || name === 'linear' ? 'binary' : 'iris'
  ] as Table;

async function expectSamePredictions(imported: TrainedModel, original: TrainedModel, table: Table) {
  const ours = await predictWithoutTfjs(original, table);
  const theirs = await predictWithoutTfjs(imported, table);
  expect(theirs).toEqual(ours);
}

async function bundleOf(model: TrainedModel): Promise<Uint8Array> {
  const files = await exportModel(model, { format: 'bundle', createdAt: '2024-01-02T03:04:05Z' });
  const zip = files['model.zip'];
  if (!zip) throw new Error('no bundle');
  return zip;
}

describe('importModel: bundles', () => {
  it.each(['iris', 'cars', 'binary', 'linear', 'float16', 'uint8', 'int8'])(
    '%s: gives back the exported model exactly',
    async (name) => {
      const original = models[name] as TrainedModel;
      if (name === 'float16' || name === 'uint8')
        expect(original.weights.every((w) => w.dtype === name)).toBe(true);
      if (name === 'int8') expect(original.weights.some((w) => w.dtype === 'int8')).toBe(true);
      const imported = await importModel({ 'model.zip': await bundleOf(original) });
      expect(imported).not.toBe(original);
      // Strict: the same fields, typed arrays of the same types and values, -0 kept apart.
      expect(isDeepStrictEqual(imported, structuredClone(original))).toBe(true);
      expect('quantization' in imported).toBe('quantization' in original);
      await expectSamePredictions(imported, original, tableOf(name));
    },
  );

  it('reads a bundle without the workbench model file from its TF.js files', async () => {
    const original = models.iris as TrainedModel;
    const files = unzipSync(await bundleOf(original));
    const manifest = JSON.parse(strFromU8(files['bundle.json'] ?? new Uint8Array())) as {
      model?: unknown;
      files: { path: string }[];
    };
    delete manifest.model;
    manifest.files = manifest.files.filter((file) => !file.path.startsWith('workbench/'));
    const kept = Object.fromEntries(
      Object.entries(files).filter(([path]) => !path.startsWith('workbench/')),
    );
    const zip = zipSync({ ...kept, 'bundle.json': strToU8(JSON.stringify(manifest)) });
    const imported = await importModel({ 'model.zip': zip });
    expect(imported.backend).toBe('imported');
    await expectSamePredictions(imported, original, tableOf('iris'));
  });
});

async function tfjsFiles(model: TrainedModel): Promise<Record<string, Uint8Array>> {
  return exportModel(model, { format: 'tfjs' });
}

const float32Bytes = (model: TrainedModel) =>
  model.weights.map((w) => Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength));

describe('importModel: TF.js files', () => {
  it.each(['iris', 'cars', 'binary', 'linear'])(
    '%s float32: the same network, weights byte for byte, and the same predictions',
    async (name) => {
      const original = models[name] as TrainedModel;
      const imported = await importModel(await tfjsFiles(original));
      expect(imported.architecture).toEqual(original.architecture);
      expect(imported.weights.map((w) => [w.name, w.shape, w.dtype])).toEqual(
        original.weights.map((w) => [w.name, w.shape, 'float32']),
      );
      expect(float32Bytes(imported)).toEqual(float32Bytes(original));
      for (const field of ['task', 'kind', 'target', 'classes', 'preprocessing', 'targetScale'])
        expect(imported[field as keyof TrainedModel]).toEqual(
          original[field as keyof TrainedModel],
        );
      expect(imported.spec).toEqual({ ...original.spec, batchSize: 32, epochs: 200, seed: 42 });
      expect(imported.metrics).toEqual({
        validation: null,
        test: { rowCount: 0 },
        crossValidation: null,
      });
      expect(imported).toMatchObject({ backend: 'imported', datasetSha256: null, history: [] });
      expect('split' in imported).toBe(false);
      await expectSamePredictions(imported, original, tableOf(name));
    },
  );

  it.each(['float16', 'uint8'])(
    '%s: the weights keep their form and predict the same',
    async (name) => {
      const original = models[name] as TrainedModel;
      expect(original.weights.every((w) => w.dtype === name)).toBe(true);
      const imported = await importModel(await tfjsFiles(original));
      expect(isDeepStrictEqual(imported.weights, structuredClone(original.weights))).toBe(true);
      expect(imported.bytes).toBe(original.bytes);
      await expectSamePredictions(imported, original, tableOf(name));
    },
  );

  it('ignores files beside the TF.js ones (an unpacked bundle dropped whole)', async () => {
    const original = models.cars as TrainedModel;
    const files = unzipSync(await bundleOf(original));
    const imported = await importModel(files);
    await expectSamePredictions(imported, original, tableOf('cars'));
  });

  it('reads the same network written as a Functional model with an InputLayer', async () => {
    const original = models.iris as TrainedModel;
    const files = await tfjsFiles(original);
    const modelJson = JSON.parse(strFromU8(files['model.json'] ?? new Uint8Array())) as {
      modelTopology: { config: { layers: { class_name: string; config: { name: string } }[] } };
    };
    const input = {
      class_name: 'InputLayer',
      name: 'input_1',
      config: {
        batch_input_shape: [null, original.architecture.inputWidth],
        dtype: 'float32',
        sparse: false,
        name: 'input_1',
      },
      inbound_nodes: [],
    };
    const chain = [
      input,
      ...modelJson.modelTopology.config.layers.map((layer) => ({
        ...layer,
        name: layer.config.name,
      })),
    ];
    const layers = chain.map((layer, index) => {
      const previous = chain[index - 1];
      return previous ? { ...layer, inbound_nodes: [[[previous.name, 0, 0, {}]]] } : layer;
    });
    const functional = {
      ...modelJson,
      modelTopology: {
        class_name: 'Model',
        config: {
          name: 'model',
          layers,
          input_layers: [['input_1', 0, 0]],
          output_layers: [[layers.at(-1)?.name, 0, 0]],
        },
      },
    };
    const imported = await importModel({
      ...files,
      'model.json': strToU8(JSON.stringify(functional)),
    });
    expect(imported.architecture).toEqual(original.architecture);
    await expectSamePredictions(imported, original, tableOf('iris'));
  });

  it("reads a network stock tfjs saved (its own layer names) with the model's preprocess.json", async () => {
    const original = models.binary as TrainedModel;
    const { inputWidth, hidden, outputUnits } = original.architecture;
    const network = tf.sequential({
      layers: [
        tf.layers.dense({ units: hidden[0] ?? 1, activation: 'relu', inputShape: [inputWidth] }),
        tf.layers.dense({ units: outputUnits, activation: 'sigmoid' }),
      ],
    });
    const tensors = original.weights.map((w) => tf.tensor(w.values as Float32Array, w.shape));
    network.setWeights(tensors);
    tf.dispose(tensors);
    let saved: tf.io.ModelArtifacts | null = null;
    await network.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        const modelArtifactsInfo = { dateSaved: new Date(), modelTopologyType: 'JSON' as const };
        return Promise.resolve({ modelArtifactsInfo });
      }),
    );
    network.dispose();
    const artifacts = saved as unknown as tf.io.ModelArtifacts;
    expect(artifacts.weightSpecs?.[0]?.name).not.toBe('dense_0/kernel');
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    const imported = await importModel({
      'model.json': strToU8(JSON.stringify(modelJson)),
      'weights.bin': new Uint8Array(artifacts.weightData as ArrayBuffer),
      'preprocess.json': (await tfjsFiles(original))['preprocess.json'] ?? new Uint8Array(),
    });
    expect(imported.weights.map((w) => w.name)).toEqual(original.weights.map((w) => w.name));
    await expectSamePredictions(imported, original, tableOf('binary'));
  });

  it('splits the weights over several shards as the manifest orders them', async () => {
    const original = models.cars as TrainedModel;
    const files = await tfjsFiles(original);
    const bin = files['group1-shard1of1.bin'] ?? new Uint8Array();
    const modelJson = JSON.parse(strFromU8(files['model.json'] ?? new Uint8Array())) as {
      weightsManifest: { paths: string[] }[];
    };
    const group = modelJson.weightsManifest[0];
    if (!group) throw new Error('no group');
    group.paths = ['a.bin', 'b.bin', 'c.bin'];
    const imported = await importModel({
      'model.json': strToU8(JSON.stringify(modelJson)),
      'preprocess.json': files['preprocess.json'] ?? new Uint8Array(),
      'a.bin': bin.slice(0, 7),
      'b.bin': bin.slice(7, 100),
      'c.bin': bin.slice(100),
    });
    await expectSamePredictions(imported, original, tableOf('cars'));
    expect(await sha256Hex(Buffer.concat(float32Bytes(imported)))).toBe(
      await sha256Hex(Buffer.concat(float32Bytes(original))),
    );
  });
});
