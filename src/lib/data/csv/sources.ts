/** Reads any supported source as a stream of byte chunks, without loading a Blob whole. */

export type CsvSource = Blob | string | Uint8Array;

/** Size of the slices a Uint8Array or string source is cut into. */
const SLICE = 1 << 20;

export function sourceSize(source: CsvSource): number {
  if (typeof source === 'string') return source.length;
  if (source instanceof Uint8Array) return source.byteLength;
  return source.size;
}

/** Byte chunks of a Blob or Uint8Array source. */
export async function* byteChunks(source: Blob | Uint8Array): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let offset = 0; offset < source.byteLength; offset += SLICE) {
      yield source.subarray(offset, offset + SLICE);
    }
    return;
  }
  const reader = source.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.byteLength > 0) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Text chunks of a string source. */
export function* textChunks(source: string): Generator<string> {
  for (let offset = 0; offset < source.length; offset += SLICE) {
    yield source.slice(offset, offset + SLICE);
  }
}
