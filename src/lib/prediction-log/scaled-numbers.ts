/**
 * Numbers as people write them (10.9, 1013.2, a date at midnight) stored as small integers: a
 * Float64Array of one-decimal readings takes 8 bytes a value, the same as Int16 codes take 2.
 * The log is the workbench's largest store, so each number column of a chunk is tried as
 * `code * multiplier / divisor` and kept so only when every value comes back bit for bit; a
 * column that does not (measurements with many digits) keeps its floats.
 */
import * as v from 'valibot';
import type { Column } from '../data/table';
import { COLUMN_KINDS } from '../reference/table-shape';

/** A number column as integer codes; value = code * multiplier / divisor, MISSING is NaN. */
export interface ScaledColumn {
  name: string;
  kind: Column['kind'];
  storage: 'scaled';
  values: Int16Array | Int32Array;
  multiplier: number;
  divisor: number;
}

const DAY_MS = 86_400_000;
/** Tried in order: whole days (dates), whole numbers, then one to four decimals. */
const SCALES = [
  { multiplier: DAY_MS, divisor: 1 },
  { multiplier: 1, divisor: 1 },
  { multiplier: 1, divisor: 10 },
  { multiplier: 1, divisor: 100 },
  { multiplier: 1, divisor: 1000 },
  { multiplier: 1, divisor: 10_000 },
] as const;

/** The smallest code of each array stands for a missing value. */
const MISSING_16 = -32_768;
const MISSING_32 = -2_147_483_648;

const decode = (code: number, multiplier: number, divisor: number) => (code * multiplier) / divisor;

/** Codes for `values` at one scale, or null when a value does not come back exactly. */
function codesAt(values: Float64Array, multiplier: number, divisor: number): Int32Array | null {
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? NaN;
    if (Number.isNaN(value)) {
      codes[i] = MISSING_32;
      continue;
    }
    // + 0 turns -0 into the 0 an integer array holds, so the check below sees what is stored.
    const code = Math.round((value * divisor) / multiplier) + 0;
    // Object.is: -0 must come back as -0.
    if (
      code <= MISSING_32 ||
      code > 2_147_483_647 ||
      !Object.is(decode(code, multiplier, divisor), value)
    ) {
      return null;
    }
    codes[i] = code;
  }
  return codes;
}

/**
 * The column as integer codes when that is exact and smaller than `floatBytes` per value (what
 * its floats would take), else null.
 */
export function scaledColumn(
  name: string,
  kind: Column['kind'],
  values: Float64Array,
  floatBytes: number,
): ScaledColumn | null {
  for (const { multiplier, divisor } of SCALES) {
    const codes = codesAt(values, multiplier, divisor);
    if (!codes) continue;
    const small = codes.every(
      (code) => code === MISSING_32 || (code > MISSING_16 && code < 32_768),
    );
    if (small) {
      const narrow = Int16Array.from(codes, (code) => (code === MISSING_32 ? MISSING_16 : code));
      return { name, kind, storage: 'scaled', values: narrow, multiplier, divisor };
    }
    return floatBytes > 4
      ? { name, kind, storage: 'scaled', values: codes, multiplier, divisor }
      : null;
  }
  return null;
}

/** The column's numbers, NaN where missing. */
export function unscaledValues(column: ScaledColumn): Float64Array {
  const missing = column.values instanceof Int16Array ? MISSING_16 : MISSING_32;
  const { multiplier, divisor } = column;
  return Float64Array.from(column.values, (code) =>
    code === missing ? NaN : decode(code, multiplier, divisor),
  );
}

export const scaledColumnSchema = v.strictObject({
  name: v.pipe(v.string(), v.maxLength(100_000)),
  kind: v.picklist(COLUMN_KINDS),
  storage: v.literal('scaled'),
  values: v.union([v.instance(Int16Array), v.instance(Int32Array)]),
  multiplier: v.picklist(SCALES.map((s) => s.multiplier)),
  divisor: v.picklist(SCALES.map((s) => s.divisor)),
});
