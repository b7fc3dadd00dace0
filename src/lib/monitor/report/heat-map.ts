/**
 * The drift heat map: one cell per feature (row) and window (column), coloured by how far the
 * column's statistic is past its threshold, so that tests with different scales (p-values,
 * distances) read on one scale where 1 is the threshold.
 */
import type { ColumnDrift } from '../../drift/types';
import type { MonitorReport } from '../types';
import { esc, num, truncate } from './text';

/** Ratios are clamped here: three times past the threshold is as red as it gets. */
export const MAX_SEVERITY = 3;

const LABEL_WIDTH = 170;
const TOP = 24;
const CELL_HEIGHT = 18;
const NOT_COMPARED = '#d9dde3';

/**
 * How far a column is past its threshold: 1 at the threshold, above 1 when drifted. p-value tests
 * compare -log10(p) with -log10(threshold) (smaller p is stronger evidence); distances compare
 * the statistic with the threshold. Null when no test ran.
 */
export function driftSeverity(column: ColumnDrift): number | null {
  if (column.statistic === null) return null;
  let ratio: number;
  if (column.pValue !== null) {
    const scale = -Math.log10(column.threshold);
    // p can underflow to 0 (identical to -log10 of the smallest double for our purposes).
    ratio = scale > 0 ? -Math.log10(Math.max(column.pValue, 1e-300)) / scale : NaN;
  } else {
    ratio = column.threshold > 0 ? column.statistic / column.threshold : NaN;
  }
  if (Number.isNaN(ratio)) return column.drifted ? MAX_SEVERITY : 0;
  return Math.min(MAX_SEVERITY, Math.max(0, ratio));
}

type Rgb = [number, number, number];
const hex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
const mix = (a: Rgb, b: Rgb, t: number): Rgb =>
  [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as Rgb;

// Two ramps with a jump at the threshold: pale to yellow below it, orange to dark red past it,
// so that a drifted cell never looks like one that is merely close.
const CALM: [Rgb, Rgb] = [
  [245, 247, 250],
  [247, 214, 122],
];
const HOT: [Rgb, Rgb] = [
  [240, 140, 60],
  [155, 28, 28],
];

/** The fill for a severity; drifted columns always take the hot ramp. */
export function severityColour(severity: number | null, drifted: boolean): string {
  if (severity === null) return NOT_COMPARED;
  if (drifted) return hex(mix(...HOT, (Math.max(1, severity) - 1) / (MAX_SEVERITY - 1)));
  return hex(mix(...CALM, Math.min(severity, 1)));
}

function cellTitle(feature: string, index: number, column: ColumnDrift | undefined): string {
  if (!column) return `${feature}, window ${index + 1}: not compared`;
  if (column.statistic === null) {
    return `${feature}, window ${index + 1}: no test (${column.note ?? 'no values'})`;
  }
  const value =
    column.pValue !== null
      ? `p = ${num(column.pValue)}, threshold ${num(column.threshold)}`
      : `${num(column.statistic)}, threshold ${num(column.threshold)}`;
  return `${feature}, window ${index + 1}: ${column.test} ${value}, ${column.drifted ? 'drifted' : 'not drifted'}`;
}

/** The heat map as inline SVG: exactly one rectangle per feature and time period. */
export function heatMapSvg(report: MonitorReport): string {
  const { features, windows } = report;
  const cell = Math.max(6, Math.min(48, Math.floor(760 / Math.max(1, windows.length))));
  const width = LABEL_WIDTH + windows.length * cell + 8;
  const height = TOP + features.length * CELL_HEIGHT + 4;
  // Numbers need about 30 px each: label the first window and every n-th (5, 10, ...) after it.
  const labelEvery = Math.ceil(30 / cell);
  const parts: string[] = [];
  for (const [w] of windows.entries()) {
    if (w !== 0 && (w + 1) % labelEvery !== 0) continue;
    const x = LABEL_WIDTH + w * cell + cell / 2;
    parts.push(`<text x="${x}" y="${TOP - 8}" text-anchor="middle">${w + 1}</text>`);
  }
  const byWindow = windows.map((w) => new Map(w.drift.columns.map((c) => [c.name, c])));
  for (const [f, feature] of features.entries()) {
    const y = TOP + f * CELL_HEIGHT;
    parts.push(
      `<text x="${LABEL_WIDTH - 6}" y="${y + 13}" text-anchor="end"><title>${esc(feature)}</title>${esc(truncate(feature, 26))}</text>`,
    );
    for (const [w, columns] of byWindow.entries()) {
      const column = columns.get(feature);
      const drifted = column?.drifted ?? false;
      const fill = severityColour(column ? driftSeverity(column) : null, drifted);
      const cls = drifted ? ' class="drifted"' : '';
      parts.push(
        `<rect x="${LABEL_WIDTH + w * cell + 0.5}" y="${y + 0.5}" width="${cell - 1}" height="${CELL_HEIGHT - 1}" fill="${fill}"${cls}><title>${esc(cellTitle(feature, w, column))}</title></rect>`,
      );
    }
  }
  const label = `Drift heat map: ${features.length} features (rows) by ${windows.length} windows (columns); darker red is further past the threshold, outlined cells drifted.`;
  return `<svg class="heat" role="img" aria-label="${esc(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/** The legend of the heat map's colours, as its own small SVG. */
export function heatLegendSvg(): string {
  const swatches: [string, string, boolean][] = [
    [severityColour(0, false), 'no difference', false],
    [severityColour(0.6, false), 'near threshold', false],
    [severityColour(1, true), 'drifted', true],
    [severityColour(MAX_SEVERITY, true), `${MAX_SEVERITY}× past threshold`, true],
    [severityColour(null, false), 'not compared', false],
  ];
  const items = swatches.map(([fill, text, drifted], i) => {
    const x = i * 150;
    const cls = drifted ? ' class="drifted"' : '';
    return `<rect x="${x + 0.5}" y="2.5" width="14" height="14" fill="${fill}"${cls}></rect><text x="${x + 20}" y="14">${esc(text)}</text>`;
  });
  return `<svg class="legend" role="img" aria-label="Legend: pale means no difference, yellow near the threshold, orange to dark red drifted (outlined), grey not compared." viewBox="0 0 750 20" width="750" height="20">${items.join('')}</svg>`;
}
