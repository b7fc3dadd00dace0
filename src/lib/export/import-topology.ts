/**
 * A TF.js layers model's topology as the workbench's architecture: a Sequential (or a
 * Functional model whose layers form one straight chain) of an optional InputLayer, Dense
 * layers and Dropout after hidden ones. Any other layer class, activation or arrangement is
 * refused with `model_layer_unsupported`, naming the layer and its class.
 */
import * as v from 'valibot';
import { MODEL_LIMITS } from '../model/limits';
import { firstIssue } from '../registry/record-schemas';
import type { Activation, Architecture } from '../train/types';
import { corrupt, tooLarge, unsupportedLayer, unsupportedModel } from './import-errors';
import {
  chainLinkSchema,
  denseConfigSchema,
  dropoutConfigSchema,
  functionalConfigSchema,
  inputLayerConfigSchema,
  layerSchema,
  sequentialConfigSchema,
  type ModelJson,
} from './import-schemas';

/** The layer classes the workbench runs. */
const LAYER_CLASSES = new Set(['InputLayer', 'Dense', 'Dropout']);
const HIDDEN: readonly string[] = ['relu', 'tanh', 'elu'] satisfies Activation[];
const OUTPUT: readonly string[] = ['sigmoid', 'softmax', 'linear'] satisfies Array<
  Architecture['outputActivation']
>;

export interface DenseLayer {
  /** The layer's name in model.json: its weights are `<name>/kernel` and `<name>/bias`. */
  name: string;
  units: number;
}

/** What the topology says; the input width is checked against the weights and preprocess.json. */
export interface Topology {
  dense: DenseLayer[];
  architecture: Omit<Architecture, 'inputWidth'>;
  /** The input width an InputLayer or the first Dense declares, if one does. */
  declaredWidth: number | null;
}

interface Layer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  inbound: unknown;
}

function parse<T extends v.GenericSchema>(schema: T, value: unknown, where: string) {
  const result = v.safeParse(schema, value);
  if (!result.success)
    throw corrupt(`model.json's ${where} is malformed (${firstIssue(result.issues)})`);
  return result.output;
}

/** The layers in order, from a Sequential's list or a Functional model's straight chain. */
function layersOf(topology: ModelJson['modelTopology']): Layer[] {
  const className = topology.class_name;
  const functional = className === 'Model' || className === 'Functional';
  if (!functional && className !== 'Sequential') {
    throw unsupportedModel(className);
  }
  const config = functional
    ? parse(functionalConfigSchema, topology.config, 'topology')
    : parse(sequentialConfigSchema, topology.config, 'topology');
  const list = Array.isArray(config) ? config : config.layers;
  const layers = list.map((item, index) => {
    const layer = parse(layerSchema, item, `layer ${index}`);
    const name = layer.name ?? layer.config.name ?? `layer ${index}`;
    return {
      name,
      className: layer.class_name,
      config: layer.config,
      inbound: layer.inbound_nodes,
    };
  });
  if (new Set(layers.map((layer) => layer.name)).size !== layers.length) {
    throw corrupt('two layers of model.json share a name');
  }
  if (functional) checkChain(layers, config as v.InferOutput<typeof functionalConfigSchema>);
  return layers;
}

/** Each layer of a Functional model takes the one before it, from input to output. */
function checkChain(layers: Layer[], config: v.InferOutput<typeof functionalConfigSchema>): void {
  for (const [index, layer] of layers.entries()) {
    const previous = layers[index - 1]?.name;
    const link = v.safeParse(chainLinkSchema, layer.inbound);
    const chained =
      previous === undefined
        ? layer.inbound === undefined ||
          (Array.isArray(layer.inbound) && layer.inbound.length === 0)
        : link.success && link.output[0][0][0] === previous;
    if (!chained) {
      throw unsupportedLayer(
        layer.name,
        layer.className,
        'does not take the layer before it alone (the workbench runs one straight chain of layers)',
      );
    }
  }
  const [[input]] = config.input_layers;
  const [[output]] = config.output_layers;
  if (input !== layers[0]?.name || output !== layers.at(-1)?.name) {
    throw corrupt("model.json's inputs and outputs are not the ends of its chain of layers");
  }
}

/** A Dense layer with a known activation and a bias, and the input width it declares. */
function readDense(layer: Layer) {
  const { name, className } = layer;
  const config = parse(denseConfigSchema, layer.config, `layer ${name}`);
  const activation = config.activation ?? 'linear';
  if (typeof activation !== 'string' || ![...HIDDEN, ...OUTPUT].includes(activation)) {
    const said = typeof activation === 'string' ? activation : JSON.stringify(activation);
    throw unsupportedLayer(name, className, `uses the activation "${said.slice(0, 80)}"`, {
      activation: said,
    });
  }
  if ((config.use_bias ?? true) !== true) throw unsupportedLayer(name, className, 'has no bias');
  return {
    layer: { name, units: config.units, activation },
    width: config.batch_input_shape?.[1] ?? null,
  };
}

/** Reads the topology into the dense layers, their activations and the dropout rate. */
export function readTopology(topology: ModelJson['modelTopology']): Topology {
  const layers = layersOf(topology);
  const dense: (DenseLayer & { activation: string; dropout: number | null })[] = [];
  let declaredWidth: number | null = null;
  for (const [index, layer] of layers.entries()) {
    const { name, className } = layer;
    if (!LAYER_CLASSES.has(className)) {
      throw unsupportedLayer(name, className, 'is not a layer of a dense network');
    }
    if (className === 'InputLayer') {
      if (index !== 0) throw unsupportedLayer(name, className, 'is not the first layer');
      const config = parse(inputLayerConfigSchema, layer.config, `layer ${name}`);
      declaredWidth = (config.batch_input_shape ?? config.batch_shape)?.[1] ?? null;
    } else if (className === 'Dense') {
      const read = readDense(layer);
      if (read.width !== null) {
        if (dense.length > 0)
          throw corrupt(`model.json gives the inner layer ${name} an input shape`);
        declaredWidth ??= read.width;
        if (declaredWidth !== read.width) {
          throw corrupt(`model.json's layers disagree on the width of the input`);
        }
      }
      dense.push({ ...read.layer, dropout: null });
    } else {
      const config = parse(dropoutConfigSchema, layer.config, `layer ${name}`);
      const after = dense.at(-1);
      if (!after || layers[index - 1]?.className !== 'Dense') {
        throw unsupportedLayer(name, className, 'does not follow a Dense layer');
      }
      after.dropout = config.rate;
    }
  }
  if (dense.length > MODEL_LIMITS.maxLayers + 1) {
    throw tooLarge(
      `model.json has ${dense.length} Dense layers (the limit is ${MODEL_LIMITS.maxLayers + 1})`,
    );
  }
  const output = dense.at(-1);
  if (!output) throw corrupt('model.json has no Dense layer');
  const hidden = dense.slice(0, -1);
  return {
    dense,
    architecture: {
      hidden: hidden.map((layer) => layer.units),
      activation: hiddenActivation(hidden),
      dropout: dropoutRate(hidden, output),
      outputUnits: output.units,
      outputActivation: outputActivation(output),
    },
    declaredWidth,
  };
}

/** The one activation all hidden layers share (relu for a network without hidden layers). */
function hiddenActivation(hidden: (DenseLayer & { activation: string })[]): Activation {
  const first = hidden[0]?.activation ?? 'relu';
  for (const layer of hidden) {
    if (!HIDDEN.includes(layer.activation)) {
      throw unsupportedLayer(
        layer.name,
        'Dense',
        `is a hidden layer with the activation "${layer.activation}" (hidden layers use relu, tanh or elu)`,
        { activation: layer.activation },
      );
    }
    if (layer.activation !== first) {
      throw unsupportedLayer(
        layer.name,
        'Dense',
        `uses ${layer.activation} where the layers before it use ${first} (every hidden layer must use one activation)`,
        { activation: layer.activation },
      );
    }
  }
  return first as Activation;
}

function outputActivation(output: DenseLayer & { activation: string }) {
  if (!OUTPUT.includes(output.activation)) {
    throw unsupportedLayer(
      output.name,
      'Dense',
      `is the output layer with the activation "${output.activation}" (outputs use sigmoid, softmax or linear)`,
      { activation: output.activation },
    );
  }
  return output.activation as Architecture['outputActivation'];
}

/** One rate after every hidden layer, or none at all: the workbench's networks have no other. */
function dropoutRate(
  hidden: (DenseLayer & { dropout: number | null })[],
  output: DenseLayer & { dropout: number | null },
): number {
  if (output.dropout !== null) {
    throw unsupportedLayer(output.name, 'Dense', 'is the output layer but is followed by Dropout');
  }
  const rate = hidden[0]?.dropout ?? null;
  for (const layer of hidden) {
    if (layer.dropout !== rate) {
      throw unsupportedLayer(
        layer.name,
        'Dense',
        'is followed by another dropout rate than the first hidden layer (the workbench uses one rate after every hidden layer)',
      );
    }
  }
  if (rate !== null && rate > 0.9) {
    throw unsupportedLayer(
      hidden[0]?.name ?? '',
      'Dense',
      `is followed by a dropout rate of ${rate} (at most 0.9)`,
    );
  }
  return rate ?? 0;
}
