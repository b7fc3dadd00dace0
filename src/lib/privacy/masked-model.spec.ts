import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import { modelCard, modelCardMarkdown } from '../export/model-card';
import { validateModel } from '../model/formats';
import { trainModel } from '../train/train-model';
import { maskTable, newMaskSalt } from './mask';

const cars = readFileSync(new URL('../../../public/samples/cars.csv', import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a model trained on a masked table', () => {
  it('records its masks, passes its checks, and its card lists them without any value', async () => {
    const table = maskTable(
      await readCsv(cars),
      [
        { column: 'Name', method: 'hash' },
        { column: 'Year', method: 'generalize' },
      ],
      newMaskSalt(),
    );
    const model = await trainModel(table, { target: 'Miles_per_Gallon', seed: 1, epochs: 3 });
    expect(model.masking).toEqual([
      { column: 'Name', method: 'hash' },
      { column: 'Year', method: 'generalize' },
    ]);
    // Its fingerprint is the masked table's, so lineage checks tell it from the raw file.
    expect(model.datasetSha256).toBe(table.source?.sha256);
    expect(() => validateModel(model)).not.toThrow();
    expect(() =>
      validateModel({ ...model, masking: [{ column: 'Name', method: 'rot13' }] }),
    ).toThrow();
    const card = modelCard(model);
    expect(card.masking).toEqual([
      { column: 'Name', method: 'hash' },
      { column: 'Year', method: 'generalize' },
    ]);
    const markdown = modelCardMarkdown(card);
    expect(markdown).toContain('## Masked columns');
    expect(markdown).toContain('- Name: hashed (HMAC-SHA256 under the workspace secret');
    expect(JSON.stringify(card)).not.toMatch(/chevrolet|ford/i);
  });
});
