/**
 * Builds hostile zips for the tests: any sizes, CRCs, offsets and names, true or not, and
 * deflate streams of zeros of any length without compressing anything (a few MB of output for
 * gigabytes of zeros), as compression bombs are made.
 */
import CRC32 from 'crc-32';

export interface CraftedEntry {
  name: string;
  /** The bytes as stored (already compressed when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** Declared uncompressed size. */
  size: number;
  crc: number;
  /** Point the directory at another entry's local header (for overlaps). */
  offsetOf?: string;
}

class BitWriter {
  bytes: Uint8Array;
  length = 0;
  #bit = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }
  /** Writes `count` bits of `value`, least significant first (deflate's bit order). */
  write(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      if ((value >> i) & 1)
        this.bytes[this.length] = (this.bytes[this.length] ?? 0) | (1 << this.#bit);
      if (++this.#bit === 8) {
        this.#bit = 0;
        this.length++;
      }
    }
  }
  /** Writes a Huffman code, most significant bit first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.write((value >> i) & 1, 1);
  }
  done(): Uint8Array {
    return this.bytes.subarray(0, this.length + (this.#bit > 0 ? 1 : 0));
  }
}

/** One fixed-Huffman deflate block that inflates to `size` zero bytes (size >= 1). */
export function deflateZeros(size: number): Uint8Array {
  const matches = Math.floor((size - 1) / 258);
  const literals = size - matches * 258;
  const writer = new BitWriter(Math.ceil((3 + literals * 8 + matches * 13 + 7) / 8) + 1);
  writer.write(1, 1); // final block
  writer.write(1, 2); // fixed Huffman codes
  writer.code(0x30, 8); // literal 0
  for (let i = 0; i < matches; i++) {
    writer.code(0xc5, 8); // length 258 (code 285)
    writer.code(0, 5); // distance 1
  }
  for (let i = 1; i < literals; i++) writer.code(0x30, 8);
  writer.code(0, 7); // end of block
  return writer.done();
}

export function stored(name: string, data: Uint8Array): CraftedEntry {
  return { name, data, method: 0, size: data.length, crc: CRC32.buf(data) >>> 0 };
}

/** Writes local headers, data, the central directory and its end record, as told. */
export function craftZip(entries: CraftedEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const names = entries.map((entry) => encoder.encode(entry.name));
  const localBytes = entries.reduce(
    (sum, e, i) => sum + 30 + (names[i]?.length ?? 0) + e.data.length,
    0,
  );
  const centralBytes = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const out = new Uint8Array(localBytes + centralBytes + 22);
  const view = new DataView(out.buffer);
  const offsets = new Map<string, number>();
  let at = 0;
  entries.forEach((entry, i) => {
    const name = names[i] ?? new Uint8Array();
    offsets.set(entry.name, offsets.get(entry.name) ?? at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 8, entry.method, true);
    view.setUint32(at + 14, entry.crc, true);
    view.setUint32(at + 18, entry.data.length, true);
    view.setUint32(at + 22, entry.size >>> 0, true);
    view.setUint16(at + 26, name.length, true);
    out.set(name, at + 30);
    out.set(entry.data, at + 30 + name.length);
    at += 30 + name.length + entry.data.length;
  });
  const directory = at;
  const localAt = [...offsets.values()];
  let index = 0;
  entries.forEach((entry, i) => {
    const name = names[i] ?? new Uint8Array();
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 10, entry.method, true);
    view.setUint32(at + 16, entry.crc, true);
    view.setUint32(at + 20, entry.data.length, true);
    view.setUint32(at + 24, Math.min(entry.size, 0xfffffffe), true);
    view.setUint16(at + 28, name.length, true);
    const own = offsets.get(entry.offsetOf ?? entry.name) ?? localAt[index] ?? 0;
    view.setUint32(at + 42, own, true);
    out.set(name, at + 46);
    at += 46 + name.length;
    index++;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - directory, true);
  view.setUint32(at + 16, directory, true);
  return out;
}
