/**
 * The TF.js export read back by stock `tf.loadLayersModel` (CPU backend): the loaded network,
 * fed our preprocessed rows, gives the probabilities our `predict` gives.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { transformRows } from '../features/preprocess';
import { dequantizeWeight } from '../model/weight-dtypes';
import { quantizeModel } from '../quantize/quantize-model';
import { trainedOn } from '../quantize/test-models';
import { predict } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { toTfjsArtifacts } from './tfjs-artifacts';

let table: Table;
let float32: TrainedModel;

beforeAll(async () => {
  ({ table, model: float32 } = await trainedOn('iris'));
});

/** Largest |loaded.predict - predict| over every row and class. */
async function maxDifference(model: TrainedModel): Promise<number> {
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(toTfjsArtifacts(model)));
  const rows = Array.from({ length: table.rowCount }, (_, i) => i);
  const inputs = transformRows(model.preprocessing, table, rows);
  const output = loaded.predict(
    tf.tensor2d(inputs, [rows.length, model.architecture.inputWidth]),
  ) as tf.Tensor;
  const theirs = (await output.data()) as Float32Array;
  output.dispose();
  // The weights tf.js dequantized on load, against ours: the largest difference.
  let weightMax = 0;
  for (const [i, tensor] of loaded.getWeights().entries()) {
    const weight = model.weights[i];
    if (!weight || tensor.shape.join() !== weight.shape.join()) throw new Error('weight order');
    const mine = dequantizeWeight(weight);
    for (const [j, value] of tensor.dataSync().entries()) {
      weightMax = Math.max(weightMax, Math.abs(value - (mine[j] ?? NaN)));
    }
  }
  loaded.dispose();
  const ours = await predict(model, table);
  const width = model.classes.length;
  let max = 0;
  for (const [row, prediction] of ours.entries()) {
    if (!('probabilities' in prediction)) throw new Error('expected class probabilities');
    for (let c = 0; c < width; c++) {
      const difference = Math.abs(
        (theirs[row * width + c] ?? NaN) - (prediction.probabilities[c] ?? NaN),
      );
      max = Math.max(max, Number.isNaN(difference) ? Infinity : difference);
    }
  }
  const dtypes = model.weights.map((w) => w.dtype ?? 'float32').join(',');
  console.info(`tfjs export [${dtypes}]: outputs max difference ${max}, weights ${weightMax}`);
  return max;
}

describe('toTfjsArtifacts', () => {
  it('writes the layers topology tf.js saves, and weights under the network names', () => {
    const artifacts = toTfjsArtifacts(float32);
    expect(artifacts.format).toBe('layers-model');
    const topology = artifacts.modelTopology as {
      class_name: string;
      config: { layers: { config: { name: string } }[] };
    };
    expect(topology.class_name).toBe('Sequential');
    expect(topology.config.layers.map((l) => l.config.name)).toContain('dense_0');
    expect(artifacts.weightSpecs?.map((s) => s.name)).toEqual(float32.weights.map((w) => w.name));
    expect(artifacts.weightSpecs?.every((s) => s.dtype === 'float32' && !s.quantization)).toBe(
      true,
    );
    const values = float32.weights.reduce((n, w) => n + w.values.length, 0);
    expect((artifacts.weightData as ArrayBuffer).byteLength).toBe(values * 4);
  });

  // The same float32 weights in, the same float32 network out.
  it('float32: stock loadLayersModel predicts what predict does (within 1e-6)', async () => {
    expect(await maxDifference(float32)).toBeLessThanOrEqual(1e-6);
  });

  // Both sides decode the binary16 bits exactly to the same float32 weights.
  it('float16: stock loadLayersModel predicts what predict does (within 1e-6)', async () => {
    const model = await quantizeModel(float32, { scheme: 'float16', calibration: table });
    const specs = toTfjsArtifacts(model).weightSpecs ?? [];
    expect(specs.some((s) => s.quantization?.dtype === 'float16')).toBe(true);
    expect(await maxDifference(model)).toBeLessThanOrEqual(1e-6);
  });

  // tf.js dequantizes float32(code * scale + min), we float32(scale * (code - zeroPoint)): the
  // same real number rounded along another float64 path, so a weight may differ by one float32
  // ulp (~6e-8 relative); through the network that stays far under 1e-5.
  it('uint8: stock loadLayersModel predicts what predict does (within 1e-5)', async () => {
    const model = await quantizeModel(float32, { scheme: 'uint8', calibration: table });
    const specs = toTfjsArtifacts(model).weightSpecs ?? [];
    const uint8 = specs.filter((s) => s.quantization?.dtype === 'uint8');
    expect(uint8.length).toBeGreaterThan(0);
    for (const spec of uint8) {
      const weight = model.weights.find((w) => w.name === spec.name);
      if (weight?.dtype !== 'uint8' || typeof weight.scale !== 'number') throw new Error(spec.name);
      const { scale, min } = spec.quantization as { scale: number; min: number };
      expect(spec.dtype).toBe('float32');
      expect(scale).toBe(weight.scale);
      expect(min).toBe(weight.zeroPoint === 0 ? 0 : -weight.zeroPoint * weight.scale);
      // Zero is a code: -min / scale is the integer zero point. In float64 the division may
      // land one rounding off it (3 * 0.1 / 0.1 is 3.0000000000000004), so it is compared
      // within that rounding; what tf.js itself computes for the code zeroPoint,
      // zeroPoint * scale + min, is exactly 0.
      const zero = -min / scale;
      expect(Number.isInteger(weight.zeroPoint)).toBe(true);
      expect(Math.abs(zero - weight.zeroPoint)).toBeLessThanOrEqual(
        2 * Number.EPSILON * Math.max(1, weight.zeroPoint),
      );
      expect(Math.round(zero)).toBe(weight.zeroPoint);
      expect(weight.zeroPoint * scale + min).toBe(0);
    }
    expect(await maxDifference(model)).toBeLessThanOrEqual(1e-5);
  });

  it('refuses an int8 model with not_yet_supported, naming the scheme', async () => {
    const model = await quantizeModel(float32, { scheme: 'int8', calibration: table });
    let caught: unknown;
    try {
      toTfjsArtifacts(model);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkbenchError);
    expect((caught as WorkbenchError).code).toBe('not_yet_supported');
    expect((caught as WorkbenchError).message).toMatch(/int8/);
    expect((caught as WorkbenchError).details).toMatchObject({ scheme: 'int8' });
  });
});
