/**
 * Masking a column of personal data before anything else sees it: a keyed hash (HMAC-SHA256
 * under the workspace's secret salt, so equal values stay equal and can still be grouped, but
 * cannot be looked up), truncation (the first characters), or generalisation (a date to its
 * month, a number to a coarser step, an e-mail to its domain, an IPv4 address to its /24).
 * The masked table holds no value of the original column: its dictionary is rebuilt.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { labelAt } from '../data/cell-label';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../data/table';
import { WorkbenchError } from '../errors';

export type MaskMethod = 'hash' | 'truncate' | 'generalize';

export interface ColumnMask {
  column: string;
  method: MaskMethod;
  /** Characters kept by truncation (and by generalisation of other text), 1 to 64 (default 3). */
  keep?: number;
  /**
   * Generalisation of numbers: the step values are floored to. Chosen from the data when absent
   * (about ten steps over its range) and recorded, so new data is masked the same way.
   */
  step?: number;
}

/** Bytes of the workspace salt: 256 bits, as HMAC-SHA256's block of key material warrants. */
export const SALT_BYTES = 32;
/** Hex digits of a hashed value kept: 64 bits, collisions negligible below billions of values. */
const HASH_DIGITS = 16;
const DAY_MS = 86_400_000;

function bad(problem: string): WorkbenchError {
  return new WorkbenchError('invalid_mask_options', `Cannot mask: ${problem}.`, {
    hint: 'Pick a column of the table and one of hash, truncate or generalize.',
  });
}

/** A new salt for a workspace (kept secret in its settings; never exported). */
export function newMaskSalt(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

/** The masked text of one value. */
function maskText(value: string, mask: ColumnMask, salt: Uint8Array): string {
  const keep = mask.keep ?? 3;
  if (mask.method === 'hash') {
    return `h_${bytesToHex(hmac(sha256, salt, new TextEncoder().encode(value))).slice(0, HASH_DIGITS)}`;
  }
  if (mask.method === 'generalize') {
    const at = value.lastIndexOf('@');
    if (at > 0) return value.slice(at); // an e-mail address to its domain
    const ip = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(value);
    if (ip) return `${ip[1]}.0/24`;
  }
  const chars = [...value];
  return chars.length > keep ? `${chars.slice(0, keep).join('')}…` : value;
}

/** A dictionary column with every category masked (equal masks merged into one category). */
function maskDictionary(
  column: Column,
  rows: number,
  mask: ColumnMask,
  salt: Uint8Array,
): CategoricalColumn {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(rows);
  const memo = new Map<string, number>();
  for (let row = 0; row < rows; row++) {
    const value = labelAt(column, row);
    if (value === null) {
      codes[row] = -1;
      continue;
    }
    let code = memo.get(value);
    if (code === undefined) {
      const masked = maskText(value, mask, salt);
      code = index.get(masked);
      if (code === undefined) {
        code = categories.push(masked) - 1;
        index.set(masked, code);
      }
      memo.set(value, code);
    }
    codes[row] = code;
  }
  return {
    name: column.name,
    kind: 'categorical',
    storage: 'dictionary',
    missing: column.missing,
    codes,
    categories,
  };
}

/** A date to the first day of its month (UTC), any other number down to a step of 10^k. */
function generalizeNumbers(column: NumericColumn, rows: number, given?: number): NumericColumn {
  const values = new Float64Array(rows);
  if (column.kind === 'datetime') {
    for (let row = 0; row < rows; row++) {
      const v = column.values[row] ?? NaN;
      if (Number.isNaN(v)) values[row] = NaN;
      else {
        const date = new Date(Math.floor(v / DAY_MS) * DAY_MS);
        values[row] = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      }
    }
    return { ...column, values };
  }
  const step = given ?? numberStep(column, rows);
  for (let row = 0; row < rows; row++) {
    const v = column.values[row] ?? NaN;
    values[row] = Number.isNaN(v) ? NaN : Math.floor(v / step) * step;
  }
  return { ...column, values };
}

/** About ten steps over a column's range: coarse enough to hide a value, fine enough for a trend. */
function numberStep(column: NumericColumn, rows: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < rows; row++) {
    const v = column.values[row] ?? NaN;
    if (!Number.isNaN(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return max > min ? 10 ** Math.floor(Math.log10((max - min) / 10)) : 1;
}

/** A mask as applied: a number generalisation's step fixed, so it can be applied again alike. */
function resolved(mask: ColumnMask, column: Column, rows: number): ColumnMask {
  const out: ColumnMask = { column: mask.column, method: mask.method };
  if (mask.keep !== undefined) out.keep = mask.keep;
  if (column.storage === 'number' && mask.method === 'generalize' && column.kind !== 'datetime') {
    out.step = mask.step ?? numberStep(column, rows);
  }
  return out;
}

/**
 * The table with each masked column replaced; the original table is left as it was. The result
 * lists its masks (`masks`, those of earlier calls kept), and its source fingerprint is derived
 * from the file's and the masks', so the masked table is still told apart from others.
 */
export function maskTable(table: Table, masks: readonly ColumnMask[], salt: Uint8Array): Table {
  if (!(salt instanceof Uint8Array) || salt.length < 16)
    throw bad('the salt must be at least 16 random bytes');
  const byColumn = new Map<string, ColumnMask>();
  for (const mask of masks) {
    if (!table.columns.some((c) => c.name === mask.column))
      throw bad(`the table has no column "${mask.column}"`);
    if (!['hash', 'truncate', 'generalize'].includes(mask.method))
      throw bad(`"${String(mask.method)}" is not a masking method`);
    const keep = mask.keep ?? 3;
    if (!Number.isInteger(keep) || keep < 1 || keep > 64)
      throw bad('keep must be a whole number from 1 to 64');
    if (mask.step !== undefined && !(Number.isFinite(mask.step) && mask.step > 0))
      throw bad('a step must be a positive number');
    byColumn.set(mask.column, mask);
  }
  const applied: ColumnMask[] = [];
  const columns = table.columns.map((column): Column => {
    const given = byColumn.get(column.name);
    if (!given) return column;
    const mask = resolved(given, column, table.rowCount);
    applied.push(mask);
    if (column.storage === 'number' && mask.method === 'generalize') {
      return generalizeNumbers(column, table.rowCount, mask.step);
    }
    return maskDictionary(column, table.rowCount, mask, salt);
  });
  const all = [...(table.masks ?? []).filter((m) => !byColumn.has(m.column)), ...applied];
  const masked: Table = {
    rowCount: table.rowCount,
    columns,
    issues: table.issues.filter((i) => !i.column || !byColumn.has(i.column)),
    masks: all,
  };
  if (table.source) {
    const derived = sha256(
      new TextEncoder().encode(`${table.source.sha256}\n${JSON.stringify(all)}`),
    );
    masked.source = { ...table.source, sha256: bytesToHex(derived) };
  }
  return masked;
}
