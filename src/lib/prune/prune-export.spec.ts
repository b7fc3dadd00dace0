/**
 * A pruned model's zeros are kept by everything downstream: the TF.js files (read back byte by
 * byte and by stock `tf.loadLayersModel`), the ONNX initializers (read from the protobuf), and
 * int8 quantization (a 0 weight is code 0 under a symmetric scale), which also keeps `pruning`.
 */
import * as tf from '@tensorflow/tfjs';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { toOnnx } from '../export/onnx/to-onnx';
import { toTfjsArtifacts } from '../export/tfjs-artifacts';
import { verifyOnnx } from '../export/verify-onnx';
import { validateModel } from '../model/formats';
import { quantizeModel } from '../quantize/quantize-model';
import { trainedOn } from '../quantize/test-models';
import { splitFor } from '../train/split-for';
import type { Float32Weight } from '../train/types';
import { pruneModel } from './prune-model';
import type { PrunedModel } from './types';

let table: Table;
let pruned: PrunedModel;

beforeAll(async () => {
  const iris = await trainedOn('iris');
  table = iris.table;
  pruned = await pruneModel(iris.model, { sparsity: 0.5, data: table });
});

const kernels = () => pruned.weights.filter((w) => w.name.endsWith('/kernel')) as Float32Weight[];

/** Indices of the exact zeros, and a check that each is +0 (bits 0). */
function zeroBits(values: Float32Array): { indices: number[]; allPositive: boolean } {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const indices = [...values.keys()].filter((i) => values[i] === 0);
  return { indices, allPositive: indices.every((i) => bits[i] === 0) };
}

/** Each initializer of an ONNX ModelProto: name and raw_data (graph = 7, initializer = 5). */
function onnxInitializers(bytes: Uint8Array): Map<string, Uint8Array> {
  const fields = (buffer: Uint8Array, visit: (field: number, reader: BinaryReader) => boolean) => {
    const reader = new BinaryReader(buffer);
    while (reader.pos < reader.len) {
      const [field, wire] = reader.tag();
      if (!visit(field, reader)) reader.skip(wire, field);
    }
  };
  const found = new Map<string, Uint8Array>();
  fields(bytes, (field, reader) => {
    if (field !== 7) return false;
    fields(reader.bytes(), (graphField, graph) => {
      if (graphField !== 5) return false;
      let name = '';
      let raw: Uint8Array = new Uint8Array();
      fields(graph.bytes(), (tensorField, tensor) => {
        if (tensorField === 8) name = tensor.string();
        else if (tensorField === 9) raw = tensor.bytes();
        else return false;
        return true;
      });
      found.set(name, raw);
      return true;
    });
    return true;
  });
  return found;
}

describe('exports of a pruned model', () => {
  it('keeps every zero as +0 in the TF.js weight file and in the loaded network', async () => {
    const artifacts = toTfjsArtifacts(pruned);
    const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
    const specs = artifacts.weightSpecs ?? [];
    let offset = 0;
    for (const spec of specs) {
      const length = spec.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(data.slice(offset, offset + 4 * length).buffer);
      offset += 4 * length;
      const ours = pruned.weights.find((w) => w.name === spec.name) as Float32Weight;
      expect(spec.dtype).toBe('float32');
      expect(spec.quantization).toBeUndefined();
      expect(zeroBits(values)).toEqual(zeroBits(ours.values));
    }
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    const weights = loaded.getWeights().map((w) => w.dataSync() as Float32Array);
    loaded.dispose();
    for (const [index, kernel] of kernels().entries()) {
      const mine = zeroBits(kernel.values);
      expect(mine.indices.length).toBe(kernel.values.length / 2);
      expect(zeroBits(weights[2 * index] as Float32Array)).toEqual(mine);
    }
  });

  it('keeps every zero as +0 in the ONNX kernel initializers, and predicts as the workbench', async () => {
    const bytes = toOnnx(pruned, 'test');
    const initializers = onnxInitializers(bytes);
    for (const [index, kernel] of kernels().entries()) {
      const raw = initializers.get(`dense_${index}_kernel`);
      expect(raw?.byteLength).toBe(4 * kernel.values.length);
      const values = new Float32Array(Uint8Array.from(raw ?? []).buffer);
      expect(zeroBits(values)).toEqual(zeroBits(kernel.values));
      expect(values).toEqual(kernel.values);
    }
    const runtime = {
      name: 'onnxruntime-node',
      version: ort.env.versions.common ?? 'unknown',
      InferenceSession: ort.InferenceSession,
      Tensor: ort.Tensor,
    };
    const test = splitFor(pruned, table).test;
    const check = await verifyOnnx(runtime, pruned, bytes, table, test);
    expect(check.sameLabel).toBe(test.length);
    expect(check.largestDifference).toBeLessThanOrEqual(1e-5);
  });

  it('int8 quantization stores every pruned weight as code 0 and keeps `pruning`', async () => {
    const quantized = await quantizeModel(pruned, { scheme: 'int8', calibration: table });
    validateModel(quantized);
    expect((quantized as typeof quantized & PrunedModel).pruning).toEqual(pruned.pruning);
    expect(quantized.quantization.scheme).toBe('int8');
    for (const [index, kernel] of kernels().entries()) {
      const stored = quantized.weights[2 * index];
      const zeroAt = zeroBits(kernel.values).indices;
      if (stored?.dtype === 'int8') {
        const codes = stored.values;
        expect(zeroAt.every((i) => codes[i] === 0)).toBe(true);
        // Symmetric: the zero point is 0, so code 0 is exactly 0.
        const zeroPoint = stored.zeroPoint;
        expect(typeof zeroPoint === 'number' ? [zeroPoint] : [...zeroPoint]).toSatisfy(
          (points: number[]) => points.every((z) => z === 0),
        );
      } else {
        // Kept in float32 by the accuracy guard: the zeros are the float ones.
        expect(zeroAt.every((i) => (stored as Float32Weight).values[i] === 0)).toBe(true);
      }
    }
    expect(quantized.weights.some((w) => w.dtype === 'int8')).toBe(true);
  });
});
