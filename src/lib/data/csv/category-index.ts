/**
 * The dictionary of a text column: gives each distinct cell a code, in order of first sight.
 *
 * A hash table over character ranges of the tokenizer's chunk, so a value seen before is found
 * without slicing it into a new string first (a Map needs that string, then hashes it again).
 * Missing markers sit in the table from the start: an unquoted marker is missing, a quoted one
 * is an ordinary value.
 */

const INITIAL_SLOTS = 64;
/** Slot flag: the key is a missing marker. */
const MARKER = 1;

export class CategoryIndex {
  /** Distinct values by code. */
  readonly categories: string[] = [];
  /** Per slot: (code + 1) << 1 (0 while a marker has no code yet), | MARKER; 0 when empty. */
  #entries = new Int32Array(INITIAL_SLOTS);
  #hashes = new Int32Array(INITIAL_SLOTS);
  #keys: string[] = new Array<string>(INITIAL_SLOTS).fill('');
  #filled = 0;

  constructor(missing: Iterable<string>) {
    for (const marker of missing) {
      const h = hash(marker, 0, marker.length);
      const slot = this.#find(marker, 0, marker.length, h);
      if (this.#entries[slot] === 0) this.#fill(slot, marker, h, MARKER);
    }
  }

  /**
   * The code of text[start, end), added if new; -1 for a missing marker when not quoted. The
   * caller trims unquoted cells.
   */
  codeOf(text: string, start: number, end: number, quoted: boolean): number {
    const h = hash(text, start, end);
    const slot = this.#find(text, start, end, h);
    const entry = this.#entries[slot] ?? 0;
    if ((entry & MARKER) !== 0 && !quoted) return -1;
    if (entry > 1) return (entry >> 1) - 1;
    const code = this.categories.length;
    const value = start === 0 && end === text.length ? text : text.slice(start, end);
    this.categories.push(value);
    if (entry === MARKER) {
      this.#entries[slot] = ((code + 1) << 1) | MARKER;
    } else {
      this.#fill(slot, value, h, (code + 1) << 1);
    }
    return code;
  }

  /** The slot holding text[start, end), or the empty slot where it belongs. */
  #find(text: string, start: number, end: number, h: number): number {
    const entries = this.#entries;
    const mask = entries.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      if (entries[slot] === 0) return slot;
      if (this.#hashes[slot] !== h) continue;
      const key = this.#keys[slot] ?? '';
      if (key.length === length && text.startsWith(key, start)) return slot;
    }
  }

  #fill(slot: number, key: string, h: number, entry: number): void {
    this.#entries[slot] = entry;
    this.#hashes[slot] = h;
    this.#keys[slot] = key;
    if (++this.#filled * 2 > this.#entries.length) this.#grow();
  }

  /** Doubles the table (kept at most half full, so probe runs stay short). */
  #grow(): void {
    const entries = this.#entries;
    const hashes = this.#hashes;
    const keys = this.#keys;
    const size = entries.length * 2;
    const mask = size - 1;
    this.#entries = new Int32Array(size);
    this.#hashes = new Int32Array(size);
    this.#keys = new Array<string>(size).fill('');
    for (let old = 0; old < entries.length; old++) {
      const entry = entries[old] ?? 0;
      if (entry === 0) continue;
      const h = hashes[old] ?? 0;
      let slot = h & mask;
      while (this.#entries[slot] !== 0) slot = (slot + 1) & mask;
      this.#entries[slot] = entry;
      this.#hashes[slot] = h;
      this.#keys[slot] = keys[old] ?? '';
    }
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
