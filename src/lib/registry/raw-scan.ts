/**
 * Test helper: every byte a database holds, as IndexedDB holds it (no registry in between), so
 * a test can prove that no plaintext value or weight is stored. Strings are taken as UTF-8,
 * typed arrays and ArrayBuffers as their bytes, numbers as float64 and float32.
 */
import { openDB } from 'idb';

function collect(value: unknown, out: Uint8Array[], seen: Set<unknown>): void {
  if (value === null || value === undefined || seen.has(value)) return;
  if (typeof value === 'string') out.push(new TextEncoder().encode(value));
  else if (typeof value === 'number') {
    out.push(new Uint8Array(Float64Array.of(value).buffer));
    out.push(new Uint8Array(Float32Array.of(value).buffer));
  } else if (value instanceof ArrayBuffer) out.push(new Uint8Array(value));
  else if (ArrayBuffer.isView(value)) {
    out.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (typeof value === 'object') {
    seen.add(value);
    for (const [key, item] of Object.entries(value)) {
      out.push(new TextEncoder().encode(key));
      collect(item, out, seen);
    }
  }
}

/** Each store's bytes, concatenated (with a zero between values so needles do not straddle). */
export async function storedBytes(name: string): Promise<Record<string, Uint8Array>> {
  const db = await openDB(name);
  try {
    const result: Record<string, Uint8Array> = {};
    for (const store of db.objectStoreNames) {
      const parts: Uint8Array[] = [];
      for (const record of await db.getAll(store)) collect(record, parts, new Set());
      const size = parts.reduce((sum, part) => sum + part.byteLength + 1, 0);
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.byteLength + 1;
      }
      result[store] = bytes;
    }
    return result;
  } finally {
    db.close();
  }
}

/** Whether `needle` occurs in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first as number);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(first as number, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The stores (or files) of `bytes` in which any needle occurs, with the needle found. */
export function findPlaintext(
  bytes: Record<string, Uint8Array>,
  needles: Record<string, Uint8Array | string>,
): string[] {
  const found: string[] = [];
  for (const [where, haystack] of Object.entries(bytes)) {
    for (const [what, needle] of Object.entries(needles)) {
      const raw = typeof needle === 'string' ? new TextEncoder().encode(needle) : needle;
      if (containsBytes(haystack, raw)) found.push(`${what} in ${where}`);
    }
  }
  return found;
}
