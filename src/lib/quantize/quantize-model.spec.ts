/**
 * quantizeModel on models trained here (iris, cars; tf.js CPU backend): sizes, metrics on the
 * parent's rows, the accuracy guard, and the coded refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { validateModel } from '../model/formats';
import { convertModel } from '../model/test-weights';
import { modelPrecision } from '../model/weight-dtypes';
import { splitLabelledRows } from '../train/split';
import { encodeTarget } from '../train/target';
import type { TrainedModel } from '../train/types';
import { quantizeModel } from './quantize-model';
import { trainedOn, withDeadOutlier, withDeadOutliers } from './test-models';
import type { QuantizationScheme } from './types';

const SCHEMES: QuantizationScheme[] = ['float16', 'uint8'];

let iris: { table: Table; model: TrainedModel };
let cars: { table: Table; model: TrainedModel };
let small: { table: Table; model: TrainedModel };

beforeAll(async () => {
  iris = await trainedOn('iris');
  cars = await trainedOn('cars');
  small = await trainedOn('iris', { hidden: [16] });
});

const coded = (code: string) => expect.objectContaining({ code }) as unknown as Error;

describe('quantizeModel on the shared datasets', () => {
  it.each(SCHEMES.flatMap((s) => (['iris', 'cars'] as const).map((d) => [s, d] as const)))(
    '%s on %s: a valid smaller model, scored on the parent rows',
    async (scheme, dataset) => {
      const { table, model } = dataset === 'iris' ? iris : cars;
      const before = structuredClone(model);
      const quantized = await quantizeModel(model, { scheme, calibration: table });
      validateModel(quantized);
      expect(model).toEqual(before);
      expect(quantized.quantization).toEqual({
        scheme,
        method: 'minmax',
        keptLayers: quantized.quantization.keptLayers,
        parentBytes: model.bytes,
        kernels: 'cpu',
      });
      const ratio = quantized.bytes / model.bytes;
      expect(ratio).toBeLessThanOrEqual(scheme === 'float16' ? 0.5 : 0.25);
      expect(modelPrecision(quantized)).toBe(
        quantized.quantization.keptLayers.length ? 'mixed' : scheme,
      );
      const validation = quantized.metrics.validation;
      expect(validation?.rowCount).toBe(model.metrics.validation?.rowCount);
      expect(quantized.metrics.test.rowCount).toBe(model.metrics.test.rowCount);
      expect(quantized.history).toEqual(model.history);
      expect(quantized.split).toEqual(model.split);
      expect(quantized.preprocessing).toEqual(model.preprocessing);
    },
  );

  it('meets the size goals on a 256-256 MLP, counting per-tensor scales too', async () => {
    const { table, model } = await trainedOn('iris', { hidden: [256, 256], epochs: 3 });
    for (const scheme of SCHEMES) {
      const quantized = await quantizeModel(model, { scheme, calibration: table, maxDrop: 1 });
      expect(quantized.quantization.keptLayers).toEqual([]);
      // Per-tensor scale and zero point as two float64 numbers each, on top of `bytes`.
      const parameters = scheme === 'uint8' ? 16 * quantized.weights.length : 0;
      const ratio = (quantized.bytes + parameters) / model.bytes;
      expect(ratio).toBeLessThanOrEqual(scheme === 'float16' ? 0.52 : 0.27);
    }
  });

  it('records the method', async () => {
    const quantized = await quantizeModel(iris.model, {
      scheme: 'float16',
      calibration: iris.table,
      method: 'percentile',
    });
    expect(quantized.quantization.method).toBe('percentile');
  });
});

describe('the accuracy guard', () => {
  it('keeps in float32 the layer a huge outlier wipes out at uint8, and only it', async () => {
    const parent = withDeadOutlier(small.model, 1e4);
    const quantized = await quantizeModel(parent, { scheme: 'uint8', calibration: small.table });
    expect(quantized.quantization.keptLayers).toEqual(['dense_0']);
    // It says why: quantized alone, that layer lost more than the guard allows.
    const [reason] = quantized.quantization.keptReasons ?? [];
    expect(reason).toMatchObject({ layer: 'dense_0', reason: 'sensitive' });
    expect(reason?.loss).toBeGreaterThan(quantized.quantization.lossLimit ?? Infinity);
    expect(quantized.weights.map((w) => w.dtype ?? 'float32')).toEqual([
      'float32',
      'float32',
      'uint8',
      'uint8',
    ]);
    const accuracy = (m: TrainedModel) => m.metrics.validation?.accuracy ?? NaN;
    const rows = quantized.metrics.validation?.rowCount ?? 1;
    const reference = await quantizeModel(small.model, {
      scheme: 'float16',
      calibration: small.table,
    });
    // The parent's own validation accuracy: float16 of the unedited model is within a row of it.
    expect(accuracy(quantized)).toBeGreaterThanOrEqual(accuracy(reference) - 1 / rows - 1e-9);
    // At float16 the outlier is harmless: nothing is kept.
    const half = await quantizeModel(parent, { scheme: 'float16', calibration: small.table });
    expect(half.quantization.keptLayers).toEqual([]);
  });

  it('refuses with quantization_too_lossy when no layer can be quantized', async () => {
    const parent = withDeadOutliers(small.model, 1e4);
    await expect(
      quantizeModel(parent, { scheme: 'uint8', calibration: small.table }),
    ).rejects.toThrow(coded('quantization_too_lossy'));
  });

  it('keeps a layer in float32 when float16 cannot hold its weights (past 65504)', async () => {
    const parent = withDeadOutlier(small.model, 1e6);
    const quantized = await quantizeModel(parent, { scheme: 'float16', calibration: small.table });
    expect(quantized.quantization.keptLayers).toEqual(['dense_0']);
    expect(quantized.quantization.keptReasons).toEqual([
      { layer: 'dense_0', reason: 'unrepresentable', loss: null },
    ]);
    // Reasons that name another layer than the one kept are refused.
    const edited = structuredClone(quantized);
    edited.quantization.keptReasons = [{ layer: 'dense_1', reason: 'sensitive', loss: 0.5 }];
    expect(() => validateModel(edited)).toThrow(coded('invalid_model'));
  });

  it('holds regression to 2% relative RMSE on the validation rows', async () => {
    const quantized = await quantizeModel(cars.model, { scheme: 'uint8', calibration: cars.table });
    const before = cars.model.metrics.validation?.rmse ?? NaN;
    expect(quantized.metrics.validation?.rmse ?? NaN).toBeLessThanOrEqual(before * 1.02 + 1e-6);
  });
});

describe('refusals', () => {
  it('refuses an already quantized model', async () => {
    const quantized = await quantizeModel(iris.model, {
      scheme: 'float16',
      calibration: iris.table,
    });
    for (const model of [quantized, convertModel(iris.model, 'uint8')]) {
      await expect(
        quantizeModel(model, { scheme: 'uint8', calibration: iris.table }),
      ).rejects.toThrow(coded('already_quantized'));
    }
  });

  it('refuses another table with dataset_mismatch', async () => {
    await expect(
      quantizeModel(iris.model, { scheme: 'uint8', calibration: cars.table }),
    ).rejects.toThrow(coded('dataset_mismatch'));
  });

  it('refuses a split without validation rows with no_calibration_rows', async () => {
    const split = iris.model.split!;
    const plan = { ...split, fractions: { ...split.fractions, validation: 0 } };
    const labels = encodeTarget(iris.table, iris.model.target, iris.model.task).labels;
    const rows = splitLabelledRows(labels, plan);
    const model: TrainedModel = {
      ...iris.model,
      split: {
        ...plan,
        counts: { train: rows.train.length, validation: 0, test: rows.test.length },
      },
    };
    await expect(
      quantizeModel(model, { scheme: 'float16', calibration: iris.table }),
    ).rejects.toThrow(coded('no_calibration_rows'));
  });

  it('refuses unknown schemes and bad settings', async () => {
    const calibration = iris.table;
    for (const options of [
      { scheme: 'int4' as QuantizationScheme, calibration },
      { scheme: 'uint8' as const, calibration, maxDrop: -1 },
      { scheme: 'uint8' as const, calibration, method: 'mse' as 'minmax' },
    ]) {
      await expect(quantizeModel(iris.model, options)).rejects.toThrow(
        coded('invalid_quantization_options'),
      );
    }
  });

  it('refuses a model with a NaN weight (invalid_model)', async () => {
    const model = structuredClone(iris.model);
    (model.weights[0]?.values as Float32Array)[0] = NaN;
    await expect(
      quantizeModel(model, { scheme: 'uint8', calibration: iris.table }),
    ).rejects.toThrow(coded('invalid_model'));
  });
});
