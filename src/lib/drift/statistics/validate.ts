/**
 * Input checks shared by the drift statistics. The caller removes missing values first; a NaN
 * that still arrives is a bug upstream, so it is refused by name rather than turned into a
 * NaN statistic (scipy would sort it to the end and return garbage, or propagate it).
 */
import { sortNumbers } from './radix-sort';

/** A sorted Float64Array copy of `values`, refusing NaN (and, with `finite`, ±Infinity). */
export function sortedCopy(values: ArrayLike<number>, name: string, finite = false): Float64Array {
  const copy = Float64Array.from(values);
  checkValues(copy, name, finite);
  // Float64Array.sort's order (numeric, -0 before +0), by radix passes on large samples.
  return sortNumbers(copy);
}

/** Throws if `values` is empty or holds NaN (or, with `finite`, an infinity). */
export function checkValues(values: ArrayLike<number>, name: string, finite = false): void {
  if (values.length === 0) throw new RangeError(`${name} is empty; it needs at least one value.`);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) {
      throw new RangeError(`${name}[${i}] is NaN; remove missing values before this statistic.`);
    }
    if (finite && !Number.isFinite(value)) {
      throw new RangeError(`${name}[${i}] is ${value}; this statistic needs finite values.`);
    }
  }
}

/** Throws unless every entry is a finite number >= 0 and at least one is > 0. */
export function checkWeights(values: ArrayLike<number>, name: string): void {
  checkValues(values, name, true);
  let positive = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value < 0) throw new RangeError(`${name}[${i}] is ${value}; it must not be negative.`);
    if (value > 0) positive = true;
  }
  if (!positive) throw new RangeError(`${name} sums to 0; it needs a positive entry.`);
}
