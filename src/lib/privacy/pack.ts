/**
 * One value (with typed arrays or ArrayBuffers inside) as a JSON header and its binary parts,
 * and back: what the vault seals, each piece on its own. The header is the value with every
 * binary part replaced by `{ "$part": index, "type": name }` (stored models already hold `$binary`
 * references of their own, so the marker differs). Joining only ever reads what the vault
 * decrypted, which only the workbench could have written (the tag proves it); the shapes are
 * checked all the same.
 */
import { WorkbenchError } from '../errors';
import { TYPED_ARRAYS, type TypedArrayName } from '../typed-arrays';
// setOwn: a property set even when its name is `__proto__` (a column may be called that).
import { setOwn } from '../registry/codec';

const PART = '$part';
/** JSON deeper than this is refused rather than walked. */
const MAX_DEPTH = 64;
type PartType = TypedArrayName | 'ArrayBuffer';

function typeOf(value: ArrayBufferView): TypedArrayName | null {
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) {
    if (value instanceof TYPED_ARRAYS[name]) return name;
  }
  return null;
}

/** A value as a JSON header (its binary parts replaced by references) and those parts. */
export interface SplitValue {
  header: Uint8Array;
  parts: Uint8Array[];
}

/**
 * Splits a value into its header and its binary parts, without copying the parts: the vault
 * seals each where it lies, and the opened parts become the value's buffers without a copy.
 */
export function splitValue(value: unknown): SplitValue {
  const parts: Uint8Array[] = [];
  const part = (bytes: Uint8Array, type: PartType) => {
    parts.push(bytes);
    return { [PART]: parts.length - 1, type };
  };
  const walk = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    if (item instanceof ArrayBuffer) return part(new Uint8Array(item), 'ArrayBuffer');
    if (ArrayBuffer.isView(item)) {
      const type = typeOf(item);
      if (!type)
        throw new WorkbenchError('internal', 'A record holds binary data of an unknown type.');
      return part(new Uint8Array(item.buffer, item.byteOffset, item.byteLength), type);
    }
    if (Array.isArray(item)) return item.map(walk);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(item))
      if (child !== undefined) setOwn(out, key, walk(child));
    return out;
  };
  const json = walk(value);
  const lengths = parts.map((p) => p.byteLength);
  return { header: new TextEncoder().encode(JSON.stringify({ json, lengths })), parts };
}

/** The value of a header and its parts, each part's buffer used as it is (no copy). */
export function joinValue<T>(headerBytes: Uint8Array, parts: readonly ArrayBuffer[]): T {
  let header: { json: unknown; lengths: unknown };
  try {
    header = <{ json: unknown; lengths: unknown }>JSON.parse(new TextDecoder().decode(headerBytes));
  } catch {
    throw broken('its header is not JSON');
  }
  const lengths = Array.isArray(header?.lengths) ? (header.lengths as unknown[]) : [];
  if (lengths.length !== parts.length || lengths.some((l, i) => l !== parts[i]?.byteLength)) {
    throw broken('its parts do not match its header');
  }
  const partOf = (ref: Record<string, unknown>): unknown => {
    const buffer = parts[ref[PART] as number];
    const type = ref.type as PartType;
    if (!buffer) throw broken('a part is missing');
    if (type === 'ArrayBuffer') return buffer;
    const Type = Object.hasOwn(TYPED_ARRAYS, type) ? TYPED_ARRAYS[type] : null;
    if (!Type || buffer.byteLength % Type.BYTES_PER_ELEMENT !== 0)
      throw broken('a part has an unknown type');
    return new Type(buffer);
  };
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item !== 'object' || item === null) return item;
    if (depth > MAX_DEPTH) throw broken('it is nested too deeply');
    if (Array.isArray(item)) return item.map((child) => walk(child, depth + 1));
    if (Object.hasOwn(item, PART)) return partOf(item as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(item)) setOwn(out, key, walk(child, depth + 1));
    return out;
  };
  return walk(header.json, 0) as T;
}

function broken(reason: string): WorkbenchError {
  return new WorkbenchError('data_tampered', `A sealed record could not be read: ${reason}.`, {
    hint: 'Restore it from a backup.',
  });
}
