/**
 * The dictionary of a text column: gives each distinct cell a code, in order of first sight.
 *
 * A hash table over character ranges of the tokenizer's chunk, so a value seen before is found
 * without slicing it into a new string first (a Map needs that string, then hashes it again).
 * A missing marker enters the table when first seen: an unquoted marker is missing, a quoted
 * one is an ordinary value.
 *
 * An index starts small, because a file may have 100,000 columns and few rows: a table of 8
 * slots is 64 bytes, which V8 keeps inside the typed array object itself (larger arrays cost a
 * separate buffer, ~400 bytes more), and markers are shared, not copied per column.
 */

const INITIAL_SLOTS = 8;
/** Entry flag: the key is a missing marker. */
const MARKER = 1;

/** The layout of `prefetch`'s queue: ints per cell, where the hash is and where reads go. */
export const QUEUE_STRIDE = 5;
export const QUEUE_HASH = 2;
const QUEUE_READ = 4;

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
  readonly #markers: readonly string[];
  #filled = 0;

  /** `missing`: the missing markers (a Set is read once and must not change afterwards). */
  constructor(missing: Iterable<string>) {
    this.#markers = markerList(missing);
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
    const marker = entry === 0 ? this.#markerIndex(text, start, end) : ~entry;
    if (entry === 0 && marker >= 0 && !quoted) {
      this.#fill(slot, h, ~marker); // a marker's first sight: missing from now on
      return -1;
    }
    const code = this.categories.length;
    this.categories.push(start === 0 && end === text.length ? text : text.slice(start, end));
    const flag = marker >= 0 ? MARKER : 0;
    if (entry < 0) this.#table[slot + 1] = ((code + 1) << 1) | flag;
    else this.#fill(slot, h, ((code + 1) << 1) | flag);
    return code;
  }

  /** Which missing marker text[start, end) is, or -1 (read only for values new to the table). */
  #markerIndex(text: string, start: number, end: number): number {
    const markers = this.#markers;
    for (let i = 0; i < markers.length; i++) {
      const marker = markers[i] ?? '';
      if (marker.length === end - start && text.startsWith(marker, start)) return i;
    }
    return -1;
  }

  /**
   * Reads the table slots (and for a likely match, the key) of the first `n` queued hashes one
   * after the other, so that the CPU fetches them from memory together, before they are looked
   * up. `queue` holds QUEUE_STRIDE ints per cell, its hash at QUEUE_HASH; what was read goes to
   * QUEUE_READ (only so that the engine cannot leave the reading out).
   */
  prefetch(queue: Int32Array, n: number): void {
    const table = this.#table;
    const mask = table.length - 2;
    for (let at = 0; at < n * QUEUE_STRIDE; at += QUEUE_STRIDE) {
      const h = queue[at + QUEUE_HASH] ?? 0;
      const slot = (h << 1) & mask;
      const entry = table[slot + 1] ?? 0;
      queue[at + QUEUE_READ] =
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

/** Each Set of markers as a list, made once: every column of a read shares it. */
const markerLists = new WeakMap<object, readonly string[]>();

function markerList(missing: Iterable<string>): readonly string[] {
  if (typeof missing !== 'object') return Array.from(new Set<string>(missing));
  let list = markerLists.get(missing);
  if (!list) {
    list = Array.from(new Set<string>(missing));
    markerLists.set(missing, list);
  }
  return list;
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
export function hashRange(text: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), HASH_PRIME);
  return h;
}
