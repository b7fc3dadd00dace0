/**
 * The top of the report: what was monitored (header), the latest window in a few lines, and the
 * alerts. Everything a reader needs before the charts.
 */
import type { ColumnDrift } from '../../drift/types';
import type { Task } from '../../train/types';
import type { MonitorAlert } from '../alerts';
import type { MonitorReport, MonitorWindow } from '../types';
import { metricFormat } from './metric-chart';
import type { ReportContext } from './report-html';
import { capitalise, count, esc, iso, num, percent, windowingText } from './text';

/** Alerts beyond this many are counted, not listed (the newest are kept). */
export const MAX_LISTED_ALERTS = 50;

const TASKS: Record<Task, string> = {
  regression: 'regression',
  binary: 'binary classification',
  multiclass: 'multiclass classification',
};

/** A term and its detail (already HTML). */
const row = (term: string, detail: string) => `<dt>${esc(term)}</dt><dd>${detail}</dd>`;

const yesNo = (yes: boolean) => `<span class="${yes ? 'yes' : 'no'}">${yes ? 'Yes' : 'No'}</span>`;

/** A one-column verdict for a cell: "Yes (chi2 p = 1.2e-5)", or "—" without a comparison. */
export function verdict(drift: ColumnDrift | null): string {
  if (!drift) return '<span class="muted">—</span>';
  if (drift.statistic === null)
    return `<span class="muted">no test (${esc(drift.note ?? 'no values')})</span>`;
  const value = drift.pValue !== null ? `p = ${num(drift.pValue)}` : num(drift.statistic);
  return `${yesNo(drift.drifted)} <span class="muted">(${esc(drift.test)} ${value})</span>`;
}

/** What was monitored: title, project, version, when, and how many rows in which windows. */
export function headerHtml(report: MonitorReport, context: ReportContext): string {
  const windows = report.windows.length;
  return [
    `<header><h1>${esc(context.title)}</h1><dl class="meta">`,
    row('Project', esc(context.project)),
    row('Version', `v${esc(String(context.version))}`),
    row('Task', esc(TASKS[context.task] ?? String(context.task))),
    row('Created', esc(context.createdAt.toISOString())),
    row('Logged rows', count(report.loggedRows)),
    row('Reference rows', count(report.referenceRows)),
    row(
      'Windows',
      `${count(windows)} ${windows === 1 ? 'window' : 'windows'}: ${esc(windowingText(report.windowing))}`,
    ),
    row('Features', count(report.features.length)),
    '</dl></header>',
  ].join('\n');
}

/** The metric of a window against the test score, in words. */
function metricLine(latest: MonitorWindow, baseline: MonitorReport['baseline']): string {
  const scored = latest.performance;
  if (!scored) return '<span class="muted">no labelled rows in this window</span>';
  const { format, percent: inPercent } = metricFormat(scored.metric);
  let text = `${esc(format(scored.value))} on ${count(scored.rows)} labelled rows`;
  if (baseline.value !== null) {
    const diff = scored.value - baseline.value;
    const sign = diff < 0 ? '−' : '+';
    // A difference of percentages is in points, not percent.
    const points = inPercent
      ? `${sign}${Math.abs(diff * 100).toFixed(1)} points`
      : `${sign}${Math.abs(diff).toFixed(3)}`;
    text += `; test ${esc(format(baseline.value))} (${points})`;
  }
  return text;
}

/** The latest window in a few lines: drift, drifted features, the metric, prediction and target. */
export function latestHtml(report: MonitorReport): string {
  const latest = report.windows.at(-1);
  if (!latest)
    return '<h2>Latest window</h2>\n<p class="note">No logged rows yet: nothing to compare.</p>';
  const { drift } = latest;
  const drifted = drift.columns.filter((c) => c.drifted).map((c) => c.name);
  const names = drifted.length > 0 ? `: ${drifted.map(esc).join(', ')}` : '';
  const metric = latest.performance?.metric ?? report.baseline.metric;
  return [
    '<h2>Latest window</h2>',
    '<dl class="meta">',
    row(
      'Window',
      `${latest.index + 1} of ${report.windows.length}, ${esc(iso(latest.from))} to ${esc(iso(latest.to))}, ${count(latest.rows)} rows`,
    ),
    row('Dataset drift', yesNo(drift.drifted)),
    row(
      'Drifted features',
      `${drifted.length} of ${drift.columns.length} (${percent(drift.share)}; the dataset drifts at ${percent(drift.shareThreshold)})${names}`,
    ),
    row(capitalise(metricFormat(metric).label), metricLine(latest, report.baseline)),
    row('Prediction drift', verdict(latest.predictionDrift)),
    row('Target drift', verdict(latest.targetDrift)),
    '</dl>',
  ].join('\n');
}

/** The alerts as a table (the newest `MAX_LISTED_ALERTS`), or a line saying there are none. */
export function alertsHtml(alerts: readonly MonitorAlert[]): string {
  if (alerts.length === 0) return '<h2>Alerts</h2>\n<p>No alerts.</p>';
  const shown = alerts.slice(-MAX_LISTED_ALERTS);
  const note =
    shown.length < alerts.length
      ? `<p class="note">The latest ${count(shown.length)} of ${count(alerts.length)} alerts.</p>`
      : '';
  const rows = shown.map(
    (a) =>
      `<tr><td class="n">${esc(iso(a.time))}</td><td class="n">${a.window + 1}</td><td class="${a.severity === 'critical' ? 'critical' : 'warning'}">${esc(a.severity)}</td><td>${esc(a.kind)}</td><td class="name">${esc(a.message)}</td></tr>`,
  );
  return [
    '<h2>Alerts</h2>',
    note,
    '<table><thead><tr><th scope="col">Time</th><th scope="col">Window</th><th scope="col">Severity</th><th scope="col">Kind</th><th scope="col">Message</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}
