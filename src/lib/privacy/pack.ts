/**
 * One value (with typed arrays or ArrayBuffers inside) as one byte string, and back: what the
 * vault seals. The layout is a 4-byte header length, the header (JSON: the value with every
 * binary part replaced by `{ "$part": index, "type": name }`), then the parts at 8-byte-aligned
 * offsets. Stored models already hold `$binary` references of their own, so the marker differs.
 * Unpacking only ever reads what the vault decrypted, which only the workbench could have
 * written (the tag proves it); the bounds are checked all the same.
 */
import { WorkbenchError } from '../errors';
import { TYPED_ARRAYS, type TypedArrayName } from '../typed-arrays';

const ALIGN = 8;
const PART = '$part';
type PartType = TypedArrayName | 'ArrayBuffer';

const pad = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function typeOf(value: ArrayBufferView): TypedArrayName | null {
  for (const name of Object.keys(TYPED_ARRAYS) as TypedArrayName[]) {
    if (value instanceof TYPED_ARRAYS[name]) return name;
  }
  return null;
}

export function packValue(value: unknown): Uint8Array {
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
  const header = new TextEncoder().encode(JSON.stringify({ json, lengths }));
  let size = pad(4 + header.byteLength);
  for (const length of lengths) size += pad(length);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  let offset = pad(4 + header.byteLength);
  for (const p of parts) {
    out.set(p, offset);
    offset += pad(p.byteLength);
  }
  return out;
}

function broken(reason: string): WorkbenchError {
  return new WorkbenchError('data_tampered', `A sealed record could not be read: ${reason}.`, {
    hint: 'Restore it from a backup.',
  });
}

/** JSON deeper than this is refused rather than walked. */
const MAX_DEPTH = 64;

export function unpackValue<T>(bytes: Uint8Array): T {
  if (bytes.byteLength < 4) throw broken('it is too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > bytes.byteLength) throw broken('its header is cut short');
  let header: { json: unknown; lengths: unknown };
  try {
    header = <{ json: unknown; lengths: unknown }>(
      JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength)))
    );
  } catch {
    throw broken('its header is not JSON');
  }
  const lengths = Array.isArray(header?.lengths) ? (header.lengths as unknown[]) : [];
  let offset = pad(4 + headerLength);
  const parts: Uint8Array[] = [];
  for (const length of lengths) {
    if (
      !Number.isSafeInteger(length) ||
      (length as number) < 0 ||
      offset + (length as number) > bytes.byteLength
    ) {
      throw broken('a part points past its end');
    }
    parts.push(bytes.subarray(offset, offset + (length as number)));
    offset += pad(length as number);
  }
  const partOf = (ref: Record<string, unknown>): unknown => {
    const bytes = parts[ref[PART] as number];
    const type = ref.type as PartType;
    if (!bytes) throw broken('a part is missing');
    // Copied into its own buffer: the caller may keep or transfer it.
    const copy = bytes.slice().buffer;
    if (type === 'ArrayBuffer') return copy;
    const Type = Object.hasOwn(TYPED_ARRAYS, type) ? TYPED_ARRAYS[type] : null;
    if (!Type || copy.byteLength % Type.BYTES_PER_ELEMENT !== 0)
      throw broken('a part has an unknown type');
    return new Type(copy);
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
