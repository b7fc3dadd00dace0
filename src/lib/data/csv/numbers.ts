/**
 * Number parsing straight from a range of a string, without slicing it first. Accepts what a
 * person means by a number in a CSV: `12`, `-0`, `.5`, `1e3`, `+4.`, surrounding spaces, and
 * (when asked) a decimal comma or thousands separators. Rejects what `Number()` would misread:
 * empty text, hex (`0x1F`), `1_000`, and anything with other characters.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const ZERO = 0x30;
const SPACE = 0x20;
const TAB = 0x09;

export interface NumberFormat {
  /** Character code of the decimal separator ('.' or ','). */
  decimal: number;
  /** Character code of an allowed thousands separator, or -1 for none. */
  thousands: number;
}

export const DOT_DECIMAL: NumberFormat = { decimal: 0x2e, thousands: -1 };
/** Comma decimals without thousands separators: 3,25 */
export const COMMA_DECIMAL: NumberFormat = { decimal: 0x2c, thousands: -1 };
/** Dot decimals with comma thousands separators: 1,234.5 */
export const DOT_DECIMAL_GROUPED: NumberFormat = { decimal: 0x2e, thousands: 0x2c };

/** Parses text[start, end) as a number, or returns undefined when it is not one. */
export function parseNumber(
  text: string,
  start: number,
  end: number,
  format: NumberFormat = DOT_DECIMAL,
): number | undefined {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start >= end) return undefined;
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 0x2d || c === 0x2b) {
    negative = c === 0x2d;
    i++;
    if (i >= end) return undefined;
    c = text.charCodeAt(i);
  }
  if (c === 0x49) return parseInfinity(text, i, end, negative);
  const digitsStart = i;
  let mantissa = 0;
  let digits = 0; // significant digits held in mantissa
  let exponent = 0;
  let seenDigit = false;
  let grouped = false;
  let groupLength = -1; // digits since the last thousands separator
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      seenDigit = true;
      if (groupLength >= 0) groupLength++;
      if (digits < 16) {
        if (mantissa !== 0 || d !== 0) digits++;
        mantissa = mantissa * 10 + d;
      } else {
        exponent++; // digits beyond 16 only scale; the exact path below handles them
        digits++;
      }
    } else if (c === format.thousands && seenDigit && (groupLength === -1 || groupLength === 3)) {
      // At most three digits before the first separator (`+` counts like `-`: not a digit).
      if (groupLength === -1 && i - digitsStart > 3) return undefined;
      grouped = true;
      groupLength = 0;
    } else break;
  }
  if (grouped && groupLength !== 3) return undefined;
  if (i < end && c === format.decimal) {
    i++;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      const d = c - ZERO;
      if (d < 0 || d > 9) break;
      seenDigit = true;
      if (digits < 16) {
        if (mantissa !== 0 || d !== 0) digits++;
        mantissa = mantissa * 10 + d;
        exponent--;
      } else {
        digits++;
      }
    }
  }
  if (!seenDigit) return undefined;
  if (i < end && (c === 0x65 || c === 0x45)) {
    i++;
    let expNegative = false;
    c = i < end ? text.charCodeAt(i) : -1;
    if (c === 0x2d || c === 0x2b) {
      expNegative = c === 0x2d;
      i++;
    }
    let value = 0;
    const expStart = i;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) break;
      if (value < 100000) value = value * 10 + d;
    }
    if (i === expStart) return undefined;
    exponent += expNegative ? -value : value;
  }
  if (i !== end) return undefined;
  let result: number;
  if (digits <= 15 && exponent >= -22 && exponent <= 22) {
    // Clinger's fast path: both operands are exact doubles, so one rounding gives the right answer.
    result =
      exponent >= 0
        ? mantissa * (POWERS_OF_TEN[exponent] ?? 1)
        : mantissa / (POWERS_OF_TEN[-exponent] ?? 1);
  } else {
    // The syntax is checked above; let the engine do correctly rounded conversion.
    result = Number(normalized(text, start, end, format));
    return result;
  }
  return negative ? -result : result;
}

function parseInfinity(
  text: string,
  i: number,
  end: number,
  negative: boolean,
): number | undefined {
  return end - i === 8 && text.startsWith('Infinity', i)
    ? negative
      ? -Infinity
      : Infinity
    : undefined;
}

/** The number's text with separators made JavaScript-readable (only for the slow path). */
function normalized(text: string, start: number, end: number, format: NumberFormat): string {
  let s = text.slice(start, end);
  if (format.thousands !== -1) s = s.replaceAll(String.fromCharCode(format.thousands), '');
  if (format.decimal !== 0x2e) s = s.replace(String.fromCharCode(format.decimal), '.');
  return s;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Reads a plain number (`-12.5`, `.5`, `+4.`) that ends an unquoted field at a delimiter or line
 * end, scanning each character once. Returns the index where the field ends and sets `out[0]`,
 * or -1 for anything else (spaces, exponents, >15 digits...), which `parseNumber` then reads:
 * what this accepts, it computes exactly as `parseNumber` does, so results are bit-identical.
 */
export function scanPlainNumber(
  text: string,
  from: number,
  delimiter: number,
  out: Float64Array,
): number {
  const n = text.length;
  let i = from;
  let c = i < n ? text.charCodeAt(i) : -1;
  const negative = c === 0x2d;
  if (negative || c === 0x2b) c = ++i < n ? text.charCodeAt(i) : -1;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  const digitsStart = i;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    const d = c - ZERO;
    if (d < 0 || d > 9) break;
    if (mantissa !== 0 || d !== 0) digits++;
    mantissa = mantissa * 10 + d;
  }
  let seenDigit = i > digitsStart;
  if (i < n && c === 0x2e) {
    const fractionStart = ++i;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      const d = c - ZERO;
      if (d < 0 || d > 9) break;
      if (mantissa !== 0 || d !== 0) digits++;
      mantissa = mantissa * 10 + d;
    }
    exponent = fractionStart - i;
    if (i > fractionStart) seenDigit = true;
  }
  if (i < n && c !== delimiter && c !== 0x0a && c !== 0x0d) return -1;
  if (!seenDigit || digits > 15 || exponent < -22) return -1;
  const result = exponent === 0 ? mantissa : mantissa / (POWERS_OF_TEN[-exponent] ?? 1);
  out[0] = negative ? -result : result;
  return i;
}
