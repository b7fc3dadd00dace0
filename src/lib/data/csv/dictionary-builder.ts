import type { CategoricalColumn } from '../table';
import { CategoryIndex, hashRange, QUEUE_HASH, QUEUE_STRIDE } from './category-index';
import { filled, firstBlockLength, joined, nextBlockLength, NO_CODES } from './column-blocks';
import type { BuilderContext, ColumnBuilder } from './column-builders';
import { dictionaryKind } from './infer';

/**
 * Cells looked up in the dictionary together. A column with many distinct values has a table
 * larger than the CPU's caches: each lookup waits ~100 ns for memory, and the rest of a row's
 * work lies between two lookups. Queued, the table slots of a batch are read first, one after
 * the other, so that the CPU fetches them all at once (a mixed 10 MB file read ~8% faster).
 */
const BATCH = 32;

/** A column stored as dictionary codes: categorical, text, identifier or constant. */
export class DictionaryColumnBuilder implements ColumnBuilder {
  #blocks: Int32Array[] = [];
  #block: Int32Array;
  #used = 0;
  #missing = 0;
  readonly #index: CategoryIndex;
  #totalLength = 0;
  readonly rejected = 0;
  readonly what = 'text';
  /** The queued cells' texts: text[start, end) of each cell, with the rest in `#queue`. */
  readonly #queueTexts: string[];
  /**
   * The queued cells packed QUEUE_STRIDE ints each: start, end (-1 for missing), hash, quoted,
   * and what `CategoryIndex.prefetch` read. One array, no longer than the column's expected
   * rows: a file of 100,000 columns and 3 rows needs no batches of 32, and each typed array
   * costs ~200 bytes of objects (more above 64 bytes, which V8 keeps in a separate buffer).
   */
  readonly #queue: Int32Array;
  #queued = 0;

  constructor(context: BuilderContext) {
    this.#index = new CategoryIndex(context.missing);
    this.#block = new Int32Array(firstBlockLength(context.expectedRows));
    const batch = context.expectedRows > 0 ? Math.min(BATCH, context.expectedRows) : BATCH;
    this.#queueTexts = new Array<string>(batch).fill('');
    this.#queue = new Int32Array(batch * QUEUE_STRIDE);
  }

  get values(): number {
    this.#flush();
    return filled(this.#blocks, this.#used) - this.#missing;
  }

  add(text: string, start: number, end: number, quoted: boolean): void {
    // Unquoted cells are trimmed; most have nothing to trim and are looked up where they are.
    if (
      !quoted &&
      start < end &&
      (maybeSpace(text.charCodeAt(start)) || maybeSpace(text.charCodeAt(end - 1)))
    ) {
      text = text.slice(start, end).trim();
      start = 0;
      end = text.length;
    }
    this.#enqueue(text, start, end, quoted, hashRange(text, start, end));
  }

  /** Adds an unquoted cell given its `hashRange` (computed by the tokenizer while scanning). */
  addHashed(text: string, start: number, end: number, hash: number): void {
    if (
      start === end ||
      maybeSpace(text.charCodeAt(start)) ||
      maybeSpace(text.charCodeAt(end - 1))
    ) {
      this.add(text, start, end, false); // to trim, or an empty cell
      return;
    }
    this.#enqueue(text, start, end, false, hash);
  }

  addMissing(): void {
    this.#enqueue('', -1, -1, false, 0);
  }

  build(name: string): CategoricalColumn {
    this.#flush();
    const codes = joined(this.#blocks, this.#block, this.#used, (n) => new Int32Array(n));
    const length = codes.length;
    this.#blocks = [];
    this.#block = NO_CODES;
    const present = length - this.#missing;
    const categories = this.#index.categories;
    const kind = dictionaryKind({
      distinct: categories.length,
      present,
      meanLength: present > 0 ? this.#totalLength / present : 0,
    });
    return {
      name,
      kind,
      storage: 'dictionary',
      codes,
      categories,
      missing: this.#missing,
    };
  }

  #enqueue(text: string, start: number, end: number, quoted: boolean, hash: number): void {
    const k = this.#queued;
    const at = k * QUEUE_STRIDE;
    const queue = this.#queue;
    this.#queueTexts[k] = text;
    queue[at] = start;
    queue[at + 1] = end;
    queue[at + QUEUE_HASH] = hash;
    queue[at + 3] = quoted ? 1 : 0;
    this.#queued = k + 1;
    if (at + QUEUE_STRIDE === queue.length) this.#flush();
  }

  /** Looks up the queued cells, in order, so that codes follow the order of first sight. */
  #flush(): void {
    const n = this.#queued;
    if (n === 0) return;
    this.#queued = 0;
    const index = this.#index;
    const queue = this.#queue;
    index.prefetch(queue, n);
    for (let k = 0; k < n; k++) {
      const at = k * QUEUE_STRIDE;
      const start = queue[at] ?? -1;
      const end = queue[at + 1] ?? -1;
      const code =
        start < 0
          ? -1
          : index.codeOfHashed(
              this.#queueTexts[k] ?? '',
              start,
              end,
              queue[at + 3] === 1,
              queue[at + QUEUE_HASH] ?? 0,
            );
      if (code < 0) {
        this.#missing++;
        this.#push(-1);
      } else {
        this.#totalLength += end - start;
        this.#push(code);
      }
    }
  }

  #push(code: number): void {
    if (this.#used === this.#block.length) {
      this.#blocks.push(this.#block);
      this.#block = new Int32Array(nextBlockLength(this.#block.length));
      this.#used = 0;
    }
    this.#block[this.#used++] = code;
  }
}

/** Whether String.prototype.trim might remove this character (spaces, line ends, U+00A0...). */
function maybeSpace(c: number): boolean {
  return c <= 0x20 || c >= 0xa0;
}
