/**
 * In the app the training file is often gone after a reload: a version's reference data then
 * calibrates. Its rows keep their split, so the guard and the metrics use the same validation
 * and test rows as with the full table when the sample holds every row (iris: 150 < 10,000).
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { openRegistry } from '../registry/registry';
import type { TrainedModel } from '../train/types';
import { quantizeModel } from './quantize-model';
import { trainedOn } from './test-models';

let iris: { table: Table; model: TrainedModel };

beforeAll(async () => {
  iris = await trainedOn('iris', { hidden: [16] });
});

describe('calibrating on reference data', () => {
  it('gives the same metrics as the training table when the sample holds every row', async () => {
    const registry = await openRegistry({ name: 'quantize-reference' });
    try {
      const saved = await registry.saveVersion(iris.model, { reference: iris.table });
      const reference = await registry.loadReference(saved.id);
      const fromReference = await quantizeModel(iris.model, {
        scheme: 'uint8',
        calibration: reference,
      });
      const fromTable = await quantizeModel(iris.model, {
        scheme: 'uint8',
        calibration: iris.table,
      });
      expect(fromReference.metrics.test.accuracy).toBe(fromTable.metrics.test.accuracy);
      expect(fromReference.metrics.validation?.accuracy).toBe(
        fromTable.metrics.validation?.accuracy,
      );
      expect(fromReference.metrics.test.rowCount).toBe(fromTable.metrics.test.rowCount);
      expect(fromReference.quantization.keptLayers).toEqual(fromTable.quantization.keptLayers);
    } finally {
      registry.close();
    }
  });

  it('refuses split labels that do not match the rows', async () => {
    const splits = Array.from({ length: iris.table.rowCount - 1 }, () => 'test' as const);
    await expect(
      quantizeModel(iris.model, { scheme: 'float16', calibration: { table: iris.table, splits } }),
    ).rejects.toMatchObject({ code: 'invalid_quantization_options' });
  });
});
