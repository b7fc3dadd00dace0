/**
 * A column of each table as the samples the tests take: its numbers without the missing ones,
 * or its categories as codes into one dictionary shared by both tables (the reference's
 * categories first, so that a category only the current rows have is easy to name).
 */
import { numberLabel } from '../data/cell-label';
import type { Column } from '../data/table';

export interface NumericSamples {
  kind: 'numeric';
  reference: Float64Array;
  current: Float64Array;
}

export interface CategoricalSamples {
  kind: 'categorical';
  /** Codes into `categories`, missing cells left out. */
  reference: Int32Array;
  current: Int32Array;
  categories: string[];
  /** Per category: rows in each table. */
  referenceCounts: number[];
  currentCounts: number[];
}

export type ColumnSamples = NumericSamples | CategoricalSamples;

/** Rows with a value in the column. */
export function valueCount(column: Column, rows: number): number {
  let count = 0;
  if (column.storage === 'number') {
    for (let i = 0; i < rows; i++) if (!Number.isNaN(column.values[i] ?? NaN)) count++;
  } else {
    for (let i = 0; i < rows; i++) if ((column.codes[i] ?? -1) >= 0) count++;
  }
  return count;
}

function numbers(column: Column & { storage: 'number' }, rows: number): Float64Array {
  const out = new Float64Array(valueCount(column, rows));
  let n = 0;
  for (let i = 0; i < rows; i++) {
    const value = column.values[i] ?? NaN;
    if (!Number.isNaN(value)) out[n++] = value;
  }
  return out;
}

class SharedDictionary {
  readonly categories: string[] = [];
  readonly #index = new Map<string, number>();

  code(text: string): number {
    let code = this.#index.get(text);
    if (code === undefined) {
      code = this.categories.push(text) - 1;
      this.#index.set(text, code);
    }
    return code;
  }

  /** The column's cells with a value, as shared codes; a dictionary is mapped once, not per row. */
  codes(column: Column, rows: number): Int32Array {
    const out = new Int32Array(valueCount(column, rows));
    let n = 0;
    if (column.storage === 'dictionary') {
      const map = new Int32Array(column.categories.length).fill(-1);
      for (let i = 0; i < rows; i++) {
        const code = column.codes[i] ?? -1;
        if (code < 0) continue;
        let shared = map[code] ?? -1;
        if (shared < 0) {
          shared = this.code(column.categories[code] ?? '');
          map[code] = shared;
        }
        out[n++] = shared;
      }
      return out;
    }
    for (let i = 0; i < rows; i++) {
      const value = column.values[i] ?? NaN;
      if (!Number.isNaN(value)) out[n++] = this.code(numberLabel(column, value));
    }
    return out;
  }
}

function counts(codes: Int32Array, size: number): number[] {
  const out = new Array<number>(size).fill(0);
  for (const code of codes) out[code] = (out[code] ?? 0) + 1;
  return out;
}

/** Whether a column pair is compared as numbers: both hold numbers that are not yes/no. */
export function comparedAsNumbers(reference: Column, current: Column): boolean {
  return (
    reference.storage === 'number' &&
    current.storage === 'number' &&
    reference.kind !== 'boolean' &&
    current.kind !== 'boolean'
  );
}

export function columnSamples(
  reference: Column,
  referenceRows: number,
  current: Column,
  currentRows: number,
): ColumnSamples {
  if (comparedAsNumbers(reference, current)) {
    return {
      kind: 'numeric',
      reference: numbers(reference as Column & { storage: 'number' }, referenceRows),
      current: numbers(current as Column & { storage: 'number' }, currentRows),
    };
  }
  const dictionary = new SharedDictionary();
  const ref = dictionary.codes(reference, referenceRows);
  const cur = dictionary.codes(current, currentRows);
  const size = dictionary.categories.length;
  return {
    kind: 'categorical',
    reference: ref,
    current: cur,
    categories: dictionary.categories,
    referenceCounts: counts(ref, size),
    currentCounts: counts(cur, size),
  };
}
