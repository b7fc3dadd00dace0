import type { Column, ColumnKind, Table, TableIssue, TableSource } from './table';
import { detectPersonalData, type PersonalDataFinding } from '../privacy/detect';

const HISTOGRAM_BINS = 20;
const TOP_K = 8;

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  storage: Column['storage'];
  missing: number;
  /** Share of rows missing, 0..1. */
  missingShare: number;
  distinct: number;
  /** Number and datetime columns (datetimes in ms since 1970, UTC). */
  stats?: { min: number; max: number; mean: number; std: number };
  /** Number columns: `counts[i]` values fall in [edges[i], edges[i + 1]). */
  histogram?: { edges: number[]; counts: number[] };
  /** Dictionary columns: the most frequent values, then how many rows hold any other. */
  top?: { values: { value: string; count: number }[]; other: number };
  /** Warnings about this column (from the table's issues). */
  issues: TableIssue[];
  /** The personal data it seems to hold, with the evidence; null when none was found. */
  personal: PersonalDataFinding | null;
}

export interface TableProfile {
  rowCount: number;
  columns: ColumnProfile[];
  issues: TableIssue[];
  source: TableSource | null;
}

/** Everything the profile view shows, computed once in the worker (small enough to post). */
export function profileTable(table: Table): TableProfile {
  const personal = new Map(detectPersonalData(table).map((finding) => [finding.column, finding]));
  return {
    rowCount: table.rowCount,
    issues: table.issues,
    source: table.source ?? null,
    columns: table.columns.map((column) => {
      const base = {
        name: column.name,
        kind: column.kind,
        storage: column.storage,
        missing: column.missing,
        missingShare: table.rowCount > 0 ? column.missing / table.rowCount : 0,
        issues: table.issues.filter((issue) => issue.column === column.name),
        personal: personal.get(column.name) ?? null,
      };
      if (column.storage === 'number') return { ...base, ...numberProfile(column.values) };
      const profile = { ...base, ...dictionaryProfile(column.codes, column.categories) };
      // Personal data is shown by its hidden example only: its values never reach the page.
      if (base.personal) delete profile.top;
      return profile;
    }),
  };
}

function numberProfile(
  values: Float64Array,
): Pick<ColumnProfile, 'distinct' | 'stats' | 'histogram'> {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const present = values.filter((value) => !Number.isNaN(value)).sort();
  let distinct = 0;
  for (let i = 0; i < present.length; i++) if (i === 0 || present[i] !== present[i - 1]) distinct++;
  if (count === 0) return { distinct };
  const mean = sum / count;
  let squares = 0;
  for (const value of values) if (Number.isFinite(value)) squares += (value - mean) ** 2;
  const std = Math.sqrt(squares / count);
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(bins - 1, Math.floor((value - min) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  return { distinct, stats: { min, max, mean, std }, histogram: { edges, counts } };
}

function dictionaryProfile(
  codes: Int32Array,
  categories: string[],
): Pick<ColumnProfile, 'distinct' | 'top'> {
  const counts = new Float64Array(categories.length);
  let present = 0;
  for (const code of codes) {
    if (code < 0) continue;
    counts[code] = (counts[code] ?? 0) + 1;
    present++;
  }
  const order = Array.from(counts.keys())
    .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b)
    .slice(0, TOP_K);
  const values = order.map((code) => ({ value: categories[code] ?? '', count: counts[code] ?? 0 }));
  const shown = values.reduce((total, v) => total + v.count, 0);
  return { distinct: categories.length, top: { values, other: present - shown } };
}
