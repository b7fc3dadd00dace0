import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { DEFAULT_IMPROVE_POLICY } from './policy-store';

const freshRegistry = freshRegistries('policy-test');

describe("a project's improvement policy", () => {
  it('is off until switched on, kept per project, and falls back to off when damaged', async () => {
    const registry = await freshRegistry();
    expect(await registry.getImprovePolicy('p')).toEqual(DEFAULT_IMPROVE_POLICY);
    expect(DEFAULT_IMPROVE_POLICY.enabled).toBe(false);
    const on = { enabled: true, minGain: 0.02, autoPromote: true };
    await registry.setImprovePolicy('p', on);
    expect(await registry.getImprovePolicy('p')).toEqual(on);
    expect(await registry.getImprovePolicy('q')).toEqual(DEFAULT_IMPROVE_POLICY);
    expect((await refusal(registry.setImprovePolicy('p', { ...on, minGain: -1 }))).code).toBe(
      'invalid_decision',
    );
    const db = await openDB(registry.name);
    await db.put('settings', { key: 'improvePolicy:p', value: { enabled: 'yes' } });
    db.close();
    expect((await registry.getImprovePolicy('p')).enabled).toBe(false);
  });

  it('lets each alert start one automatic retrain, across reopening', async () => {
    const registry = await freshRegistry();
    expect(await registry.claimAlerts('v1', ['a', 'b'])).toEqual(['a', 'b']);
    expect(await registry.claimAlerts('v1', ['b', 'c'])).toEqual(['c']);
    registry.close();
    const reopened = await freshRegistry({ name: registry.name });
    expect(await reopened.claimAlerts('v1', ['a', 'c'])).toEqual([]);
    expect(await reopened.claimAlerts('v2', ['a'])).toEqual(['a']);
  });
});
