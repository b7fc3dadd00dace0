/**
 * Hostile model files (issue 12): damaged, truncated and bomb zips, path tricks, lying
 * bundle.json files, broken or foreign model.json and preprocess.json files, layers the
 * workbench cannot run and weight files of the wrong length. Each is refused with its code and
 * nothing else, settles within the hostile bounds (seconds, event-loop stalls, memory), and
 * never hangs: every call races a timer.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchError } from '../errors';
import { trainedOn } from '../quantize/test-models';
import { sha256Hex } from '../registry/backup-format';
import { expectRefused, printFigures, type Refusal } from '../registry/hostile/hostile-helpers';
import { craftZip, deflateZeros, stored, type CraftedEntry } from '../registry/hostile/zip-craft';
import type { TrainedModel } from '../train/types';
import { exportModel } from './export-model';
import { importModel } from './import-model';

type Files = Record<string, Uint8Array>;
type Code =
  'model_file_corrupt' | 'model_file_foreign' | 'model_file_too_large' | 'model_layer_unsupported';

let model: TrainedModel;
let bundle: Uint8Array;
let tfjs: Files;
const figures: Record<string, Refusal & { bytes: number }> = {};

beforeAll(async () => {
  ({ model } = await trainedOn('iris', { hidden: [8], dropout: 0.1, epochs: 5 }));
  const files = await exportModel(model, { format: 'bundle', createdAt: '2024-01-02T03:04:05Z' });
  bundle = files['model.zip'] ?? new Uint8Array();
  tfjs = await exportModel(model, { format: 'tfjs' });
}, 120_000);

afterAll(() => printFigures(figures));

/** Settles within this, or the test fails (a hang is a failure, not a timeout). */
const SETTLE_MS = 5_000;

function settles<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle in ${SETTLE_MS} ms`)), SETTLE_MS);
  });
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

const sizeOf = (files: Files) => Object.values(files).reduce((sum, f) => sum + f.length, 0);

async function refuse(name: string, files: Files, code: Code): Promise<WorkbenchError> {
  let error: unknown;
  const refusal = await expectRefused(
    () =>
      settles(importModel(files)).catch((thrown: unknown) => {
        error = thrown;
        throw thrown;
      }),
    code,
    sizeOf(files),
  );
  figures[name] = { ...refusal, bytes: sizeOf(files) };
  const refused = error as WorkbenchError;
  expect(refused.message.length).toBeGreaterThan(20);
  expect(refused.hint.length).toBeGreaterThan(20);
  return refused;
}

const json = (value: unknown) => strToU8(JSON.stringify(value));
const parse = <T>(bytes: Uint8Array | undefined): T =>
  JSON.parse(strFromU8(bytes ?? new Uint8Array())) as T;

interface BundleJson {
  model?: { json: string; chunks: string[] };
  files: { path: string; bytes: number; sha256: string }[];
}

/** The bundle's entries, edited, zipped again with a bundle.json whose sizes and sums match. */
async function rebundle(
  edit: (files: Unzipped, manifest: BundleJson) => void,
): Promise<Uint8Array> {
  const files = unzipSync(bundle);
  const manifest = parse<BundleJson>(files['bundle.json']);
  edit(files, manifest);
  for (const entry of manifest.files) {
    const data = files[entry.path];
    if (data) Object.assign(entry, { bytes: data.length, sha256: await sha256Hex(data) });
  }
  return zipSync({ ...files, 'bundle.json': json(manifest) });
}

/** The bundle's entries stored by hand, plus `extra` (with names any zip tool would refuse). */
function withExtra(extra: CraftedEntry[]): Uint8Array {
  const files = unzipSync(bundle);
  return craftZip([...Object.entries(files).map(([name, data]) => stored(name, data)), ...extra]);
}

interface ModelJson {
  format?: string;
  modelTopology: {
    class_name: string;
    config: { layers: { class_name: string; config: Record<string, unknown> }[] };
  };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
}

/** The TF.js files with model.json edited. */
function withModelJson(edit: (modelJson: ModelJson) => void): Files {
  const modelJson = parse<ModelJson>(tfjs['model.json']);
  edit(modelJson);
  return { ...tfjs, 'model.json': json(modelJson) };
}

function withPreprocess(edit: (preprocess: Record<string, unknown>) => void): Files {
  const preprocess = parse<Record<string, unknown>>(tfjs['preprocess.json']);
  edit(preprocess);
  return { ...tfjs, 'preprocess.json': json(preprocess) };
}

const bin = () => tfjs['group1-shard1of1.bin'] ?? new Uint8Array();

/** The TF.js files without one of them. */
const without = (name: string): Files =>
  Object.fromEntries(Object.entries(tfjs).filter(([file]) => file !== name));

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

describe('TF.js files: model.json', () => {
  it('refuses model.json that is not valid JSON or not UTF-8', async () => {
    await refuse(
      'invalid JSON',
      { ...tfjs, 'model.json': strToU8('{"format": "layers-model",') },
      'model_file_corrupt',
    );
    await refuse(
      'not UTF-8',
      { ...tfjs, 'model.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
      'model_file_corrupt',
    );
    const deep = strToU8(
      `{"format":"layers-model","modelTopology":${'['.repeat(500_000)}${']'.repeat(500_000)}}`,
    );
    await refuse('deep nesting', { ...tfjs, 'model.json': deep }, 'model_file_corrupt');
  });

  it.each(['Conv2D', 'LSTM', 'Lambda', 'BatchNormalization'])(
    'refuses a %s layer, naming it',
    async (layerClass) => {
      const files = withModelJson((m) => {
        m.modelTopology.config.layers.splice(1, 0, {
          class_name: layerClass,
          config: { name: 'odd_1' },
        });
      });
      const error = await refuse(`${layerClass} layer`, files, 'model_layer_unsupported');
      expect(error.message).toContain('odd_1');
      expect(error.message).toContain(layerClass);
      expect(error.details).toMatchObject({ layer: 'odd_1', class: layerClass });
    },
  );

  it('refuses an unknown activation, a hidden sigmoid, no bias and a misplaced Dropout', async () => {
    const layer = (m: ModelJson, index: number) =>
      m.modelTopology.config.layers[index]?.config ?? {};
    const selu = withModelJson((m) => (layer(m, 0).activation = 'selu'));
    const error = await refuse('selu', selu, 'model_layer_unsupported');
    expect(error.message).toContain('selu');
    expect(error.details).toMatchObject({ layer: 'dense_0', class: 'Dense', activation: 'selu' });
    await refuse(
      'hidden sigmoid',
      withModelJson((m) => (layer(m, 0).activation = 'sigmoid')),
      'model_layer_unsupported',
    );
    await refuse(
      'output relu',
      withModelJson((m) => (layer(m, 2).activation = 'relu')),
      'model_layer_unsupported',
    );
    await refuse(
      'no bias',
      withModelJson((m) => (layer(m, 0).use_bias = false)),
      'model_layer_unsupported',
    );
    const lastDropout = withModelJson((m) =>
      m.modelTopology.config.layers.push({
        class_name: 'Dropout',
        config: { rate: 0.1, name: 'late' },
      }),
    );
    await refuse('dropout after output', lastDropout, 'model_layer_unsupported');
    await refuse(
      'other model class',
      withModelJson((m) => (m.modelTopology.class_name = 'Graph')),
      'model_layer_unsupported',
    );
  });

  it('refuses a Functional model whose layers are not one straight chain', async () => {
    const files = withModelJson((m) => {
      const sequential = m.modelTopology.config.layers;
      const names = sequential.map((layer) => String(layer.config.name));
      const layers = sequential.map((layer, index) => ({
        ...layer,
        name: names[index],
        // The output layer takes the first layer's output too: a skip, not a chain.
        inbound_nodes:
          index === 0
            ? []
            : index === sequential.length - 1
              ? [
                  [
                    [names[index - 1], 0, 0, {}],
                    [names[0], 0, 0, {}],
                  ],
                ]
              : [[[names[index - 1], 0, 0, {}]]],
      }));
      m.modelTopology = {
        class_name: 'Model',
        config: {
          name: 'model',
          layers,
          input_layers: [[names[0], 0, 0]],
          output_layers: [[names.at(-1), 0, 0]],
        } as unknown as ModelJson['modelTopology']['config'],
      };
    });
    const error = await refuse('functional skip', files, 'model_layer_unsupported');
    expect(error.message).toMatch(/straight chain/);
  });

  it('refuses malformed model.json', async () => {
    const inputShape = withModelJson((m) => {
      const first = m.modelTopology.config.layers[0];
      if (first) first.config.batch_input_shape = [null, 4, 1];
    });
    await refuse('3-d input shape', inputShape, 'model_file_corrupt');
    await refuse(
      'no manifest',
      withModelJson((m) => (m.weightsManifest = [])),
      'model_file_corrupt',
    );
    await refuse(
      'units as text',
      withModelJson((m) => {
        const first = m.modelTopology.config.layers[0];
        if (first) first.config.units = 'eight';
      }),
      'model_file_corrupt',
    );
    await refuse(
      'path outside its folder',
      withModelJson((m) => {
        const group = m.weightsManifest[0];
        if (group) group.paths = ['../group1-shard1of1.bin'];
      }),
      'model_file_corrupt',
    );
    await refuse(
      'a weight no layer uses',
      withModelJson((m) => {
        m.weightsManifest[0]?.weights.push({ name: 'extra/kernel', shape: [1] });
      }),
      'model_file_corrupt',
    );
    await refuse(
      'a weight of the wrong shape',
      withModelJson((m) => {
        const kernel = m.weightsManifest[0]?.weights[0];
        if (kernel) kernel.shape = [kernel.shape[1] ?? 1, kernel.shape[0] ?? 1];
      }),
      'model_file_corrupt',
    );
  });
});

describe('TF.js files: weights', () => {
  it('refuses weights one byte short and one byte long', async () => {
    const short = await refuse(
      'bin one byte short',
      { ...tfjs, 'group1-shard1of1.bin': bin().slice(0, -1) },
      'model_file_corrupt',
    );
    expect(short.message).toMatch(/cut short/);
    const long = new Uint8Array(bin().length + 1);
    long.set(bin());
    const error = await refuse(
      'bin one byte long',
      { ...tfjs, 'group1-shard1of1.bin': long },
      'model_file_corrupt',
    );
    expect(error.message).toMatch(/left over/);
  });

  it('refuses a manifest naming a file that was not given', async () => {
    const error = await refuse(
      'missing bin',
      without('group1-shard1of1.bin'),
      'model_file_corrupt',
    );
    expect(error.message).toContain('group1-shard1of1.bin');
    const proto = withModelJson((m) => {
      const group = m.weightsManifest[0];
      if (group) group.paths = ['__proto__'];
    });
    await refuse('__proto__ as a file name', proto, 'model_file_corrupt');
  });

  it('refuses weights that are not finite numbers', async () => {
    const nan = bin().slice();
    new DataView(nan.buffer).setFloat32(0, NaN, true);
    await refuse('NaN weight', { ...tfjs, 'group1-shard1of1.bin': nan }, 'model_file_corrupt');
  });

  it('refuses too much, before reading it', async () => {
    const huge = withModelJson((m) => {
      const kernel = m.weightsManifest[0]?.weights[0];
      if (kernel) kernel.shape = [50_000, 50_000];
    });
    await refuse('declared 2.5e9 weights', huge, 'model_file_too_large');
    const padded = new Uint8Array(8 * 2 ** 20 + 1).fill(0x20);
    padded.set(tfjs['model.json'] ?? new Uint8Array());
    await refuse(
      'model.json over 8 MiB',
      { ...tfjs, 'model.json': padded },
      'model_file_too_large',
    );
  });
});

describe('TF.js files: preprocess.json', () => {
  it('refuses a width the network does not read', async () => {
    const files = withPreprocess((p) => {
      const preprocessing = p.preprocessing as { width: number };
      preprocessing.width += 1;
    });
    const error = await refuse('width disagrees', files, 'model_file_corrupt');
    expect(error.message).toMatch(/inputs/);
  });

  it('refuses malformed fields and steps', async () => {
    await refuse(
      'no task',
      withPreprocess((p) => delete p.task),
      'model_file_corrupt',
    );
    await refuse(
      'classes disagree',
      withPreprocess((p) => (p.classes = ['a', 'b'])),
      'model_file_corrupt',
    );
    await refuse(
      'steps not a list',
      withPreprocess((p) => ((p.preprocessing as Record<string, unknown>).steps = 5)),
      'model_file_corrupt',
    );
    await refuse(
      'features disagree',
      withPreprocess((p) => (p.features = ['a', 'b', 'c', 'd'])),
      'model_file_corrupt',
    );
  });
});
