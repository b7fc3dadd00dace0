/**
 * Builds an ONNX graph node by node: every node and constant gets a unique name, so the parts
 * of an export (preprocessing, layers, outputs) can be written apart without clashing.
 */
import {
  ONNX_TYPE,
  type OnnxAttribute,
  type OnnxElementType,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-proto';

/** Little-endian bytes of a typed array (every platform JavaScript runs on is little-endian). */
function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();

  /** A name not used yet, from `hint` (`hint`, `hint_1`, `hint_2`, ...). */
  private fresh(hint: string): string {
    let name = hint;
    for (let n = 1; this.used.has(name); n++) name = `${hint}_${n}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a graph input's name, so no node output takes it. */
  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A constant tensor (an initializer) holding `values` with shape `dims`. */
  tensor(hint: string, type: OnnxElementType, dims: number[], values: ArrayBufferView): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, type, dims, raw: bytesOf(values) });
    return name;
  }

  /** A float32 constant; `dims` defaults to a 1-D vector (a scalar when `dims` is []). */
  floats(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.tensor(hint, ONNX_TYPE.float, dims, Float32Array.from(values));
  }

  /** A float64 constant, for arithmetic done in double precision. */
  doubles(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.tensor(hint, ONNX_TYPE.double, dims, Float64Array.from(values));
  }

  /** An int64 constant (indices, axes, shapes). */
  int64s(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.tensor(hint, ONNX_TYPE.int64, dims, BigInt64Array.from(values, BigInt));
  }

  /** Adds a node with one output and returns that output's name. */
  op(opType: string, inputs: string[], hint: string, attributes?: OnnxAttribute[]): string {
    const output = this.fresh(hint);
    this.opInto(opType, inputs, output, attributes);
    return output;
  }

  /** Adds a node whose output has a given name (a graph output). */
  opInto(opType: string, inputs: string[], output: string, attributes?: OnnxAttribute[]): void {
    this.used.add(output);
    const name = this.fresh(`${opType}_${output}`);
    this.nodes.push({ opType, name, inputs, outputs: [output], ...(attributes && { attributes }) });
  }

  /** Casts to float32 (`to` = FLOAT) or float64 (`to` = DOUBLE). */
  cast(input: string, to: 'float' | 'double', hint: string): string {
    return this.op('Cast', [input], hint, [{ name: 'to', int: ONNX_TYPE[to] }]);
  }
}
