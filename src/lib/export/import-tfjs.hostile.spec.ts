/**
 * Hostile TF.js model files (issue 12): broken or foreign model.json files, layers and
 * activations the workbench cannot run, weight files of the wrong length, and wrong
 * preprocess.json files. Each is refused with its code and nothing else, within the hostile
 * bounds (import-hostile-fixtures.ts).
 */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  bin,
  refuse,
  setupImportFixtures,
  tfjs,
  withModelJson,
  withPreprocess,
  without,
  type ModelJson,
} from './import-hostile-fixtures';

setupImportFixtures();

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
