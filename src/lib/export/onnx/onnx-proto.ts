/**
 * ONNX's protobuf messages, written with @bufbuild/protobuf's wire writer: plain code with no
 * `eval` or `new Function`, so it runs under the app's CSP. Only what an exported graph needs
 * is here. Field numbers and enum values are onnx.proto's (onnx/onnx, IR version 8), which
 * onnx 1.12's checker and onnxruntime read back in the tests.
 */
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** TensorProto.DataType values used by the exports. */
export const ONNX_TYPE = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  double: 11,
} as const;
export type OnnxElementType = (typeof ONNX_TYPE)[keyof typeof ONNX_TYPE];

/** An initializer; `raw` holds the values little-endian, as TensorProto.raw_data does. */
export interface OnnxTensor {
  name: string;
  type: OnnxElementType;
  dims: number[];
  raw: Uint8Array;
}

export type OnnxAttribute =
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; ints: number[] }
  | { name: string; string: string };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A graph input or output: a tensor with named (symbolic) or fixed dimensions. */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  dims: (number | string)[];
  doc?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  doc?: string;
}

export interface OnnxModel {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  doc?: string;
  graph: OnnxGraph;
  metadata: Record<string, string>;
}

// AttributeProto.AttributeType
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const;

const LEN = WireType.LengthDelimited;

/** Writes `write`'s fields as one length-delimited sub-message of field `field`. */
function message(writer: BinaryWriter, field: number, write: (w: BinaryWriter) => void): void {
  writer.tag(field, LEN).fork();
  write(writer);
  writer.join();
}

function writeTensor(w: BinaryWriter, tensor: OnnxTensor): void {
  for (const dim of tensor.dims) w.tag(1, WireType.Varint).int64(dim); // dims
  w.tag(2, WireType.Varint).int32(tensor.type); // data_type
  w.tag(8, LEN).string(tensor.name); // name
  w.tag(9, LEN).bytes(tensor.raw); // raw_data
}

function writeAttribute(w: BinaryWriter, attribute: OnnxAttribute): void {
  w.tag(1, LEN).string(attribute.name); // name
  if ('int' in attribute) {
    w.tag(3, WireType.Varint).int64(attribute.int); // i
    w.tag(20, WireType.Varint).int32(ATTRIBUTE_TYPE.int);
  } else if ('float' in attribute) {
    w.tag(2, WireType.Bit32).float(attribute.float); // f
    w.tag(20, WireType.Varint).int32(ATTRIBUTE_TYPE.float);
  } else if ('ints' in attribute) {
    for (const value of attribute.ints) w.tag(8, WireType.Varint).int64(value); // ints
    w.tag(20, WireType.Varint).int32(ATTRIBUTE_TYPE.ints);
  } else {
    w.tag(4, LEN).bytes(new TextEncoder().encode(attribute.string)); // s
    w.tag(20, WireType.Varint).int32(ATTRIBUTE_TYPE.string);
  }
}

function writeNode(w: BinaryWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.tag(1, LEN).string(input);
  for (const output of node.outputs) w.tag(2, LEN).string(output);
  w.tag(3, LEN).string(node.name);
  w.tag(4, LEN).string(node.opType);
  for (const attribute of node.attributes ?? []) {
    message(w, 5, (a) => writeAttribute(a, attribute));
  }
}

function writeValueInfo(w: BinaryWriter, info: OnnxValueInfo): void {
  w.tag(1, LEN).string(info.name);
  // TypeProto { tensor_type = 1: TypeProto.Tensor { elem_type = 1, shape = 2 } }
  message(w, 2, (type) =>
    message(type, 1, (tensor) => {
      tensor.tag(1, WireType.Varint).int32(info.type);
      message(tensor, 2, (shape) => {
        for (const dim of info.dims) {
          // TensorShapeProto.Dimension { dim_value = 1, dim_param = 2 }
          message(shape, 1, (d) => {
            if (typeof dim === 'number') d.tag(1, WireType.Varint).int64(dim);
            else d.tag(2, LEN).string(dim);
          });
        }
      });
    }),
  );
  if (info.doc) w.tag(3, LEN).string(info.doc);
}

function writeGraph(w: BinaryWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) message(w, 1, (n) => writeNode(n, node));
  w.tag(2, LEN).string(graph.name);
  for (const tensor of graph.initializers) message(w, 5, (t) => writeTensor(t, tensor));
  if (graph.doc) w.tag(10, LEN).string(graph.doc);
  for (const input of graph.inputs) message(w, 11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) message(w, 12, (v) => writeValueInfo(v, output));
}

/** The model as ONNX protobuf bytes (ModelProto). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int64(model.irVersion); // ir_version
  w.tag(2, LEN).string(model.producerName); // producer_name
  w.tag(3, LEN).string(model.producerVersion); // producer_version
  if (model.doc) w.tag(6, LEN).string(model.doc); // doc_string
  message(w, 7, (g) => writeGraph(g, model.graph)); // graph
  // opset_import: the default ('ai.onnx') domain, written as the empty string.
  message(w, 8, (o) => {
    o.tag(1, LEN).string('');
    o.tag(2, WireType.Varint).int64(model.opsetVersion);
  });
  for (const [key, value] of Object.entries(model.metadata)) {
    // metadata_props: StringStringEntryProto { key = 1, value = 2 }
    message(w, 14, (entry) => {
      entry.tag(1, LEN).string(key);
      entry.tag(2, LEN).string(value);
    });
  }
  return w.finish();
}
