/**
 * `monitorReportHtml(report, context)`: a monitoring report as one self-contained HTML file to
 * share, as Evidently's reports are shared. Inline styles and SVG only, no script and no URL,
 * a Content-Security-Policy that forbids both, and every string from the data escaped: the
 * column names and categories come from whoever wrote the CSV.
 */
import type { Task } from '../../train/types';
import type { MonitorAlert } from '../alerts';
import type { MonitorReport } from '../types';
import { distributionSvg } from './distribution-chart';
import { heatLegendSvg, heatMapSvg } from './heat-map';
import { hasPerformance, metricChartSvg, metricFormat } from './metric-chart';
import { reportPage } from './page';
import { alertsHtml, headerHtml, latestHtml } from './summary';
import { featuresTableHtml, windowsTableHtml } from './tables';
import { capitalise, count, esc } from './text';

/** Features beyond this many get a table row but no chart, to keep the file small. */
export const MAX_CHARTED_FEATURES = 100;

/** What the report says about where it comes from, and the alerts raised on it. */
export interface ReportContext {
  title: string;
  project: string;
  version: number;
  task: Task;
  /** When the report was made; passed in so that the same input gives the same file. */
  createdAt: Date;
  alerts: MonitorAlert[];
}

function featureSections(report: MonitorReport): string {
  const latest = report.windows.at(-1);
  if (!latest) return '';
  const columns = latest.drift.columns;
  const charted = columns.slice(0, MAX_CHARTED_FEATURES);
  // Anchors by position, never by name: a name can hold anything.
  const anchors = new Map(charted.map((c, i) => [c.name, `feature-${i + 1}`]));
  const distributions = new Map(latest.distributions.map((d) => [d.name, d]));
  const sections = charted.map((column, i) => {
    const distribution = distributions.get(column.name);
    const chart = distribution ? distributionSvg(distribution) : null;
    const verdict =
      column.statistic === null ? 'no test' : column.drifted ? 'drifted' : 'not drifted';
    return [
      `<section class="feature" id="feature-${i + 1}">`,
      `<h3>${esc(column.name)} <span class="muted">(${esc(column.test)}, ${verdict})</span></h3>`,
      chart ?? '<p class="note">No values to chart.</p>',
      '</section>',
    ].join('\n');
  });
  const skipped = columns.length - charted.length;
  return [
    `<h2>Features in the latest window</h2>`,
    featuresTableHtml(columns, anchors),
    '<h2>Distributions in the latest window</h2>',
    '<p class="muted">Share of rows per range or category: reference (blue) and latest window (orange).</p>',
    ...sections,
    skipped > 0
      ? `<p class="note">Charts are shown for the first ${MAX_CHARTED_FEATURES} features; ${count(skipped)} more are in the table above only.</p>`
      : '',
  ].join('\n');
}

/** The report as one HTML5 document (a string); the same input gives the same string. */
export function monitorReportHtml(report: MonitorReport, context: ReportContext): string {
  const parts = [
    headerHtml(report, context),
    '<main>',
    latestHtml(report),
    alertsHtml(context.alerts),
  ];
  if (report.windows.length > 0) {
    parts.push(
      '<h2>Drift per feature and window</h2>',
      '<p class="muted">Each cell: how far the feature’s test is past its threshold in that window (1 is the threshold). Hover a cell for its test and value.</p>',
      heatMapSvg(report),
      heatLegendSvg(),
    );
    if (hasPerformance(report)) {
      const metric = report.windows.find((w) => w.performance)?.performance?.metric ?? '';
      parts.push(
        `<h2>${esc(capitalise(metricFormat(metric).label))} over time</h2>`,
        metricChartSvg(report),
      );
    }
    parts.push('<h2>Prediction and target drift per window</h2>', windowsTableHtml(report));
    parts.push(featureSections(report));
  }
  parts.push('</main>');
  return reportPage(context.title, parts.join('\n'));
}
