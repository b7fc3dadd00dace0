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

/** The smallest code of each array stands for a missing value, the next for -0 (as "-0.0" reads). */
const MISSING_16 = -32_768;
const MISSING_32 = -2_147_483_648;
const MINUS_ZERO_16 = MISSING_16 + 1;
const MINUS_ZERO_32 = MISSING_32 + 1;

const decode = (code: number, multiplier: number, divisor: number) => (code * multiplier) / divisor;

/**
 * Codes for `values` at one scale into `codes`, or false when a value does not come back
 * exactly; `range` gets the smallest and largest code.
 */
function codesAt(
  values: Float64Array,
  multiplier: number,
  divisor: number,
  codes: Int32Array,
  range: { min: number; max: number },
): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value !== value || Object.is(value, -0)) {
      codes[i] = value === 0 ? MINUS_ZERO_32 : MISSING_32;
      continue;
    }
    // + 0 turns -0 into the 0 an integer array holds, so the check below sees what is stored.
    const code = Math.round((value * divisor) / multiplier) + 0;
    // Object.is: a value that rounds to 0 from below (-0.00001) must not come back as 0.
    if (code <= MINUS_ZERO_32 || code > 2_147_483_647) return false;
    if (!Object.is(decode(code, multiplier, divisor), value)) return false;
    codes[i] = code;
    if (code < min) min = code;
    if (code > max) max = code;
  }
  range.min = min;
  range.max = max;
  return true;
}

/**
 * The column as integer codes when that is exact and smaller than what its floats would take
 * (`floatBytes(values)` per value, asked only when the codes need 4 bytes), else null.
 */
export function scaledColumn(
  name: string,
  kind: Column['kind'],
  values: Float64Array,
  floatBytes: (values: Float64Array) => number,
): ScaledColumn | null {
  const codes = new Int32Array(values.length);
  const range = { min: 0, max: 0 };
  for (const { multiplier, divisor } of SCALES) {
    if (!codesAt(values, multiplier, divisor, codes, range)) continue;
    if (range.min > MINUS_ZERO_16 && range.max < 32_768) {
      const narrow = new Int16Array(codes.length);
      for (let i = 0; i < codes.length; i++) {
        const code = codes[i] as number;
        narrow[i] =
          code === MISSING_32 ? MISSING_16 : code === MINUS_ZERO_32 ? MINUS_ZERO_16 : code;
      }
      return { name, kind, storage: 'scaled', values: narrow, multiplier, divisor };
    }
    return floatBytes(values) > 4
      ? { name, kind, storage: 'scaled', values: codes, multiplier, divisor }
      : null;
  }
  return null;
}

/** The column's numbers, NaN where missing. */
export function unscaledValues(column: ScaledColumn): Float64Array {
  const narrow = column.values instanceof Int16Array;
  const missing = narrow ? MISSING_16 : MISSING_32;
  const minusZero = narrow ? MINUS_ZERO_16 : MINUS_ZERO_32;
  const { multiplier, divisor } = column;
  const values = new Float64Array(column.values.length);
  for (let i = 0; i < values.length; i++) {
    const code = column.values[i] as number;
    values[i] =
      code === missing ? NaN : code === minusZero ? -0 : decode(code, multiplier, divisor);
  }
  return values;
}

export const scaledColumnSchema = v.strictObject({
  name: v.pipe(v.string(), v.maxLength(100_000)),
  kind: v.picklist(COLUMN_KINDS),
  storage: v.literal('scaled'),
  values: v.union([v.instance(Int16Array), v.instance(Int32Array)]),
  multiplier: v.picklist(SCALES.map((s) => s.multiplier)),
  divisor: v.picklist(SCALES.map((s) => s.divisor)),
});
