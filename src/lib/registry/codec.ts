/**
 * Splits a model value into JSON and a few large binary chunks, and joins them again.
 *
 * Every typed array in the value (float32 weights today; int8, uint8 and float16 codes of
 * quantized models later) is packed into chunks of at most CHUNK_BYTES and replaced in the JSON
 * by a reference. IndexedDB then stores a handful of big buffers instead of thousands of small
 * records, and the same encoding serves the backup file.
 */
import { WorkbenchError } from '../errors';

/** Chunks stay well below what a single IndexedDB value or zip entry handles comfortably. */
export const CHUNK_BYTES = 32 * 1024 * 1024;
/** Offsets are aligned so every array can be viewed in place, without a copy. */
const ALIGN = 8;

const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

/** How a typed array appears in the JSON half. */
interface BinaryRef {
  $binary: TypedArrayName;
  chunk: number;
  offset: number;
  length: number;
}

export interface EncodedModel {
  json: unknown;
  chunks: ArrayBuffer[];
  /** Sum of the chunks' sizes. */
  binaryBytes: number;
}

function typedArrayName(value: ArrayBufferView): TypedArrayName | null {
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) {
    if (value instanceof TYPED_ARRAYS[name]) return name;
  }
  return null;
}

function isBinaryRef(value: unknown): value is BinaryRef {
  if (typeof value !== 'object' || value === null) return false;
  const name = (value as { $binary?: unknown }).$binary;
  return typeof name === 'string' && Object.hasOwn(TYPED_ARRAYS, name);
}

/** Sets a property even when its name is `__proto__` (a column may be called that). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Arrays this big that fill their own buffer become a chunk as they are, without a copy. */
const BORROW_BYTES = 1024 * 1024;

function ownsWholeBuffer(array: AnyTypedArray): array is AnyTypedArray & { buffer: ArrayBuffer } {
  return (
    array.buffer instanceof ArrayBuffer &&
    array.byteOffset === 0 &&
    array.byteLength === array.buffer.byteLength &&
    array.byteLength >= BORROW_BYTES &&
    array.byteLength <= CHUNK_BYTES
  );
}

/**
 * Lays out the arrays into chunks, then copies them in: one allocation per chunk. A large array
 * that owns its buffer is its own chunk (IndexedDB copies it on put anyway).
 */
export function encodeModel(model: unknown): EncodedModel {
  const arrays: { array: AnyTypedArray; ref: BinaryRef }[] = [];
  /** Per chunk: its size so far, or the borrowed buffer that is the whole chunk. */
  const layout: (number | ArrayBuffer)[] = [];
  let open = -1;
  const place = (array: AnyTypedArray, name: TypedArrayName): BinaryRef => {
    if (ownsWholeBuffer(array)) {
      layout.push(array.buffer);
      return { $binary: name, chunk: layout.length - 1, offset: 0, length: array.length };
    }
    const bytes = array.byteLength;
    let offset = open < 0 ? 0 : Math.ceil((layout[open] as number) / ALIGN) * ALIGN;
    if (open < 0 || (offset + bytes > CHUNK_BYTES && offset > 0)) {
      layout.push(0);
      open = layout.length - 1;
      offset = 0;
    }
    layout[open] = offset + bytes;
    const ref: BinaryRef = { $binary: name, chunk: open, offset, length: array.length };
    arrays.push({ array, ref });
    return ref;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (ArrayBuffer.isView(value)) {
      const name = typedArrayName(value);
      if (!name) {
        throw new WorkbenchError(
          'invalid_model',
          'The model holds binary data of an unknown type.',
        );
      }
      return place(value as AnyTypedArray, name);
    }
    if (Array.isArray(value)) return value.map(walk);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) setOwn(out, key, walk(item));
    }
    return out;
  };
  const json = walk(model);
  const chunks = layout.map((entry) =>
    typeof entry === 'number' ? new ArrayBuffer(entry) : entry,
  );
  for (const { array, ref } of arrays) {
    const source = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    new Uint8Array(chunks[ref.chunk] as ArrayBuffer, ref.offset, array.byteLength).set(source);
  }
  const binaryBytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  return { json, chunks, binaryBytes };
}

/** Rebuilds the value; typed arrays are views into the chunks (no copy). */
export function decodeModel<T>(json: unknown, chunks: readonly ArrayBuffer[]): T {
  const walk = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(walk);
    if (isBinaryRef(value)) {
      const Type = TYPED_ARRAYS[value.$binary];
      const chunk = chunks[value.chunk];
      const end = value.offset + value.length * Type.BYTES_PER_ELEMENT;
      if (!chunk || value.offset % Type.BYTES_PER_ELEMENT !== 0 || end > chunk.byteLength) {
        throw new WorkbenchError('backup_corrupt', 'A stored model refers to missing weights.', {
          hint: 'The stored copy is damaged; restore the version from a backup.',
        });
      }
      return new Type(chunk, value.offset, value.length);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, walk(item));
    return out;
  };
  return walk(json) as T;
}
