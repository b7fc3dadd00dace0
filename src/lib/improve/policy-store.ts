/**
 * Each project's improvement policy, in the registry's settings store: off by default. When on,
 * a dataset-drift or metric alert trains a challenger; it is offered (or promoted, with
 * `autoPromote`) when it wins by `minGain` with p < 0.05. A damaged stored value gives the
 * defaults: automation must never start because of a value edited in devtools.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import type { RegistryConnection } from '../registry/connection';

export interface ImprovePolicy {
  enabled: boolean;
  /** The least gain (accuracy points as a share, or RMSE) worth offering. */
  minGain: number;
  autoPromote: boolean;
}

export const DEFAULT_IMPROVE_POLICY: ImprovePolicy = {
  enabled: false,
  minGain: 0.01,
  autoPromote: false,
};

const policySchema = v.strictObject({
  enabled: v.boolean(),
  minGain: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000)),
  autoPromote: v.boolean(),
});

const policyKey = (projectId: string) => `improvePolicy:${projectId}`;
const handledKey = (versionId: string) => `improveHandled:${versionId}`;

function settings(conn: RegistryConnection) {
  if (!conn.has('settings')) throw conn.olderSchema('settings');
  return conn.open();
}

export async function getImprovePolicy(
  conn: RegistryConnection,
  projectId: string,
): Promise<ImprovePolicy> {
  const parsed = v.safeParse(
    policySchema,
    (await settings(conn).get('settings', policyKey(projectId)))?.value,
  );
  return parsed.success ? parsed.output : { ...DEFAULT_IMPROVE_POLICY };
}

export async function setImprovePolicy(
  conn: RegistryConnection,
  projectId: string,
  policy: ImprovePolicy,
): Promise<ImprovePolicy> {
  settings(conn);
  const parsed = v.safeParse(policySchema, policy);
  if (!parsed.success) {
    throw new WorkbenchError(
      'invalid_decision',
      'This improvement policy cannot be kept: a setting is out of range.',
      {
        hint: 'Switch it on or off, and give the least gain as a number of 0 or more.',
      },
    );
  }
  await conn.write(['settings'], 0, (tx) =>
    tx
      .objectStore('settings')
      .put({ key: policyKey(projectId), value: parsed.output })
      .then(() => undefined),
  );
  return parsed.output;
}

/**
 * Marks alerts as acted on (so each starts at most one automatic retrain, across reloads);
 * resolves to those not acted on before.
 */
export async function claimAlerts(
  conn: RegistryConnection,
  versionId: string,
  alertIds: readonly string[],
): Promise<string[]> {
  settings(conn);
  return conn.write(['settings'], 0, async (tx) => {
    const store = tx.objectStore('settings');
    const stored = (await store.get(handledKey(versionId)))?.value;
    const handled = new Set(
      Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [],
    );
    const fresh = alertIds.filter((id) => !handled.has(id));
    if (fresh.length > 0)
      await store.put({ key: handledKey(versionId), value: [...handled, ...fresh].slice(-1000) });
    return fresh;
  });
}
