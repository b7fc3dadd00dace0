/**
 * Alerts from a monitoring report: rules for column drift, dataset drift, a metric below a
 * threshold, a jump in the missing rate, and prediction volume. Each alert names its window
 * (and column) so that the screen can link it to the evidence. Rules are plain data, kept per
 * project, all on by default except column drift, which a dataset-drift alert summarises.
 */
import { headlineMetric } from '../train/metric-registry';
import type { Task } from '../train/types';
import type { MonitorReport, MonitorWindow } from './types';

export type AlertKind = 'dataset-drift' | 'column-drift' | 'metric' | 'missing' | 'volume';

export interface AlertRules {
  datasetDrift: boolean;
  columnDrift: boolean;
  /** Alert when a window's metric falls this far below the test score (0.05: five points). */
  metricDrop: number | null;
  missingJump: boolean;
  /** Alert when a time window holds less than this share of the median window's rows. */
  volumeBelow: number | null;
}

export const DEFAULT_ALERT_RULES: AlertRules = {
  datasetDrift: true,
  columnDrift: false,
  metricDrop: 0.05,
  missingJump: true,
  volumeBelow: 0.5,
};

export interface MonitorAlert {
  /** Stable for the same finding: kind, window start and column. */
  id: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  window: number;
  /** When the window started (ms since 1970). */
  time: number;
  column: string | null;
  message: string;
}

const percent = (value: number) => `${(value * 100).toFixed(0)}%`;

function windowAlerts(
  period: MonitorWindow,
  rules: AlertRules,
  task: Task,
  baseline: number | null,
) {
  const alerts: Omit<MonitorAlert, 'id' | 'window' | 'time'>[] = [];
  const { drift } = period;
  if (rules.datasetDrift && drift.drifted) {
    const names = drift.columns.filter((c) => c.drifted).map((c) => c.name);
    alerts.push({
      kind: 'dataset-drift',
      severity: 'critical',
      column: null,
      message: `${percent(drift.share)} of the features drifted (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}).`,
    });
  }
  for (const column of drift.columns) {
    if (rules.columnDrift && column.drifted) {
      alerts.push({
        kind: 'column-drift',
        severity: 'warning',
        column: column.name,
        message: `${column.name} drifted (${column.test}).`,
      });
    }
    if (rules.missingJump && column.flags.missingRate.jumped) {
      const { reference, current } = column.flags.missingRate;
      alerts.push({
        kind: 'missing',
        severity: 'warning',
        column: column.name,
        message: `${column.name} is missing in ${percent(current)} of the rows (${percent(reference)} in training).`,
      });
    }
  }
  const metric = headlineMetric(task);
  const value = period.performance?.value;
  if (rules.metricDrop !== null && baseline !== null && value !== undefined && metric) {
    const drop = metric.higherIsBetter ? baseline - value : value - baseline;
    if (drop >= rules.metricDrop) {
      alerts.push({
        kind: 'metric',
        severity: 'critical',
        column: null,
        message: `${metric.label} fell to ${value.toFixed(3)} on ${period.performance?.rows ?? 0} labelled rows (test: ${baseline.toFixed(3)}).`,
      });
    }
  }
  return alerts;
}

/** Every alert the rules raise on the report's windows, oldest first. */
export function evaluateAlerts(
  report: MonitorReport,
  task: Task,
  rules: AlertRules = DEFAULT_ALERT_RULES,
): MonitorAlert[] {
  const alerts: MonitorAlert[] = [];
  const baseline = report.baseline.value;
  const sizes = report.windows.map((w) => w.rows).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
  for (const period of report.windows) {
    const found = windowAlerts(period, rules, task, baseline);
    // Volume only means something for windows of time; a window of rows is full by design.
    const last = period.index === report.windows.length - 1;
    if (
      rules.volumeBelow !== null &&
      'ms' in report.windowing &&
      !last &&
      period.rows < median * rules.volumeBelow
    ) {
      found.push({
        kind: 'volume',
        severity: 'warning',
        column: null,
        message: `Only ${period.rows} predictions in this period (usually about ${median}).`,
      });
    }
    for (const alert of found) {
      alerts.push({
        ...alert,
        id: `${alert.kind}:${period.from}:${alert.column ?? ''}`,
        window: period.index,
        time: period.from,
      });
    }
  }
  return alerts;
}
