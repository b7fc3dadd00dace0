/**
 * What personal data looks like, one small config per kind (as model kinds and drift tests are
 * registered): a test on one cell's text, an optional hint from the column's name, and how to
 * show an example without showing the value. Checksums (Luhn, IBAN mod 97) keep card numbers
 * and IBANs from matching any long number.
 */

export type PersonalDataKind = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'name' | 'address';

export interface PersonalDataDetector {
  kind: PersonalDataKind;
  /** "e-mail addresses", for "holds e-mail addresses". */
  label: string;
  /** Whether one trimmed cell looks like this kind. */
  test(value: string): boolean;
  /** Only columns whose name matches count (names and addresses: the values alone are too loose). */
  header?: RegExp;
  /** The value with most of it hidden: the evidence shown, never the value itself. */
  mask(value: string): string;
}

const DOT = '•';

/** Keeps the first `keep` characters of each word (or of the whole text), hides the rest. */
function hideWords(value: string, keep = 1): string {
  return value.replace(
    /[\p{L}\p{N}]+/gu,
    (word) => word.slice(0, keep) + DOT.repeat(Math.max(1, Math.min(4, word.length - keep))),
  );
}

/** Luhn's checksum, over the digits only (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616: the IBAN with its first four characters moved to the end, letters as 10-35, mod 97 = 1. */
export function ibanValid(compact: string): boolean {
  const moved = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of moved) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[\d\s().-]{7,22}$/;
/** 2021-01-05, 05.01.2021, 1/5/21: dates have separators and digits too. */
const DATE_LIKE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^(?=.*:)[0-9A-Fa-f:]{2,39}$/;
const NAME = /^(?=.*\p{Ll})\p{Lu}[\p{L}'’-]+( \p{Lu}\.?)?( \p{Lu}[\p{L}'’-]+){0,2}$/u;
const STREET =
  /^\d+[A-Za-z]?,? +([\p{L}'’.-]+ +){0,4}(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|square|sq|terrace|highway|hwy|strasse|straße|rue|via|calle|weg|laan)\b/iu;
const STREET_FIRST =
  /^(rue|via|calle|avenida|boulevard|chemin|place)\s+.+\s+\d+|^[\p{L}'’.-]+(strasse|straße|weg|gasse|laan|vej|gatan)\s+\d+/iu;

export const DETECTORS: readonly PersonalDataDetector[] = [
  {
    kind: 'email',
    label: 'e-mail addresses',
    test: (value) => value.length <= 254 && EMAIL.test(value),
    mask: (value) => {
      const [user = '', domain = ''] = value.split('@');
      const dot = domain.lastIndexOf('.');
      return `${hideWords(user)}@${hideWords(domain.slice(0, dot))}${domain.slice(dot)}`;
    },
  },
  {
    kind: 'card',
    label: 'payment card numbers',
    test: (value) => {
      if (!/^[\d -]{13,23}$/.test(value)) return false;
      const digits = value.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    },
    mask: (value) => value.replace(/\d(?=(?:[ -]?\d){4})/g, DOT),
  },
  {
    kind: 'iban',
    label: 'IBANs',
    test: (value) => {
      const compact = value.replace(/ /g, '').toUpperCase();
      return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact) && ibanValid(compact);
    },
    mask: (value) =>
      value.slice(0, 2) + value.slice(2, -4).replace(/[A-Za-z0-9]/g, DOT) + value.slice(-4),
  },
  {
    kind: 'ip',
    label: 'IP addresses',
    test: (value) => IPV4.test(value) || (IPV6.test(value) && value.split(':').length >= 3),
    mask: (value) =>
      value.includes('.')
        ? value.replace(/\.\d+\.\d+$/, `.${DOT}.${DOT}`)
        : value.replace(/:[0-9A-Fa-f]*:[0-9A-Fa-f]*$/, `:${DOT}:${DOT}`),
  },
  {
    kind: 'phone',
    label: 'phone numbers',
    test: (value) => {
      if (!PHONE.test(value)) return false;
      const digits = value.replace(/\D/g, '');
      // A bare run of digits is as likely an id: a phone number shows a + or separators.
      return (
        digits.length >= 7 &&
        digits.length <= 15 &&
        /[+\s().-]/.test(value) &&
        !IPV4.test(value) &&
        !DATE_LIKE.test(value)
      );
    },
    mask: (value) => value.replace(/\d(?=(?:\D*\d){2})/g, DOT),
  },
  {
    kind: 'name',
    label: 'person names',
    header:
      /(^|[^a-z])(name|first|last|surname|given|family|full.?name|customer|patient|client|employee|person|contact)([^a-z]|$)/i,
    test: (value) => value.length <= 80 && NAME.test(value),
    mask: (value) => hideWords(value),
  },
  {
    kind: 'address',
    label: 'street addresses',
    header: /(address|street|addr|residence|home)/i,
    test: (value) => value.length <= 200 && (STREET.test(value) || STREET_FIRST.test(value)),
    mask: (value) => hideWords(value, 0),
  },
];
