/**
 * Each project's alert rules, in the registry's settings store. A stored value that fails its
 * check (edited in devtools) gives the defaults rather than an error: rules are preferences,
 * and alerts must keep working.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import type { RegistryConnection } from '../registry/connection';
import { DEFAULT_ALERT_RULES, type AlertRules } from './alerts';

const share = v.pipe(v.number(), v.finite(), v.minValue(0.001), v.maxValue(1));
const rulesSchema = v.strictObject({
  datasetDrift: v.boolean(),
  columnDrift: v.boolean(),
  metricDrop: v.nullable(share),
  missingJump: v.boolean(),
  volumeBelow: v.nullable(share),
});

const keyOf = (projectId: string) => `alertRules:${projectId}`;

function requireSettings(conn: RegistryConnection) {
  if (!conn.has('settings')) throw conn.olderSchema('settings');
  return conn.open();
}

export async function getAlertRules(
  conn: RegistryConnection,
  projectId: string,
): Promise<AlertRules> {
  const stored = await requireSettings(conn).get('settings', keyOf(projectId));
  const parsed = v.safeParse(rulesSchema, stored?.value);
  return parsed.success ? parsed.output : { ...DEFAULT_ALERT_RULES };
}

export async function setAlertRules(
  conn: RegistryConnection,
  projectId: string,
  rules: AlertRules,
): Promise<AlertRules> {
  requireSettings(conn);
  const parsed = v.safeParse(rulesSchema, rules);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new WorkbenchError(
      'invalid_drift_options',
      `These alert rules cannot be kept: ${issue ? `${v.getDotPath(issue) ?? ''} ${issue.message}` : 'they are malformed'}.`,
      {
        hint: 'Switch rules on or off; a metric drop and a volume share are numbers from 0.001 to 1, or null for off.',
      },
    );
  }
  await conn.write(['settings'], 0, (tx) =>
    tx
      .objectStore('settings')
      .put({ key: keyOf(projectId), value: parsed.output })
      .then(() => undefined),
  );
  return parsed.output;
}
