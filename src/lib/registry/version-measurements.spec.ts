import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { compressedWeightBytes } from '../model/compressed-size';
import { fakeModel } from './fake-model';
import { openRegistry } from './registry';
import { freshRegistries } from './test-registries';

const freshRegistry = freshRegistries('measurements-test');
const LATENCY = { ms: 1.25, rows: 1000, backend: 'js', measuredAt: 1_700_000_000_000 };

describe('what a version record measures', () => {
  it('stores the weights deflated, as the download costs them', async () => {
    const registry = await freshRegistry();
    const model = fakeModel({}, 400);
    const version = await registry.saveVersion(model, {});
    expect(version.compressedBytes).toBe(compressedWeightBytes(model.weights));
    expect(version.compressedBytes).toBeGreaterThan(0);
    expect(version.latency).toBeUndefined();
  });

  it('keeps a latency given at save and one measured later, across a reopen', async () => {
    const registry = await freshRegistry();
    const saved = await registry.saveVersion(fakeModel(), { latency: LATENCY });
    expect(saved.latency).toEqual(LATENCY);
    const other = await registry.saveVersion(fakeModel({}, 12, 2), {});
    const later = { ...LATENCY, ms: 3.5, backend: 'wasm' };
    expect((await registry.setVersionLatency(other.id, later)).latency).toEqual(later);
    expect((await registry.getVersion(other.id)).latency).toEqual(later);
  });

  it('refuses a latency that is not a measurement', async () => {
    const registry = await freshRegistry();
    const saved = await registry.saveVersion(fakeModel(), {});
    for (const bad of [
      { ...LATENCY, ms: -1 },
      { ...LATENCY, ms: Number.NaN },
      { ...LATENCY, rows: 0 },
      { ...LATENCY, extra: true },
    ]) {
      await expect(registry.setVersionLatency(saved.id, bad)).rejects.toMatchObject({
        code: 'invalid_spec',
      });
    }
    await expect(registry.setVersionLatency('no-such-id', LATENCY)).rejects.toMatchObject({
      code: 'version_not_found',
    });
  });

  it('leaves out a record whose latency was edited into nonsense in devtools', async () => {
    const name = freshRegistry.newName();
    const first = await openRegistry({ name });
    freshRegistry.track(first);
    const saved = await first.saveVersion(fakeModel(), { latency: LATENCY });
    first.close();
    const db = await openDB(name);
    const record = (await db.get('versions', saved.id)) as Record<string, unknown>;
    await db.put('versions', { ...record, latency: { ...LATENCY, ms: 'fast' } });
    db.close();
    const reopened = await openRegistry({ name });
    freshRegistry.track(reopened);
    expect(await reopened.listVersions()).toEqual([]);
  });
});
