/**
 * Splits a model value into JSON and a few large binary chunks, and joins them again.
 *
 * Every typed array in the value (float32 weights today; int8, uint8 and float16 codes of
 * quantized models later) is packed into chunks of at most CHUNK_BYTES and replaced in the JSON
 * by a reference. IndexedDB then stores a handful of big buffers instead of thousands of small
 * records, and the same encoding serves the backup file.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import { TYPED_ARRAYS, type TypedArrayName } from '../typed-arrays';
import { binaryRefSchema, firstIssue } from './record-schemas';

/** Chunks stay well below what a single IndexedDB value or zip entry handles comfortably. */
export const CHUNK_BYTES = 32 * 1024 * 1024;
/** Offsets are aligned so every array can be viewed in place, without a copy. */
const ALIGN = 8;

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

/** Whether a JSON object stands for a typed array (it has a `$binary` key). */
function isBinaryRef(value: object): boolean {
  return Object.hasOwn(value, '$binary');
}

/** Sets a property even when its name is `__proto__` (a column may be called that). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
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

/** JSON deeper than this is refused rather than walked (a stack overflow is no answer). */
const MAX_DEPTH = 64;

/** How a damaged stored value is reported; the caller says whether it came from IndexedDB or a file. */
export type DamageReport = (reason: string) => WorkbenchError;

const damagedVersion: DamageReport = (reason) =>
  new WorkbenchError('registry_corrupt', `A saved model version is damaged: ${reason}.`, {
    hint: 'Delete this version for good and import it again from a backup.',
  });

function viewOf(value: object, chunks: readonly ArrayBuffer[], damaged: DamageReport) {
  const result = v.safeParse(binaryRefSchema, value);
  if (!result.success)
    throw damaged(`a weight reference is malformed (${firstIssue(result.issues)})`);
  const ref = result.output;
  const Type = TYPED_ARRAYS[ref.$binary];
  const chunk = chunks[ref.chunk];
  const end = ref.offset + ref.length * Type.BYTES_PER_ELEMENT;
  if (!(chunk instanceof ArrayBuffer)) throw damaged(`weight chunk ${ref.chunk} is missing`);
  if (ref.offset % Type.BYTES_PER_ELEMENT !== 0 || end > chunk.byteLength) {
    throw damaged(`weights point past the end of chunk ${ref.chunk}`);
  }
  return new Type(chunk, ref.offset, ref.length);
}

/**
 * Rebuilds the value; typed arrays are views into the chunks (no copy). Every reference is
 * checked against the chunks, so a damaged record is refused with a code, not a RangeError.
 */
export function decodeModel<T>(
  json: unknown,
  chunks: readonly ArrayBuffer[],
  damaged: DamageReport = damagedVersion,
): T {
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (depth > MAX_DEPTH) throw damaged(`its JSON is nested more than ${MAX_DEPTH} levels deep`);
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    if (isBinaryRef(value)) return viewOf(value, chunks, damaged);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, walk(item, depth + 1));
    return out;
  };
  return walk(json, 0) as T;
}
