import type { ColumnKind, ColumnProfile } from '../../lib/page';

const integer = new Intl.NumberFormat('en-US');

/** Formats a count with thousands separators. */
export function count(value: number): string {
  return integer.format(value);
}

/** A compact number for tables: 4 significant digits, no exponent for everyday magnitudes. */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e9 || magnitude < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** Formats a value of a column in its own terms (dates as dates). */
export function valueOf(kind: ColumnKind, value: number): string {
  if (kind === 'datetime') {
    const iso = new Date(value).toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  return compact(value);
}

export function percent(share: number): string {
  if (share === 0) return '—';
  if (share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

/** One line describing a column's values. */
export function describe(column: ColumnProfile): string {
  if (column.personal) return `${column.personal.example}, … (hidden: personal data)`;
  if (column.stats) {
    const { min, max, mean, std } = column.stats;
    if (column.kind === 'datetime')
      return `${valueOf('datetime', min)} … ${valueOf('datetime', max)}`;
    if (column.kind === 'boolean') return `${percent(mean) === '—' ? '0%' : percent(mean)} true`;
    return `${compact(min)} … ${compact(max)} · mean ${compact(mean)} ± ${compact(std)}`;
  }
  if (column.top) {
    const shown = column.top.values.slice(0, 3).map((v) => v.value || '(empty)');
    return shown.join(', ') + (column.distinct > 3 ? ', …' : '');
  }
  return '';
}

export const KIND_LABELS: Record<ColumnKind, string> = {
  numeric: 'numeric',
  boolean: 'boolean',
  datetime: 'date/time',
  categorical: 'categorical',
  text: 'text',
  identifier: 'ID-like',
  constant: 'constant',
};
