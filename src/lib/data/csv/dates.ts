/**
 * ISO 8601 dates and times, read straight from a range of a string. The common shapes
 * (YYYY-MM-DD, optionally with THH:MM[:SS[.fff]] and Z or an offset) are parsed from character
 * codes; anything else takes the general path, which trims, checks a regex and asks Date.parse.
 * Both give the same answers: the fast path only handles what Date.parse reads plainly.
 */

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Days in each month of a common year; February gains a day in leap years. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds in a day. */
const DAY = 86_400_000;

/** What the fast path gives when it cannot decide: the general path then does. */
const UNDECIDED = -Infinity;

/** Milliseconds since 1970 (UTC when no offset is given), or NaN. */
export function parseIsoDate(text: string): number {
  return parseIsoDateIn(text, 0, text.length);
}

/** parseIsoDate of text[start, end), without slicing it in the common cases. */
export function parseIsoDateIn(text: string, start: number, end: number): number {
  const value = fastIsoDate(text, start, end);
  return value === UNDECIDED ? generalIsoDate(text.slice(start, end)) : value;
}

/** Whether the text, untrimmed, is an ISO date or time of a valid day. */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && !Number.isNaN(parseIsoDate(text));
}

/**
 * The shapes a date column almost always has, from character codes. Returns UNDECIDED for
 * anything else: surrounding spaces, years before 100 (Date.UTC maps them to 19xx), hour 24,
 * out-of-range times or offsets (Date.parse has its own rules there) and all malformed text.
 */
function fastIsoDate(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 10) return UNDECIDED;
  const century = twoDigits(text, start);
  const yearInCentury = twoDigits(text, start + 2);
  const month = twoDigits(text, start + 5);
  const day = twoDigits(text, start + 8);
  if (
    century < 1 || // years before 100, or not digits
    yearInCentury < 0 ||
    month < 0 ||
    day < 0 ||
    text.charCodeAt(start + 4) !== 0x2d ||
    text.charCodeAt(start + 7) !== 0x2d
  ) {
    return UNDECIDED;
  }
  const year = century * 100 + yearInCentury;
  if (length === 10) return validDay(year, month, day) ? utcDays(year, month, day) * DAY : NaN;
  const separator = text.charCodeAt(start + 10);
  if ((separator !== 0x54 && separator !== 0x20) || length < 16) return UNDECIDED;
  const hours = twoDigits(text, start + 11);
  const minutes = twoDigits(text, start + 14);
  if (text.charCodeAt(start + 13) !== 0x3a || hours < 0 || hours > 23 || minutes < 0) {
    return UNDECIDED;
  }
  let i = start + 16;
  let seconds = 0;
  let millis = 0;
  if (i < end && text.charCodeAt(i) === 0x3a) {
    // The text goes on past `end` (it is a whole chunk): never read digits beyond it.
    seconds = i + 3 <= end ? twoDigits(text, i + 1) : -1;
    if (seconds < 0) return UNDECIDED;
    i += 3;
    if (i < end && text.charCodeAt(i) === 0x2e) {
      // Date.parse keeps the first three digits of a fraction and drops the rest.
      const first = ++i;
      for (; i < end; i++) {
        const d = text.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9) break;
        if (i - first < 3) millis = millis * 10 + d;
      }
      const digits = i - first;
      if (digits === 0 || digits > 9) return UNDECIDED;
      if (digits < 3) millis *= digits === 1 ? 100 : 10;
    }
  }
  const offset = offsetMinutes(text, i, end);
  if (offset === UNDECIDED || minutes > 59 || seconds > 59) return UNDECIDED;
  if (!validDay(year, month, day)) return NaN;
  const time = ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + millis;
  return utcDays(year, month, day) * DAY + time;
}

/** The offset at text[i, end) in minutes: none or Z is 0; ±HH:MM or ±HHMM; else UNDECIDED. */
function offsetMinutes(text: string, i: number, end: number): number {
  if (i === end) return 0;
  const c = text.charCodeAt(i);
  if (c === 0x5a) return i + 1 === end ? 0 : UNDECIDED;
  if (c !== 0x2b && c !== 0x2d) return UNDECIDED;
  const colon = end - i === 6 && text.charCodeAt(i + 3) === 0x3a;
  if (end - i !== 5 && !colon) return UNDECIDED;
  const hours = twoDigits(text, i + 1);
  const minutes = twoDigits(text, colon ? i + 4 : i + 3);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return UNDECIDED;
  const total = hours * 60 + minutes;
  return c === 0x2d ? -total : total;
}

/**
 * Days from 1970-01-01 to a valid day of a year from 100 on: what Date.UTC computes, as
 * integer arithmetic (Howard Hinnant's days_from_civil), which is several times faster.
 */
export function utcDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The two decimal digits at text[i], or -1 when they are not both digits. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 0x30;
  const b = text.charCodeAt(i + 1) - 0x30;
  // NaN past the end of the text fails both comparisons.
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (MONTH_DAYS[month - 1] ?? 0) + (leap ? 1 : 0);
}

/** Every other text: trimmed, checked against the ISO pattern, then read by Date.parse. */
function generalIsoDate(text: string): number {
  const v = text.trim();
  if (!ISO_DATE.test(v)) return NaN;
  const year = Number(v.slice(0, 4));
  const month = Number(v.slice(5, 7));
  const day = Number(v.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (v.length === 10) return Date.UTC(year, month - 1, day);
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/.test(v);
  const iso = v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(hasOffset ? iso : `${iso}Z`);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
