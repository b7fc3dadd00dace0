/**
 * The dense layers of an exported ONNX graph. float32, float16 and uint8 weights are written as
 * float32 initializers (float16 and uint8 dequantized, exactly as the workbench computes with
 * them). An int8 model's quantized layers are written in QDQ form, as int8 runtimes expect:
 *   x_q = QuantizeLinear(x, s_x, zp_x); x' = DequantizeLinear(x_q, s_x, zp_x)
 *   W'  = DequantizeLinear(W_q int8 [in, out], s_w [out], zp 0, axis 1)
 *   b'  = DequantizeLinear(b_q int32 [out], s_x * s_w [out], axis 0)
 *   y   = activation(MatMul(x', W') + b')
 * which is the arithmetic of src/lib/quantize/int8-inference.ts; runtimes may fuse it into
 * integer kernels.
 */
import { denseLayers, type DenseLayer } from '../../train/forward-pass';
import { int8Layers, type Int8Layer } from '../../quantize/int8-inference';
import type { Int8Weight, TrainedModel } from '../../train/types';
import type { GraphBuilder } from './graph-builder';
import { ONNX_TYPE } from './onnx-proto';

const ACTIVATION_OPS: Record<DenseLayer['activation'], string | null> = {
  relu: 'Relu',
  tanh: 'Tanh',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  softmax: 'Softmax',
  linear: null,
};

function activation(graph: GraphBuilder, layer: DenseLayer, input: string, hint: string): string {
  const op = ACTIVATION_OPS[layer.activation];
  if (op === null) return input;
  // Softmax over the last axis (opset 13's default is -1 too; written out for older readers).
  const attributes = op === 'Softmax' ? [{ name: 'axis', int: -1 }] : undefined;
  return graph.op(op, [input], hint, attributes);
}

function floatLayer(graph: GraphBuilder, layer: DenseLayer, input: string, hint: string): string {
  const kernel = graph.floats(`${hint}_kernel`, layer.kernel, [layer.inputs, layer.units]);
  const bias = graph.floats(`${hint}_bias`, layer.bias, [layer.units]);
  const product = graph.op('MatMul', [input, kernel], `${hint}_matmul`);
  return graph.op('Add', [product, bias], `${hint}_dense`);
}

function int8Layer(
  graph: GraphBuilder,
  layer: Int8Layer,
  kernel: Int8Weight,
  input: string,
  hint: string,
): string {
  const { inputs, units } = layer;
  const inputScale = graph.floats(`${hint}_input_scale`, [layer.inputScale], []);
  const inputZero = graph.tensor(
    `${hint}_input_zero_point`,
    ONNX_TYPE.int8,
    [],
    Int8Array.of(layer.inputZeroPoint),
  );
  const quantized = graph.op('QuantizeLinear', [input, inputScale, inputZero], `${hint}_input_q`);
  const restored = graph.op(
    'DequantizeLinear',
    [quantized, inputScale, inputZero],
    `${hint}_input_dq`,
  );
  const codes = graph.tensor(`${hint}_kernel_q`, ONNX_TYPE.int8, [inputs, units], layer.kernel);
  const perChannel = kernel.axis !== undefined;
  const kernelScale = perChannel
    ? graph.floats(`${hint}_kernel_scale`, kernel.scale)
    : graph.floats(`${hint}_kernel_scale`, [kernel.scale], []);
  const zeroPoints = perChannel
    ? typeof kernel.zeroPoint === 'number'
      ? new Int8Array(units).fill(kernel.zeroPoint)
      : kernel.zeroPoint
    : Int8Array.of(kernel.zeroPoint);
  const kernelZero = graph.tensor(
    `${hint}_kernel_zero_point`,
    ONNX_TYPE.int8,
    perChannel ? [units] : [],
    zeroPoints,
  );
  const weights = graph.op(
    'DequantizeLinear',
    [codes, kernelScale, kernelZero],
    `${hint}_kernel_dq`,
    perChannel ? [{ name: 'axis', int: 1 }] : undefined,
  );
  const biasCodes = graph.tensor(`${hint}_bias_q`, ONNX_TYPE.int32, [units], layer.bias);
  const biasScale = graph.floats(`${hint}_bias_scale`, layer.outputScale);
  const bias = graph.op('DequantizeLinear', [biasCodes, biasScale], `${hint}_bias_dq`, [
    { name: 'axis', int: 0 },
  ]);
  const product = graph.op('MatMul', [restored, weights], `${hint}_matmul`);
  return graph.op('Add', [product, bias], `${hint}_dense`);
}

/** Adds the model's dense layers after `input` [N, width]; returns the raw output's name. */
export function addNetwork(graph: GraphBuilder, model: TrainedModel, input: string): string {
  const layers = denseLayers(model.architecture, model.weights, model);
  const quantized = int8Layers(model);
  let x = input;
  for (const [index, layer] of layers.entries()) {
    const hint = `dense_${index}`;
    const int8 = quantized?.[index];
    const dense = int8
      ? int8Layer(graph, int8, model.weights[2 * index] as Int8Weight, x, hint)
      : floatLayer(graph, layer, x, hint);
    x = activation(graph, layer, dense, `${hint}_out`);
  }
  return x;
}
