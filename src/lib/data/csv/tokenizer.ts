/**
 * A streaming RFC 4180 tokenizer over string chunks. It never builds row arrays: fields go
 * straight to a sink as (text, start, end), so numeric columns can be parsed without slicing.
 *
 * Handles quoted fields with escaped quotes, delimiters and newlines inside quotes, CRLF / LF /
 * CR line ends (also split across chunks), and a missing final newline.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface TokenSink {
  /** One field: characters [start, end) of `text`. Quoted fields arrive unquoted and unescaped. */
  field(text: string, start: number, end: number, quoted: boolean): void;
  endRow(): void;
  /** Text after a closing quote (`"ab"c`): kept as part of the field, reported here. */
  strayQuote(): void;
}

export class CsvTokenizer {
  readonly #delimiter: number;
  readonly #sink: TokenSink;
  /**
   * The unfinished field carried from the previous chunk, re-scanned from its start. A field
   * whose terminator is the chunk's last character is carried too: a CR may be half of a CRLF.
   */
  #carry = '';
  /** Whether the current row has produced a field yet (to end the last row at EOF). */
  #rowOpen = false;

  constructor(delimiter: string, sink: TokenSink) {
    if (delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.#delimiter = delimiter.charCodeAt(0);
    this.#sink = sink;
  }

  /** Feeds the next chunk of text. */
  push(chunk: string): void {
    this.#scan(this.#carry === '' ? chunk : this.#carry + chunk, false);
  }

  /** Ends the input; returns false when it ended inside a quoted field that was never closed. */
  finish(): boolean {
    const text = this.#carry;
    this.#carry = '';
    if (text !== '' && !this.#scan(text, true)) return false;
    if (this.#rowOpen) {
      this.#rowOpen = false;
      this.#sink.endRow();
    }
    return true;
  }

  /** Scans `text`; returns false when the final text ends inside an unterminated quote. */
  #scan(text: string, final: boolean): boolean {
    const sink = this.#sink;
    const delimiter = this.#delimiter;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const fieldStart = i;
      let value: string | null = null;
      let end = i;
      let next: number;
      let stray = false;
      if (text.charCodeAt(i) === QUOTE) {
        const close = closingQuote(text, i + 1, final);
        if (close === -1) {
          if (final) return false;
          this.#carry = text.slice(fieldStart);
          return true;
        }
        value = text.slice(i + 1, close);
        if (value.includes('""')) value = value.replaceAll('""', '"');
        next = close + 1;
        const after = fieldEnd(text, next, delimiter);
        if (after !== next) {
          // Stray text after the closing quote: kept, as spreadsheet programs do, and reported.
          value += text.slice(next, after);
          stray = true;
          next = after;
        }
      } else {
        end = fieldEnd(text, i, delimiter);
        next = end;
      }
      if (!final && next >= n - 1) {
        // The field or its terminator touches the chunk's end: wait for the next chunk.
        this.#carry = text.slice(fieldStart);
        return true;
      }
      this.#rowOpen = true;
      if (stray) sink.strayQuote();
      if (value === null) sink.field(text, i, end, false);
      else sink.field(value, 0, value.length, true);
      if (next >= n) return true; // final text without a newline after its last field
      const c = text.charCodeAt(next);
      i = next + 1;
      if (c === delimiter) {
        if (i >= n) sink.field(text, n, n, false); // final text ends with a delimiter
        continue;
      }
      this.#rowOpen = false;
      sink.endRow();
      if (c === CR && i < n && text.charCodeAt(i) === LF) i++;
    }
    this.#carry = '';
    return true;
  }
}

/** Index of the quote closing a field whose content starts at `from`, or -1 if not yet known. */
function closingQuote(text: string, from: number, final: boolean): number {
  let j = from;
  for (;;) {
    const k = text.indexOf('"', j);
    if (k === -1) return -1;
    if (k + 1 < text.length) {
      if (text.charCodeAt(k + 1) !== QUOTE) return k;
      j = k + 2; // an escaped quote
    } else {
      return final ? k : -1; // a quote at the very end may be the first half of ""
    }
  }
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
