/**
 * The dictionary of a text column: gives each distinct cell a code, in order of first sight.
 *
 * A hash table over character ranges of the tokenizer's chunk, so a value seen before is found
 * without slicing it into a new string first (a Map needs that string, then hashes it again).
 * Missing markers sit in the table from the start: an unquoted marker is missing, a quoted one
 * is an ordinary value.
 */

const INITIAL_SLOTS = 64;
/** Entry flag: the key is a missing marker. */
const MARKER = 1;

/** FNV-1a's starting value and multiplier (32-bit). */
export const HASH_SEED = 0x811c9dc5 | 0;
export const HASH_PRIME = 0x01000193;

export class CategoryIndex {
  /** Distinct values by code. */
  readonly categories: string[] = [];
  /**
   * Two numbers per slot, side by side so that a probe reads one cache line: the key's hash,
   * then its entry: 0 when empty, ((code + 1) << 1) | MARKER? for a value with a code (its key
   * is categories[code]), or ~i for missing marker i that has no code yet (quoted, it gets one).
   */
  #table = new Int32Array(INITIAL_SLOTS * 2);
  readonly #markers: string[] = [];
  #filled = 0;

  constructor(missing: Iterable<string>) {
    for (const marker of missing) {
      const h = hashRange(marker, 0, marker.length);
      const slot = this.#find(marker, 0, marker.length, h);
      if (this.#table[slot + 1] !== 0) continue; // listed twice
      this.#markers.push(marker);
      this.#fill(slot, h, ~(this.#markers.length - 1));
    }
  }

  /**
   * The code of text[start, end), added if new; -1 for a missing marker when not quoted. The
   * caller trims unquoted cells.
   */
  codeOf(text: string, start: number, end: number, quoted: boolean): number {
    return this.codeOfHashed(text, start, end, quoted, hashRange(text, start, end));
  }

  /** codeOf, given `hashRange(text, start, end)` (the tokenizer computes it while scanning). */
  codeOfHashed(text: string, start: number, end: number, quoted: boolean, h: number): number {
    const slot = this.#find(text, start, end, h);
    const entry = this.#table[slot + 1] ?? 0;
    if (entry > 0) return (entry & MARKER) !== 0 && !quoted ? -1 : (entry >> 1) - 1;
    if (entry < 0 && !quoted) return -1;
    const code = this.categories.length;
    this.categories.push(start === 0 && end === text.length ? text : text.slice(start, end));
    if (entry < 0) this.#table[slot + 1] = ((code + 1) << 1) | MARKER;
    else this.#fill(slot, h, (code + 1) << 1);
    return code;
  }

  /**
   * Reads the table slots (and for a likely match, the key) of the given hashes one after the
   * other, so that the CPU fetches them from memory together, before they are looked up. What
   * it read goes into `read` (only so that the engine cannot leave the reading out).
   */
  prefetch(hashes: Int32Array, n: number, read: Int32Array): void {
    const table = this.#table;
    const mask = table.length - 2;
    for (let k = 0; k < n; k++) {
      const h = hashes[k] ?? 0;
      const slot = (h << 1) & mask;
      const entry = table[slot + 1] ?? 0;
      read[k] =
        entry > 0 && table[slot] === h ? (this.categories[(entry >> 1) - 1]?.length ?? 0) : entry;
    }
  }

  /** Where the slot holding text[start, end) starts in the table, or the empty one's. */
  #find(text: string, start: number, end: number, h: number): number {
    const table = this.#table;
    const mask = table.length - 2;
    const length = end - start;
    for (let slot = (h << 1) & mask; ; slot = (slot + 2) & mask) {
      const entry = table[slot + 1] ?? 0;
      if (entry === 0) return slot;
      if (table[slot] !== h) continue;
      const key = (entry > 0 ? this.categories[(entry >> 1) - 1] : this.#markers[~entry]) ?? '';
      if (key.length === length && text.startsWith(key, start)) return slot;
    }
  }

  #fill(slot: number, h: number, entry: number): void {
    this.#table[slot] = h;
    this.#table[slot + 1] = entry;
    if (++this.#filled * 4 > this.#table.length) this.#grow();
  }

  /** Doubles the table (kept at most half full, so probe runs stay short). */
  #grow(): void {
    const old = this.#table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length - 2;
    for (let from = 0; from < old.length; from += 2) {
      const entry = old[from + 1] ?? 0;
      if (entry === 0) continue;
      const h = old[from] ?? 0;
      let slot = (h << 1) & mask;
      while (table[slot + 1] !== 0) slot = (slot + 2) & mask;
      table[slot] = h;
      table[slot + 1] = entry;
    }
    this.#table = table;
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
export function hashRange(text: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), HASH_PRIME);
  return h;
}
