/**
 * A feature's reference and current distributions overlaid as grouped bars on the same bins,
 * in two colours with a legend; long bin labels are cut (in full in each bin's tooltip) and
 * turned when there are many, so that twenty numeric ranges still fit under the chart.
 */
import type { FeatureDistribution } from '../distributions';
import { esc, percent, truncate } from './text';

const WIDTH = 760;
const LEFT = 48;
const RIGHT = 12;
const TOP = 24;
const PLOT_HEIGHT = 150;

const r = (v: number) => Math.round(v * 10) / 10;

/** A round top for the share axis: the next 10% (or 1% below 10%) above the largest share. */
function axisTop(max: number): number {
  if (max <= 0) return 0.1;
  return max < 0.1 ? Math.ceil(max * 100) / 100 : Math.min(1, Math.ceil(max * 10) / 10);
}

/** The two distributions as inline SVG, or null when neither side has values to draw. */
export function distributionSvg(distribution: FeatureDistribution): string | null {
  const { bins, reference, current } = distribution;
  if (bins.length === 0) return null;
  const turned = bins.length > 6 || bins.some((b) => b.length > 12);
  const labelHeight = turned ? 78 : 20;
  const height = TOP + PLOT_HEIGHT + labelHeight;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const group = plotWidth / bins.length;
  const bar = Math.min(28, group * 0.4);
  const top = axisTop(Math.max(...reference, ...current));
  const y = (share: number) => TOP + (1 - Math.min(share, top) / top) * PLOT_HEIGHT;
  const parts: string[] = [];
  for (const share of [0, top / 2, top]) {
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${r(y(share))}" y2="${r(y(share))}"></line>`,
      `<text x="${LEFT - 6}" y="${r(y(share)) + 4}" text-anchor="end">${percent(share)}</text>`,
    );
  }
  for (const [i, bin] of bins.entries()) {
    const ref = reference[i] ?? 0;
    const cur = current[i] ?? 0;
    const centre = LEFT + group * (i + 0.5);
    const base = TOP + PLOT_HEIGHT;
    const label = esc(truncate(bin, turned ? 18 : 14));
    const labelText = turned
      ? `<text x="${r(centre)}" y="${base + 12}" text-anchor="end" transform="rotate(-40 ${r(centre)} ${base + 12})">${label}</text>`
      : `<text x="${r(centre)}" y="${base + 14}" text-anchor="middle">${label}</text>`;
    parts.push(
      `<g><title>${esc(bin)}: reference ${percent(ref)}, current ${percent(cur)}</title>`,
      `<rect class="ref" x="${r(centre - bar)}" y="${r(y(ref))}" width="${r(bar)}" height="${r(base - y(ref))}"></rect>`,
      `<rect class="cur" x="${r(centre)}" y="${r(y(cur))}" width="${r(bar)}" height="${r(base - y(cur))}"></rect>`,
      `${labelText}</g>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + PLOT_HEIGHT}" y2="${TOP + PLOT_HEIGHT}"></line>`,
    `<rect class="ref" x="${WIDTH - 190}" y="4" width="12" height="12"></rect><text x="${WIDTH - 174}" y="14">reference</text>`,
    `<rect class="cur" x="${WIDTH - 100}" y="4" width="12" height="12"></rect><text x="${WIDTH - 84}" y="14">current</text>`,
  );
  const aria = `Distribution of ${distribution.name} over ${bins.length} ${distribution.kind === 'numeric' ? 'ranges' : 'categories'}: reference and current shares side by side.`;
  return `<svg class="dist" role="img" aria-label="${esc(aria)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${parts.join('')}</svg>`;
}
