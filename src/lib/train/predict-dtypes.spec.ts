/**
 * predict reads every weight dtype by dequantizing it to float32. The tolerances below are the
 * rounding each form allows, with room: float16 keeps 11 significant bits (relative error at
 * most 2^-11, about 4.9e-4, per weight); 8-bit codes round each weight by at most half a scale
 * step, (max - min) / 510 per tensor for uint8 and max |w| / 254 per channel for int8.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { readCsv } from '../data/read-csv';
import { convertModel, type Conversion } from '../model/test-weights';
import { dequantizeWeight, modelPrecision } from '../model/weight-dtypes';
import { fakeModel } from '../registry/fake-model';
import { predict } from './predict';
import { trainModel } from './train-model';
import type { Prediction, TrainedModel } from './types';

const sample = (name: string) =>
  readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url));

const probabilities = (predictions: Prediction[]) =>
  predictions.flatMap((p) => ('probabilities' in p ? p.probabilities : []));
const labels = (predictions: Prediction[]) =>
  predictions.map((p) => ('label' in p ? p.label : null));

/** The float32 model whose weights are exactly what `converted` dequantizes to. */
function dequantizedTwin(model: TrainedModel, converted: TrainedModel): TrainedModel {
  const weights = converted.weights.map((w) => ({
    name: w.name,
    shape: [...w.shape],
    values: dequantizeWeight(w),
  }));
  return { ...model, weights };
}

let table: Table;
let model: TrainedModel;
let reference: Prediction[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  table = await readCsv(sample('iris.csv'));
  model = await trainModel(table, { target: 'species', seed: 3, epochs: 40, hidden: [16] });
  reference = await predict(model, table);
});

describe('predict with float16, uint8 and int8 weights (iris, cpu backend)', () => {
  // Largest difference in any class probability from the float32 model, per form.
  const tolerance: Record<Conversion, number> = { float16: 1e-3, uint8: 0.02, int8: 0.02 };

  it.each(['float16', 'uint8', 'int8'] as const)(
    'a %s model predicts close to the float32 one',
    async (dtype) => {
      const converted = convertModel(model, dtype);
      expect(modelPrecision(converted)).toBe(dtype);
      expect(converted.bytes).toBeLessThan(model.bytes);
      const predictions = await predict(converted, table);
      const got = probabilities(predictions);
      const want = probabilities(reference);
      expect(got).toHaveLength(want.length);
      const worst = Math.max(...got.map((p, i) => Math.abs(p - (want[i] ?? NaN))));
      expect(worst).toBeLessThanOrEqual(tolerance[dtype]);
      const agree = labels(predictions).filter((label, i) => label === labels(reference)[i]);
      expect(agree.length).toBeGreaterThanOrEqual(0.97 * predictions.length);
    },
  );

  it.each(['float16', 'uint8', 'int8'] as const)(
    'a %s model predicts exactly as float32 weights holding the same values',
    async (dtype) => {
      const converted = convertModel(model, dtype);
      const twin = dequantizedTwin(model, converted);
      expect(await predict(converted, table)).toEqual(await predict(twin, table));
    },
  );
});

describe('predict with other dtypes on a regression model', () => {
  it('gives values within the stated tolerance, and exact ones for exact weights', async () => {
    const regression = fakeModel({ task: 'regression', classes: [] }, 40, 7);
    const rows = Array.from({ length: 50 }, (_, i) => ({
      x: (i - 25) / 10,
      colour: i % 3 ? 'red' : 'blue',
    }));
    const values = (ps: Prediction[]) => ps.map((p) => ('value' in p ? p.value : NaN));
    const want = values(await predict(regression, rows));
    for (const [dtype, tol] of [
      ['float16', 2e-3],
      ['uint8', 0.05],
      ['int8', 0.05],
    ] as const) {
      const converted = convertModel(regression, dtype);
      const got = values(await predict(converted, rows));
      got.forEach((value, i) => expect(Math.abs(value - (want[i] ?? NaN))).toBeLessThan(tol));
      expect(await predict(converted, rows)).toEqual(
        await predict(dequantizedTwin(regression, converted), rows),
      );
    }
  });
});
