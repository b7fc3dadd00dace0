import type { ColumnKind } from '../table';
import { isIsoDate, parseIsoDate } from './dates';
import { DOT_DECIMAL_GROUPED, parseNumber, type NumberFormat } from './numbers';

export { parseIsoDate };

/** How a column is read, decided from a sample of its first rows. */
export type ColumnPlan =
  | { storage: 'number'; kind: 'numeric'; format: NumberFormat; thousands: boolean }
  | { storage: 'number'; kind: 'boolean' }
  | { storage: 'number'; kind: 'datetime' }
  | { storage: 'dictionary' };

/** Lower-cased spellings of true and false, in pairs a column must stick to. */
const BOOLEAN_PAIRS: [string, string][] = [
  ['true', 'false'],
  ['yes', 'no'],
  ['t', 'f'],
  ['y', 'n'],
  // Last: a 0/1 column is inferred as numbers, but a user may read it as booleans.
  ['1', '0'],
];

const LONGEST_BOOLEAN = Math.max(...BOOLEAN_PAIRS.flat().map((spelling) => spelling.length));

const BOOLEAN_VALUES = new Map(
  BOOLEAN_PAIRS.flatMap(([yes, no]) => [[yes, 1] as const, [no, 0] as const]),
);

/** Decides how to read a column from its non-missing sample values. */
export function inferPlan(values: string[], decimal: NumberFormat): ColumnPlan {
  if (values.length === 0) return { storage: 'dictionary' };
  if (values.every((v) => parseNumber(v, 0, v.length, decimal) !== undefined)) {
    return { storage: 'number', kind: 'numeric', format: decimal, thousands: false };
  }
  if (decimal.decimal === 0x2e) {
    const grouped = DOT_DECIMAL_GROUPED;
    if (values.every((v) => parseNumber(v, 0, v.length, grouped) !== undefined)) {
      return { storage: 'number', kind: 'numeric', format: grouped, thousands: true };
    }
  }
  // Only short values can be true/false spellings: a 60 MB cell is not lower-cased (copied).
  if (values.every((v) => v.length <= LONGEST_BOOLEAN)) {
    const lower = new Set(values.map((v) => v.toLowerCase()));
    if (BOOLEAN_PAIRS.some(([yes, no]) => [...lower].every((v) => v === yes || v === no))) {
      return { storage: 'number', kind: 'boolean' };
    }
  }
  if (values.every(isIsoDate)) {
    return { storage: 'number', kind: 'datetime' };
  }
  return { storage: 'dictionary' };
}

/** The plan a user's choice of kind implies. */
export function planForKind(kind: ColumnKind, decimal: NumberFormat): ColumnPlan {
  if (kind === 'numeric')
    return { storage: 'number', kind: 'numeric', format: decimal, thousands: false };
  if (kind === 'boolean') return { storage: 'number', kind: 'boolean' };
  if (kind === 'datetime') return { storage: 'number', kind: 'datetime' };
  return { storage: 'dictionary' };
}

/** 1 for a true spelling, 0 for a false one, undefined otherwise. */
export function parseBoolean(text: string): number | undefined {
  const v = text.trim().toLowerCase();
  for (const [yes, no] of BOOLEAN_PAIRS) {
    if (v === yes) return 1;
    if (v === no) return 0;
  }
  return undefined;
}

/** parseBoolean of text[start, end): plain lower-case spellings skip the trim and lower-casing. */
export function parseBooleanIn(text: string, start: number, end: number): number | undefined {
  // The commonest spellings, read without making a string.
  const length = end - start;
  if (length === 4 && text.startsWith('true', start)) return 1;
  if (length === 5 && text.startsWith('false', start)) return 0;
  const cell = text.slice(start, end);
  return BOOLEAN_VALUES.get(cell) ?? parseBoolean(cell);
}

/**
 * The final kind of a dictionary column from its full counts: one value is constant, a distinct
 * value on (almost) every row is an identifier, long varied strings are free text.
 */
export function dictionaryKind(stats: {
  distinct: number;
  present: number;
  meanLength: number;
}): ColumnKind {
  const { distinct, present, meanLength } = stats;
  if (distinct <= 1) return 'constant';
  if (present >= 20 && distinct >= present * 0.95) return meanLength > 40 ? 'text' : 'identifier';
  if (meanLength > 40 && distinct > present * 0.5) return 'text';
  return 'categorical';
}
