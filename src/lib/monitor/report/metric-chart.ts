/**
 * The model's metric per window as a line chart, with the test score as a dashed baseline.
 * Windows without labels leave a gap in the line rather than a made-up value.
 */
import { formatMetric, getMetric } from '../../train/metric-registry';
import type { MonitorReport } from '../types';
import { count, esc } from './text';

const WIDTH = 760;
const HEIGHT = 240;
const LEFT = 56;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 32;

/** The metric's label and how its values are written, from the registry when it knows it. */
export function metricFormat(name: string): {
  label: string;
  percent: boolean;
  format: (v: number) => string;
} {
  const metric = getMetric(name);
  return {
    label: metric?.label ?? name,
    percent: metric?.format === 'percent',
    format: (value) => (metric ? formatMetric(metric, value) : value.toFixed(3)),
  };
}

/** True when any window has a metric (labelled rows), i.e. when the chart has something to show. */
export const hasPerformance = (report: MonitorReport): boolean =>
  report.windows.some((w) => w.performance !== null);

/** The metric over windows as inline SVG. */
export function metricChartSvg(report: MonitorReport): string {
  const { windows, baseline } = report;
  const metricName = windows.find((w) => w.performance)?.performance?.metric ?? baseline.metric;
  const { label, format, percent } = metricFormat(metricName);
  const values = windows.map((w) => w.performance?.value ?? null);
  const known = values.filter((v): v is number => v !== null);
  if (baseline.value !== null) known.push(baseline.value);
  if (known.length === 0) return '';
  const pad = Math.max((Math.max(...known) - Math.min(...known)) * 0.1, 0.01);
  let low = Math.min(...known) - pad;
  let high = Math.max(...known) + pad;
  // A share (accuracy) cannot leave 0 to 100%; the axis should not suggest it.
  if (percent) {
    low = Math.max(0, low);
    high = Math.min(1, high);
  }
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (i: number) =>
    LEFT + (windows.length > 1 ? (i / (windows.length - 1)) * plotWidth : plotWidth / 2);
  const y = (v: number) => TOP + (1 - (v - low) / (high - low)) * plotHeight;
  const r = (v: number) => Math.round(v * 10) / 10;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const value = low + ((high - low) * t) / 4;
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${r(y(value))}" y2="${r(y(value))}"></line>`,
      `<text x="${LEFT - 6}" y="${r(y(value)) + 4}" text-anchor="end">${esc(format(value))}</text>`,
    );
  }
  const labelEvery = Math.ceil(windows.length / 20);
  for (const [i] of windows.entries()) {
    if (i % labelEvery !== 0 && i !== windows.length - 1) continue;
    parts.push(`<text x="${r(x(i))}" y="${HEIGHT - 14}" text-anchor="middle">${i + 1}</text>`);
  }
  parts.push(
    `<text x="${LEFT + plotWidth / 2}" y="${HEIGHT - 2}" text-anchor="middle">window</text>`,
  );
  if (baseline.value !== null) {
    const yb = r(y(baseline.value));
    parts.push(
      `<line class="base" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${yb}" y2="${yb}"><title>test: ${esc(format(baseline.value))}</title></line>`,
      `<text x="${WIDTH - RIGHT}" y="${yb - 4}" text-anchor="end">test ${esc(format(baseline.value))}</text>`,
    );
  }
  // One path of segments; a window without labels starts a new segment after it.
  let d = '';
  let pen = 'M';
  for (const [i, value] of values.entries()) {
    if (value === null) {
      pen = 'M';
      continue;
    }
    d += `${pen}${r(x(i))} ${r(y(value))}`;
    pen = 'L';
  }
  parts.push(`<path class="line" d="${d}"></path>`);
  for (const [i, value] of values.entries()) {
    if (value === null) continue;
    const rows = windows[i]?.performance?.rows ?? 0;
    parts.push(
      `<circle cx="${r(x(i))}" cy="${r(y(value))}" r="3" fill="#2563eb"><title>window ${i + 1}: ${esc(label)} ${esc(format(value))} on ${count(rows)} labelled rows</title></circle>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + plotHeight}"></line>`,
  );
  const aria = `${label} per window (${known.length - (baseline.value !== null ? 1 : 0)} windows with labels)${baseline.value !== null ? `, test score ${format(baseline.value)} as a dashed line` : ''}.`;
  return `<svg class="metric" role="img" aria-label="${esc(aria)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`;
}
