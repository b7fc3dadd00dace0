/**
 * A capped, stratified, seeded sample of a table's rows, and the sampled rows as a Table of their
 * own. Every stratum (split x class) keeps its share of the sample, rounded by largest
 * remainder so the shares add up to the cap exactly; the same inputs always give the same rows.
 */
import type { Column, Table } from '../data/table';
import { createRng } from '../train/rng';

export const DEFAULT_REFERENCE_ROWS = 10_000;
/** The most rows a reference may hold (its chunks then stay within a few tens of MB). */
export const MAX_REFERENCE_ROWS = 100_000;
/** A row that served in no part of the split (not trained on): left out of the sample. */
export const UNASSIGNED = 255;

export interface SampleOptions {
  rowCount: number;
  /** Each row's split code (0 train, 1 validation, 2 test, UNASSIGNED). */
  splits: Uint8Array;
  /** Each row's class (any number; -1 for none), or null when not stratifying by class. */
  classes: Int32Array | null;
  cap: number;
  seed: number;
}

/** Sampled row indices, ascending. */
export function sampleRows(options: SampleOptions): Uint32Array {
  const { rowCount, splits, classes, cap, seed } = options;
  const strata = new Map<string, number[]>();
  let eligible = 0;
  for (let row = 0; row < rowCount; row++) {
    const split = splits[row] ?? UNASSIGNED;
    if (split === UNASSIGNED) continue;
    const key = `${split}:${classes ? (classes[row] ?? -1) : 0}`;
    const rows = strata.get(key);
    if (rows) rows.push(row);
    else strata.set(key, [row]);
    eligible++;
  }
  if (eligible <= cap) {
    const all = new Uint32Array(eligible);
    let next = 0;
    for (let row = 0; row < rowCount; row++) if (splits[row] !== UNASSIGNED) all[next++] = row;
    return all;
  }
  // Largest remainder: floor of each exact share, then one more to the largest fractions.
  const keys = [...strata.keys()].sort();
  const exact = keys.map((key) => ((strata.get(key)?.length ?? 0) * cap) / eligible);
  const quota = exact.map(Math.floor);
  let left = cap - quota.reduce((sum, q) => sum + q, 0);
  const byRemainder = keys
    .map((_, i) => i)
    .sort(
      (a, b) => (exact[b] ?? 0) - (quota[b] ?? 0) - ((exact[a] ?? 0) - (quota[a] ?? 0)) || a - b,
    );
  for (const i of byRemainder) {
    if (left-- <= 0) break;
    quota[i] = (quota[i] ?? 0) + 1;
  }
  const random = createRng(seed);
  const picked: number[] = [];
  keys.forEach((key, i) => {
    const rows = strata.get(key) ?? [];
    const take = quota[i] ?? 0;
    // A partial Fisher-Yates shuffle: the first `take` places get a uniform random subset.
    for (let j = 0; j < take; j++) {
      const k = j + Math.floor(random() * (rows.length - j));
      const swap = rows[j] as number;
      rows[j] = rows[k] as number;
      rows[k] = swap;
      picked.push(rows[j] as number);
    }
  });
  return Uint32Array.from(picked).sort();
}

function takeColumn(column: Column, rows: Uint32Array): Column {
  if (column.storage === 'number') {
    const values = new Float64Array(rows.length);
    let missing = 0;
    rows.forEach((row, i) => {
      const value = column.values[row] ?? NaN;
      values[i] = value;
      if (Number.isNaN(value)) missing++;
    });
    return { name: column.name, kind: column.kind, storage: 'number', missing, values };
  }
  // Only the categories the sample uses, in their original order (codes renumbered).
  const used = new Int32Array(column.categories.length).fill(-1);
  const source = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const code = column.codes[row] ?? -1;
    source[i] = code;
    if (code >= 0 && code < used.length) used[code] = 0;
  });
  const categories: string[] = [];
  for (let code = 0; code < used.length; code++) {
    if (used[code] === 0) {
      used[code] = categories.length;
      categories.push(column.categories[code] ?? '');
    }
  }
  let missing = 0;
  const codes = source.map((code) => {
    const mapped = code >= 0 && code < used.length ? (used[code] ?? -1) : -1;
    if (mapped < 0) missing++;
    return mapped;
  });
  return {
    name: column.name,
    kind: column.kind,
    storage: 'dictionary',
    missing,
    codes,
    categories,
  };
}

/** The given rows of a table as a table of their own (numbers copied exactly). */
export function takeRows(table: Table, rows: Uint32Array): Table {
  return {
    rowCount: rows.length,
    columns: table.columns.map((column) => takeColumn(column, rows)),
    issues: [],
  };
}
