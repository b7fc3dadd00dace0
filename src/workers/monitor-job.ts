/**
 * The monitoring job: a version's reference snapshot against its prediction log, window by
 * window, and the alerts it raises. It reads IndexedDB alone, so it works after any reload.
 */
import {
  autoWindowing,
  evaluateAlerts,
  headlineMetric,
  monitorDrift,
  type MonitorWindowing,
  type Registry,
} from '../lib/index';
import type { MonitorResult } from './protocol';

export async function monitorVersion(
  registry: Registry,
  versionId: string,
  windowing: MonitorWindowing | 'auto',
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<MonitorResult> {
  const version = await registry.getVersion(versionId);
  // loadReference refuses a version saved without reference data, with its reason.
  const [reference, log, rules] = await Promise.all([
    registry.loadReference(versionId),
    registry.readPredictionLog({ versionId }),
    registry.getAlertRules(version.projectId),
  ]);
  const metric = headlineMetric(version.task);
  const baseline = metric ? (version.scores.test[metric.name] ?? null) : null;
  const report = await monitorDrift(reference, log, {
    window: windowing === 'auto' ? autoWindowing(log.rowCount) : windowing,
    target: version.target,
    task: version.task,
    features: version.schema.map((column) => column.name),
    baseline: { metric: metric?.name ?? '', value: baseline },
    signal,
    onProgress,
  });
  return {
    version,
    report,
    alerts: evaluateAlerts(report, version.task, rules),
    rules,
    damagedBatches: log.damaged.length,
  };
}
