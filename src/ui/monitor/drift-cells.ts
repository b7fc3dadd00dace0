/**
 * How far a column is past its drift threshold, as one number for colour: 1 at the threshold,
 * above 1 beyond it. p-value tests compare -log10(p) with -log10(threshold); distances compare
 * the statistic with the threshold. Shared by the heat map and its legend.
 */
import type { ColumnDrift } from '../../lib/drift/types';

export function driftScore(
  column: Pick<ColumnDrift, 'statistic' | 'pValue' | 'threshold'>,
): number | null {
  if (column.statistic === null) return null;
  if (column.pValue !== null) {
    const p = Math.max(column.pValue, 1e-300);
    return Math.log10(p) / Math.log10(column.threshold);
  }
  return column.statistic / column.threshold;
}

/** A background that follows the theme: the card's colour mixed with the danger colour. */
export function driftBackground(score: number | null, drifted: boolean): string {
  if (score === null) return 'transparent';
  const share = drifted ? 45 + Math.min(1, (score - 1) / 3) * 50 : Math.min(1, score) * 30;
  return `color-mix(in srgb, var(--danger) ${share.toFixed(0)}%, var(--card))`;
}

export function statisticText(column: Pick<ColumnDrift, 'test' | 'statistic' | 'pValue'>): string {
  if (column.statistic === null) return 'no values';
  const p =
    column.pValue === null
      ? ''
      : `, p = ${column.pValue < 1e-4 ? column.pValue.toExponential(1) : column.pValue.toFixed(4)}`;
  return `${column.test} ${column.statistic.toFixed(3)}${p}`;
}
