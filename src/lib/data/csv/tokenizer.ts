/**
 * A streaming RFC 4180 tokenizer over string chunks. It never builds row arrays: fields go
 * straight to a sink as (text, start, end), so numeric columns can be parsed without slicing.
 *
 * Handles quoted fields with escaped quotes, delimiters and newlines inside quotes, CRLF / LF /
 * CR line ends (also split across chunks), and a missing final newline.
 */

import { HASH_PRIME, HASH_SEED } from './category-index';
import { parseIsoDateIn } from './dates';
import { parseBooleanIn } from './infer';
import { scanPlainNumber } from './numbers';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** `columnReaders` values: how the tokenizer hands over a column's unquoted fields. */
export const NUMBER_COLUMN = 1;
export const TEXT_COLUMN = 2;
export const DATE_COLUMN = 3;
export const BOOLEAN_COLUMN = 4;

/** Put before a chunk that has no carry, so that joining copies it (see `push`). */
const LEAD = '\n';

export interface TokenSink {
  /** One field: characters [start, end) of `text`. Quoted fields arrive unquoted and unescaped. */
  field(text: string, start: number, end: number, quoted: boolean): void;
  endRow(): void;
  /** Text after a closing quote (`"ab"c`): kept as part of the field, reported here. */
  strayQuote(): void;
  /**
   * How the sink takes each column's fields (by index in the row), read again after each row:
   * NUMBER_COLUMN: plain unquoted numbers come already parsed, through `number`; DATE_COLUMN
   * and BOOLEAN_COLUMN: unquoted ISO dates and true/false spellings too (`parseIsoDateIn`,
   * `parseBooleanIn`); TEXT_COLUMN: unquoted fields come with their hash (`hashRange`), through
   * `hashedField`. Other fields, and all of them where there is no array, go to `field`.
   */
  readonly columnReaders?: Uint8Array | null;
  /** A value already read (see `columnReaders`), in place of `field`. */
  number?(value: number): void;
  /** An unquoted field of a TEXT_COLUMN with its `hashRange`, in place of `field`. */
  hashedField?(text: string, start: number, end: number, hash: number): void;
}

export class CsvTokenizer {
  readonly #delimiter: number;
  readonly #sink: TokenSink;
  /**
   * The unfinished field carried from the previous chunk, re-scanned from its start. A field
   * whose terminator is the chunk's last character is carried too: a CR may be half of a CRLF.
   */
  #carry = '';
  /**
   * The already scanned start of a field longer than a chunk, set aside so that a huge field
   * is scanned and copied once, not once per chunk (which made a 16 MB field take seconds).
   * A quoted field's carry then starts with a quote again (the rest of its content follows);
   * an unquoted one's carry is its last character, and `#inUnquoted` says it is not a quote.
   */
  #parts: string[] = [];
  #inUnquoted = false;
  /** Where the last unsuccessful search for a closing quote stopped. */
  #searched = 0;
  /** Whether the current row has produced a field yet (to end the last row at EOF). */
  #rowOpen = false;
  /** Index in its row of the next field (of the carried one, between chunks). */
  #column = 0;
  /** The sink's `columnReaders`. */
  #readers: Uint8Array | null = null;
  /** Whether no number can hold the delimiter (else NUMBER_COLUMN is not read as such). */
  readonly #plainDelimiter: boolean;
  readonly #parsed = new Float64Array(1);
  readonly #hash = new Int32Array(1);
  /** Whether the last closing quote found had escaped quotes ("") before it. */
  #escaped = false;

  constructor(delimiter: string, sink: TokenSink) {
    if (delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.#delimiter = delimiter.charCodeAt(0);
    this.#sink = sink;
    this.#plainDelimiter = !'0123456789.+-'.includes(delimiter);
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    // A chunk from TextDecoder is, in Chromium, an external string, which V8 reads character by
    // character 2-3x slower than its own strings (measured: 2.0-2.7 vs 0.9 ns). Joined to the
    // carry, or to a character that the scan skips, it is copied into V8's own string on the
    // first read: 1 MiB costs ~0.1 ms to copy and saves ~1 ms of reading.
    const carry = this.#carry;
    if (carry !== '') this.#scan(carry + chunk, 0, false);
    else this.#scan(LEAD + chunk, LEAD.length, false);
  }

  /** Ends the input; returns false when it ended inside a quoted field that was never closed. */
  finish(): boolean {
    const text = this.#carry;
    this.#carry = '';
    if (text !== '' && !this.#scan(text, 0, true)) return false;
    if (this.#rowOpen) {
      this.#rowOpen = false;
      this.#column = 0;
      this.#sink.endRow();
    }
    return true;
  }

  /** Scans `text` from `from`; returns false when the final text ends inside an unterminated quote. */
  #scan(text: string, from: number, final: boolean): boolean {
    // Rare cases live in other methods: a small loop is one the engine optimizes best.
    const sink = this.#sink;
    const delimiter = this.#delimiter;
    const n = text.length;
    // Only the first field of a scan can continue a field set aside in #parts.
    let continued = this.#parts.length > 0 || this.#inUnquoted;
    let readers = this.#readers;
    const numbers = this.#plainDelimiter;
    let column = this.#column;
    let i = from;
    while (i < n) {
      let close = -1;
      let next = -1;
      let parsed = false;
      let hashed = false;
      let reader = 0;
      if (text.charCodeAt(i) === QUOTE && !(continued && this.#inUnquoted)) {
        close = this.#closingQuote(text, i + 1, final);
        if (close === -1) {
          this.#column = column;
          return final ? false : this.#setAsideQuoted(text, i);
        }
        // Text after the closing quote is kept, as spreadsheet programs do, and reported.
        next = fieldEnd(text, close + 1, delimiter);
      } else {
        // Numbers are parsed, and text hashed, while the field's end is found: one pass.
        reader = readers === null || continued ? 0 : (readers[column] ?? 0);
        if (reader === NUMBER_COLUMN && numbers) {
          next = scanPlainNumber(text, i, delimiter, this.#parsed);
          parsed = next !== -1;
        } else if (reader === TEXT_COLUMN) {
          next = hashedFieldEnd(text, i, delimiter, this.#hash);
          hashed = true;
        }
        if (!parsed && !hashed) next = fieldEnd(text, i, delimiter);
      }
      if (!final && next >= n - 1) {
        // The field or its terminator touches the chunk's end: wait for the next chunk.
        this.#column = column;
        this.#carryFrom(text, i, close === -1 && next === n);
        return true;
      }
      this.#rowOpen = true;
      if (parsed) sink.number?.(this.#parsed[0] ?? NaN);
      else if (hashed) sink.hashedField?.(text, i, next, this.#hash[0] ?? 0);
      else if (close === -1 && !continued) {
        const value = reader >= DATE_COLUMN ? readValue(reader, text, i, next) : NaN;
        if (Number.isNaN(value)) sink.field(text, i, next, false);
        else sink.number?.(value); // a date or boolean: no need to go through `field`
      } else if (!continued && !this.#escaped && next === close + 1) {
        sink.field(text, i + 1, close, true); // a quoted field needing no copy
      } else this.#emitLong(text, i, close, next, continued);
      continued = false;
      column++;
      if (next >= n) break; // final text without a newline after its last field
      const c = text.charCodeAt(next);
      i = next + 1;
      if (c === delimiter) {
        if (i >= n) sink.field(text, n, n, false); // final text ends with a delimiter
        continue;
      }
      this.#rowOpen = false;
      column = 0;
      sink.endRow();
      readers = this.#readers = sink.columnReaders ?? null;
      if (c === CR && i < n && text.charCodeAt(i) === LF) i++;
    }
    this.#carry = '';
    this.#column = column;
    return true;
  }

  /**
   * A quoted field still open at the chunk's end: set aside what was scanned of it, unescaped
   * now (the scan stops before a quote that may be half of a "", so no pair is cut in two).
   */
  #setAsideQuoted(text: string, start: number): boolean {
    const part = text.slice(start + 1, this.#searched);
    this.#parts.push(this.#escaped ? unescapeQuotes(part) : part);
    this.#carry = '"' + text.slice(this.#searched);
    return true;
  }

  /** Carries the field at `start` to the next chunk; a long unquoted one mostly set aside. */
  #carryFrom(text: string, start: number, unterminated: boolean): void {
    const n = text.length;
    if (unterminated && n - start > 1) {
      this.#parts.push(text.slice(start, n - 1));
      this.#inUnquoted = true;
      this.#carry = text.slice(n - 1);
    } else {
      this.#carry = text.slice(start);
    }
  }

  /** Emits a quoted field, or one that continues parts set aside from earlier chunks. */
  #emitLong(text: string, start: number, close: number, next: number, continued: boolean): void {
    if (close === -1) {
      const value = this.#takeParts(text.slice(start, next));
      this.#sink.field(value, 0, value.length, false);
      return;
    }
    let value = text.slice(start + 1, close);
    // The scan for the closing quote saw whether this piece has "" (set-aside parts have none).
    if (this.#escaped) value = continued ? unescapeQuotes(value) : value.replaceAll('""', '"');
    if (continued) value = this.#takeParts(value);
    if (next !== close + 1) {
      this.#sink.strayQuote();
      value += text.slice(close + 1, next);
    }
    this.#sink.field(value, 0, value.length, true);
  }

  /**
   * The set-aside parts and `last` as one flat string. `parts.join('') + last` would be a rope
   * that V8 copies again on its first read, a second copy of a field that may be 60 MB.
   */
  #takeParts(last: string): string {
    this.#parts.push(last);
    const joined = this.#parts.join('');
    this.#parts = [];
    this.#inUnquoted = false;
    return joined;
  }

  /** Index of the quote closing a field whose content starts at `from`, or -1 if not yet known. */
  #closingQuote(text: string, from: number, final: boolean): number {
    let j = from;
    this.#escaped = false;
    for (;;) {
      const k = text.indexOf('"', j);
      if (k === -1) {
        this.#searched = text.length;
        return -1;
      }
      if (k + 1 < text.length) {
        if (text.charCodeAt(k + 1) !== QUOTE) return k;
        j = k + 2; // an escaped quote
        this.#escaped = true;
      } else if (final) {
        return k;
      } else {
        this.#searched = k; // a quote at the very end may be the first half of ""
        return -1;
      }
    }
  }
}

/**
 * The text with each "" made one ", as one flat string. replaceAll builds a rope of every piece
 * between two matches: for 60 MB of quotes, 30 million pieces (~700 MB) before it is flattened.
 */
function unescapeQuotes(text: string): string {
  return text.split('""').join('"');
}

/** The date or boolean text[start, end) in a DATE_ or BOOLEAN_COLUMN, or NaN. */
function readValue(reader: number, text: string, start: number, end: number): number {
  if (reader === DATE_COLUMN) return parseIsoDateIn(text, start, end);
  return reader === BOOLEAN_COLUMN ? (parseBooleanIn(text, start, end) ?? NaN) : NaN;
}

/** Index of the delimiter, CR or LF that ends an unquoted field (or the text's length). */
function fieldEnd(text: string, from: number, delimiter: number): number {
  let j = from;
  const n = text.length;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === delimiter || c === LF || c === CR) return j;
    j++;
  }
  return j;
}

/**
 * fieldEnd, also setting `out[0]` to the FNV-1a hash of the field's characters (`hashRange`),
 * so that a text column's cell is found in its dictionary without reading it twice.
 */
function hashedFieldEnd(text: string, from: number, delimiter: number, out: Int32Array): number {
  let h = HASH_SEED;
  let j = from;
  const n = text.length;
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === delimiter || c === LF || c === CR) break;
    h = Math.imul(h ^ c, HASH_PRIME);
  }
  out[0] = h;
  return j;
}
