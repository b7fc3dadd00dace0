import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { DEFAULT_ALERT_RULES } from './alerts';

const freshRegistry = freshRegistries('alert-rules-test');

describe("a project's alert rules", () => {
  it('are the defaults until set, kept per project across a reopen, and checked', async () => {
    const registry = await freshRegistry();
    expect(await registry.getAlertRules('p1')).toEqual(DEFAULT_ALERT_RULES);
    const rules = {
      ...DEFAULT_ALERT_RULES,
      columnDrift: true,
      metricDrop: 0.02,
      volumeBelow: null,
    };
    expect(await registry.setAlertRules('p1', rules)).toEqual(rules);
    registry.close();
    const reopened = await freshRegistry({ name: registry.name });
    expect(await reopened.getAlertRules('p1')).toEqual(rules);
    expect(await reopened.getAlertRules('p2')).toEqual(DEFAULT_ALERT_RULES);
    const bad = { ...rules, metricDrop: 5 };
    expect((await refusal(reopened.setAlertRules('p1', bad))).code).toBe('invalid_drift_options');
    expect(
      (await refusal(reopened.setAlertRules('p1', { ...rules, extra: 1 } as never))).code,
    ).toBe('invalid_drift_options');
    // Edited in devtools into nonsense: the defaults, not an error.
    const db = await openDB(registry.name);
    await db.put('settings', { key: 'alertRules:p1', value: { datasetDrift: 'yes' } });
    db.close();
    expect(await reopened.getAlertRules('p1')).toEqual(DEFAULT_ALERT_RULES);
  });
});
