/**
 * The report's tables: prediction and target drift (and the metric) per window, and every
 * feature's test, statistic and flags in the latest time period.
 */
import type { ColumnDrift, DriftFlags } from '../../drift/types';
import type { MonitorReport } from '../types';
import { metricFormat } from './metric-chart';
import { verdict } from './summary';
import { capitalise, count, esc, iso, num, percent } from './text';

const head = (names: string[]) =>
  `<thead><tr>${names.map((n) => `<th scope="col">${esc(n)}</th>`).join('')}</tr></thead>`;

/** One row per window: size, input drift, prediction drift, target drift and the metric. */
export function windowsTableHtml(report: MonitorReport): string {
  const metric = report.windows.find((w) => w.performance)?.performance?.metric;
  const shown = metric ? metricFormat(metric) : null;
  const rows = report.windows.map((w) => {
    const drifted = w.drift.columns.filter((c) => c.drifted).length;
    const cells = [
      `<th scope="row">${w.index + 1}</th>`,
      `<td class="n">${esc(iso(w.from))}</td>`,
      `<td class="n">${count(w.rows)}</td>`,
      `<td class="n">${drifted} of ${w.drift.columns.length}${w.drift.drifted ? ' <span class="yes">(dataset)</span>' : ''}</td>`,
      `<td>${verdict(w.predictionDrift)}</td>`,
      `<td>${verdict(w.targetDrift)}</td>`,
    ];
    if (shown) {
      const p = w.performance;
      cells.push(
        `<td class="n">${p ? `${esc(shown.format(p.value))} <span class="muted">(${count(p.rows)})</span>` : '<span class="muted">—</span>'}</td>`,
      );
    }
    return `<tr>${cells.join('')}</tr>`;
  });
  const names = ['Window', 'From', 'Rows', 'Drifted features', 'Prediction drift', 'Target drift'];
  if (shown) names.push(`${capitalise(shown.label)} (labelled rows)`);
  return `<table>${head(names)}<tbody>${rows.join('\n')}</tbody></table>`;
}

/** The flags of a column as a short list, or a dash when nothing is flagged. */
export function flagsHtml(flags: DriftFlags): string {
  const items: string[] = [];
  const { unseenCategories: unseen, missingRate: missing, outOfRange: range } = flags;
  if (unseen && unseen.rows > 0) {
    const examples = unseen.values.map((v) => `“${esc(v)}”`).join(', ');
    items.push(
      `${count(unseen.rows)} rows with unseen categories${examples ? `: ${examples}` : ''}`,
    );
  }
  if (missing.reference > 0 || missing.current > 0) {
    const text = `missing ${percent(missing.reference)} → ${percent(missing.current)}`;
    items.push(missing.jumped ? `<span class="warning">${text} (jump)</span>` : text);
  }
  if (range && range.share > 0) {
    items.push(
      `${percent(range.share)} out of the reference's range (${count(range.below)} below, ${count(range.above)} above)`,
    );
  }
  if (items.length === 0) return '<span class="muted">—</span>';
  return `<ul class="flags">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

function featureRow(column: ColumnDrift, anchor: string | null): string {
  const name = anchor ? `<a href="#${anchor}">${esc(column.name)}</a>` : esc(column.name);
  const dash = '<span class="muted">—</span>';
  const psi = column.psi
    ? `${num(column.psi.value)} <span class="muted">(${esc(column.psi.band)})</span>`
    : dash;
  return [
    `<tr><th scope="row" class="name">${name}</th>`,
    `<td>${esc(column.test)}</td>`,
    `<td class="n">${column.statistic === null ? dash : num(column.statistic)}</td>`,
    `<td class="n">${column.pValue === null ? dash : num(column.pValue)}</td>`,
    `<td class="n">${num(column.threshold)}</td>`,
    `<td>${column.statistic === null ? esc(column.note ?? 'no test') : column.drifted ? '<span class="yes">Yes</span>' : '<span class="no">No</span>'}</td>`,
    `<td class="n">${psi}</td>`,
    `<td>${flagsHtml(column.flags)}</td></tr>`,
  ].join('');
}

/** Every compared feature of a window; `anchors` names the chart section of those charted. */
export function featuresTableHtml(
  columns: readonly ColumnDrift[],
  anchors: ReadonlyMap<string, string>,
): string {
  const names = [
    'Feature',
    'Test',
    'Statistic',
    'p-value',
    'Threshold',
    'Drifted',
    'PSI (band)',
    'Flags',
  ];
  const rows = columns.map((c) => featureRow(c, anchors.get(c.name) ?? null));
  return `<table>${head(names)}<tbody>${rows.join('\n')}</tbody></table>`;
}
