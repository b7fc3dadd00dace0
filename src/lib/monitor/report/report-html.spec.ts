import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../data/read-csv';
import type { Table } from '../../data/table';
import { freshRegistries } from '../../registry/test-registries';
import { predictWithoutTfjs } from '../../train/forward-pass';
import { trainModel } from '../../train/train-model';
import type { TrainedModel } from '../../train/types';
import { DEFAULT_ALERT_RULES, evaluateAlerts } from '../alerts';
import { monitorDrift } from '../monitor';
import type { MonitorReport } from '../types';
import { driftSeverity, MAX_SEVERITY } from './heat-map';
import { nestingProblems, tagsOf } from './html-check';
import { monitorReportHtml, type ReportContext } from './report-html';
import { syntheticReport } from './synthetic-report';
import { windowingText } from './text';

const freshRegistry = freshRegistries('report-html-test');
const csv = readFileSync(new URL('../../../../public/samples/iris.csv', import.meta.url), 'utf8');
const [header = '', ...lines] = csv.trim().split(/\r?\n/);

/** iris with petal length moved by `shift` cm, and the labels kept or all set to one class (as monitor.spec.ts). */
function iris(shift: number, label?: string): Promise<Table> {
  const rows = lines.map((line) => {
    const cells = line.split(',');
    cells[2] = String(Number(cells[2]) + shift);
    if (label) cells[4] = label;
    return cells.join(',');
  });
  return readCsv([header, ...rows].join('\n'));
}

/** What the report may contain: these elements and attributes, nothing from the data. */
const ELEMENTS = new Set(
  'html head meta title style body header main section h1 h2 h3 p a span dl dt dd ul li table thead tbody tr th td svg g rect line path circle text'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(
  'lang charset http-equiv content name class id href scope role aria-label viewBox width height x y x1 x2 y1 y2 cx cy r d fill text-anchor transform'.split(
    ' ',
  ),
);

const heatMap = (html: string) => /<svg class="heat"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
const countOf = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

/** The checks every rendered report must pass, whatever its data. */
function expectSafeDocument(html: string) {
  expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  expect(countOf(html, /<html/g)).toBe(1);
  expect(html.trimEnd().endsWith('</html>')).toBe(true);
  expect(html).toContain('<meta charset="utf-8">');
  expect(html).toContain(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
  );
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/https?:\/\//i);
  // No event handler on any tag (attribute values blanked: text in them is escaped anyway).
  expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+=/i);
  expect(countOf(html, /<style/gi)).toBe(1);
  expect(countOf(html, /<\/style/gi)).toBe(1);
  expect(nestingProblems(html)).toEqual([]);
  for (const tag of tagsOf(html)) {
    expect(ELEMENTS, `element <${tag.name}>`).toContain(tag.name);
    for (const attribute of tag.attributes)
      expect(ATTRIBUTES, `attribute ${attribute}`).toContain(attribute);
  }
  for (const svg of html.match(/<svg[^>]*>/g) ?? [])
    expect(svg).toMatch(/role="img" aria-label="[^"]+"/);
}

const context = (report: MonitorReport, overrides: Partial<ReportContext> = {}): ReportContext => ({
  title: 'Monitoring report',
  project: 'iris',
  version: 3,
  task: 'multiclass',
  createdAt: new Date(Date.UTC(2025, 5, 1, 12)),
  alerts: evaluateAlerts(report, 'multiclass', { ...DEFAULT_ALERT_RULES, columnDrift: true }),
  ...overrides,
});

describe('the monitoring report as one HTML file', () => {
  let model: TrainedModel;
  let report: MonitorReport;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const training = await readCsv(csv);
    model = await trainModel(training, { target: 'species', seed: 7, epochs: 40 });
    const registry = await freshRegistry();
    const version = await registry.saveVersion(model, { reference: training });
    // Same data, relabelled to one class, then moved: the latest window has drifted inputs.
    // Logged a few seconds ago, as the log's retention drops old rows.
    const now = Date.now();
    const currents = [await iris(0), await iris(0, 'setosa'), await iris(2.5)];
    for (const [i, table] of currents.entries()) {
      await registry.logPredictions({
        versionId: version.id,
        table,
        predictions: await predictWithoutTfjs(model, table),
        latencyMs: 1,
        time: now - 10_000 + i * 1000,
      });
    }
    const [reference, log] = await Promise.all([
      registry.loadReference(version.id),
      registry.readPredictionLog({ versionId: version.id }),
    ]);
    report = await monitorDrift(reference, log, {
      window: { rows: 150 },
      target: 'species',
      task: model.task,
      features: model.spec.features,
      baseline: { metric: 'accuracy', value: model.metrics.test.accuracy ?? null },
    });
  }, 60_000);

  it('renders a real report: safe, complete, and the same twice', () => {
    const html = monitorReportHtml(report, context(report));
    expectSafeDocument(html);
    expect(html).toBe(monitorReportHtml(report, context(report)));
    expect(html).toContain('windows of 150 rows');
    expect(html).toContain('2025-06-01T12:00:00.000Z');
    // The latest window is the moved one: petal length is listed among the drifted features.
    expect(html).toMatch(
      /<dt>Drifted features<\/dt><dd>1 of 4 \(25%[^<]*\): petal_length_\(cm\)<\/dd>/,
    );
    expect(html).toMatch(/<dt>Dataset drift<\/dt><dd><span class="no">No<\/span>/);
    const heat = heatMap(html);
    expect(countOf(heat, /<rect /g)).toBe(report.features.length * report.windows.length);
    expect(countOf(heat, /class="drifted"/g)).toBe(
      report.windows.reduce((n, w) => n + w.drift.columns.filter((c) => c.drifted).length, 0),
    );
    expect(html).toContain('<svg class="metric"');
    expect(html).toContain('class="base"');
    expect(countOf(html, /<section class="feature"/g)).toBe(4);
    expect(countOf(html, /<svg class="dist"/g)).toBe(4);
    expect(html).toMatch(
      /<th scope="row">2<\/th>(?:(?!<\/tr>).)*<td><span class="yes">Yes<\/span> <span class="muted">\(chi2/,
    );
    mkdirSync(new URL('../../../../test-results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../../../test-results/monitor-report.html', import.meta.url), html);
  });

  it('escapes hostile column names, categories, titles and messages everywhere', () => {
    const names = [
      '<img src=x onerror=alert(1)>',
      '</style><script>alert(1)</script>',
      `"' onmouseover="alert(1)`,
      'a&b <i>',
    ];
    const categories = ['<b>bold</b>', '"><svg onload=alert(1)>', `it's`];
    const hostile = syntheticReport({ names, windows: 3, categories, labelled: true });
    const html = monitorReportHtml(
      hostile,
      context(hostile, { title: '<script>x</script>', project: '"><img src=y>' }),
    );
    expectSafeDocument(html);
    for (const raw of [...names, ...categories]) expect(html).not.toContain(raw);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&#39; onmouseover=&quot;alert(1)');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('<title>&lt;script&gt;x&lt;/script&gt;</title>');
    expect(countOf(heatMap(html), /<rect /g)).toBe(names.length * 3);
  });

  it('stays under 2 MB for 50 features × 100 windows, and charts at most 100 features', () => {
    const names = Array.from({ length: 50 }, (_, i) => `feature_${i}`);
    const big = syntheticReport({ names, windows: 100, labelled: true });
    const html = monitorReportHtml(big, context(big));
    expectSafeDocument(html);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    expect(countOf(heatMap(html), /<rect /g)).toBe(5000);
    expect(html).toContain('windows of 1 day');

    const wide = syntheticReport({
      names: Array.from({ length: 120 }, (_, i) => `f${i}`),
      windows: 2,
    });
    const wideHtml = monitorReportHtml(wide, context(wide));
    expect(countOf(wideHtml, /<section class="feature"/g)).toBe(100);
    expect(wideHtml).toContain('20 more are in the table above only');
    expect(countOf(wideHtml, /<tr><th scope="row" class="name">/g)).toBe(120);
  });

  it('draws the metric only with labels, and says so when nothing was logged', () => {
    const unlabelled = syntheticReport({ names: ['x', 'y'], windows: 4 });
    const html = monitorReportHtml(unlabelled, context(unlabelled));
    expectSafeDocument(html);
    expect(html).not.toContain('<svg class="metric"');
    expect(html).toContain('no labelled rows in this window');

    const empty: MonitorReport = { ...unlabelled, windows: [], loggedRows: 0 };
    const emptyHtml = monitorReportHtml(empty, context(empty, { alerts: [] }));
    expectSafeDocument(emptyHtml);
    expect(emptyHtml).toContain('No logged rows yet');
    expect(emptyHtml).toContain('<p>No alerts.</p>');
    expect(emptyHtml).not.toContain('<svg');
  });

  it('puts thresholds at 1 on one scale, and writes windows in words', () => {
    const base = report.windows[0]!.drift.columns[0]!;
    expect(driftSeverity({ ...base, pValue: 0.05, threshold: 0.05 })).toBeCloseTo(1, 12);
    expect(driftSeverity({ ...base, pValue: 0, threshold: 0.05 })).toBe(MAX_SEVERITY);
    expect(driftSeverity({ ...base, pValue: null, statistic: 0.05, threshold: 0.1 })).toBeCloseTo(
      0.5,
      12,
    );
    expect(driftSeverity({ ...base, statistic: null })).toBeNull();
    expect(windowingText({ rows: 1000 })).toBe('windows of 1,000 rows');
    expect(windowingText({ ms: 86_400_000 })).toBe('windows of 1 day');
    expect(windowingText({ ms: 7_200_000 })).toBe('windows of 2 hours');
    expect(windowingText({ ms: 500 })).toBe('windows of 500 ms');
    // Windows of whole batches are newer than this test; typed loosely to compile either way.
    const batches = { batchRows: 2500 } as unknown as MonitorReport['windowing'];
    expect(windowingText(batches)).toBe(
      'windows of whole logged batches, at least 2,500 rows each',
    );
  });
});
