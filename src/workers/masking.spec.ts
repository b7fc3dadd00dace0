import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { labelAt } from '../lib/data/cell-label';
import { readCsv } from '../lib/data/read-csv';
import { freshRegistries } from '../lib/registry/test-registries';
import { maskedLike, maskLoaded } from './masking';

const freshRegistry = freshRegistries('worker-masking');

const CSV = 'email,spend,plan\nada@example.com,12,a\nbob@example.com,47,b\nada@example.com,88,a\n';

const cells = (table: Awaited<ReturnType<typeof readCsv>>, name: string) => {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no ${name}`);
  return Array.from({ length: table.rowCount }, (_, row) => labelAt(column, row));
};

describe('masking in the worker', () => {
  it('masks new data as the training data was, with the same workspace salt', async () => {
    const registry = await freshRegistry();
    const training = await maskLoaded(registry, await readCsv(CSV), [
      { column: 'email', method: 'hash' },
      { column: 'spend', method: 'generalize' },
    ]);
    const model = { masking: training.masks ?? [] };
    expect(model.masking).toEqual([
      { column: 'email', method: 'hash' },
      { column: 'spend', method: 'generalize', step: 1 },
    ]);
    const later = await maskedLike(
      registry,
      model,
      await readCsv('email,spend,plan\nada@example.com,1234,b\n'),
    );
    // The same address hashes to the same value; the step is the training data's.
    expect(cells(later, 'email')[0]).toBe(cells(training, 'email')[0]);
    expect(cells(later, 'spend')).toEqual(['1234']);
    // A file without a masked column is masked where it can be.
    const partial = await maskedLike(registry, model, await readCsv('plan,spend\nb,5\n'));
    expect(partial.masks).toEqual([{ column: 'spend', method: 'generalize', step: 1 }]);
    // A model without masks leaves the table as it is.
    const plain = await readCsv(CSV);
    expect(await maskedLike(registry, {}, plain)).toBe(plain);
  });

  it('needs the key when the workspace is encrypted and locked', async () => {
    const registry = await freshRegistry();
    await registry.enableEncryption('a long enough passphrase');
    registry.lock();
    await expect(
      maskedLike(registry, { masking: [{ column: 'email', method: 'hash' }] }, await readCsv(CSV)),
    ).rejects.toMatchObject({ code: 'workspace_locked' });
  });
});
