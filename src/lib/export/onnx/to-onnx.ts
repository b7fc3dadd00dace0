/**
 * A trained model as an ONNX model: IR version 8, opset 13 (what onnx 1.12's checker and
 * onnxruntime from 1.8 on accept), with the preprocessing inside the graph.
 *
 * Inputs: `features` float32 [N, F], the model's feature columns in `preprocess.json`'s
 * `features` order (encoding in preprocess-graph.ts), and `dates` float32 [N, 5 x D] only when
 * the model has D date columns (date-parts.ts).
 * Outputs: classification `probabilities` float32 [N, K] in `classes` order (K = 2 for binary)
 * then `label` int64 [N], the index of the most probable class (the first on ties, as the
 * workbench); regression `value` float32 [N, 1] in the target's units.
 */
import { WorkbenchError } from '../../errors';
import type { TrainedModel } from '../../train/types';
import { GraphBuilder } from './graph-builder';
import { addNetwork } from './network-graph';
import { ONNX_TYPE, encodeOnnxModel, type OnnxValueInfo } from './onnx-proto';
import { DATE_PARTS } from './date-parts';
import { DATES_INPUT, FEATURES_INPUT, addPreprocessing, dateColumns } from './preprocess-graph';

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;

/** What a program needs to call the exported graph (also written to preprocess.json). */
export interface OnnxInterface {
  ir: number;
  opset: number;
  inputs: { name: string; columns: string[] }[];
  outputs: string[];
}

/** The graph's inputs and outputs for a model. */
export function onnxInterface(model: TrainedModel): OnnxInterface {
  const dates = dateColumns(model.preprocessing);
  const inputs = [{ name: FEATURES_INPUT, columns: [...model.spec.features] }];
  if (dates.length > 0) {
    inputs.push({
      name: DATES_INPUT,
      columns: dates.flatMap((column) => DATE_PARTS.map((part) => `${column}.${part}`)),
    });
  }
  const outputs = model.task === 'regression' ? ['value'] : ['probabilities', 'label'];
  return { ir: ONNX_IR_VERSION, opset: ONNX_OPSET, inputs, outputs };
}

function addOutputs(graph: GraphBuilder, model: TrainedModel, raw: string): OnnxValueInfo[] {
  if (model.task === 'regression') {
    const x = graph.cast(raw, 'double', 'value_f64');
    const std = graph.doubles('target_std', [model.targetScale.std], []);
    const mean = graph.doubles('target_mean', [model.targetScale.mean], []);
    const scaled = graph.op('Mul', [x, std], 'value_scaled');
    const value = graph.op('Add', [scaled, mean], 'value_unscaled');
    graph.opInto('Cast', [value], 'value', [{ name: 'to', int: ONNX_TYPE.float }]);
    return [{ name: 'value', type: ONNX_TYPE.float, dims: ['N', 1], doc: model.target }];
  }
  let probabilities = raw;
  if (model.task === 'binary') {
    // One sigmoid output, the probability of classes[1]: [1 - p, p].
    const one = graph.floats('one', [1], []);
    const complement = graph.op('Sub', [one, raw], 'probability_0');
    probabilities = graph.op('Concat', [complement, raw], 'probabilities_joined', [
      { name: 'axis', int: 1 },
    ]);
  }
  graph.opInto('Identity', [probabilities], 'probabilities');
  graph.opInto('ArgMax', ['probabilities'], 'label', [
    { name: 'axis', int: 1 },
    { name: 'keepdims', int: 0 },
  ]);
  const classes = model.classes.length;
  return [
    {
      name: 'probabilities',
      type: ONNX_TYPE.float,
      dims: ['N', classes],
      doc: `Class probabilities in this order: ${model.classes.join(', ')}`,
    },
    { name: 'label', type: ONNX_TYPE.int64, dims: ['N'], doc: 'Index of the most probable class' },
  ];
}

/** The ONNX bytes of a (validated) model; `metadata` goes to the model's metadata_props. */
export function toOnnx(
  model: TrainedModel,
  producerVersion: string,
  metadata: Record<string, string> = {},
): Uint8Array {
  const graph = new GraphBuilder();
  const preprocessed = addPreprocessing(graph, model.preprocessing);
  const raw = addNetwork(graph, model, preprocessed);
  const outputs = addOutputs(graph, model, raw);
  const api = onnxInterface(model);
  const inputs = api.inputs.map((input): OnnxValueInfo => ({
    name: input.name,
    type: ONNX_TYPE.float,
    dims: ['N', input.columns.length],
    doc: `Columns: ${input.columns.join(', ')}`,
  }));
  if (graph.nodes.length === 0) {
    throw new WorkbenchError('internal', 'The ONNX graph has no nodes.');
  }
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'tabular-workbench',
    producerVersion,
    doc: `Predicts ${model.target} (${model.task}) from ${model.spec.features.length} columns; preprocessing is inside the graph.`,
    graph: {
      name: 'tabular_workbench_model',
      nodes: graph.nodes,
      initializers: graph.initializers,
      inputs,
      outputs,
    },
    metadata,
  });
}
