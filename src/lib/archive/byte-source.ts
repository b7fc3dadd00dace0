/**
 * Random access to a file's bytes without reading it whole: a Blob is read slice by slice, so
 * opening a large archive costs only the parts actually inspected.
 */
import { ZipError } from './zip-error';

export interface ByteSource {
  readonly size: number;
  /** The bytes [offset, offset + length); shorter only if the source ends first. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function byteSource(source: Blob | Uint8Array | ArrayBuffer): ByteSource {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    return {
      size: bytes.byteLength,
      read: (offset, length) =>
        Promise.resolve(bytes.subarray(offset, Math.min(bytes.byteLength, offset + length))),
    };
  }
  if (!(source instanceof Blob)) throw new ZipError('not_zip', 'it is not a file or bytes');
  return {
    size: source.size,
    read: async (offset, length) =>
      new Uint8Array(await source.slice(offset, offset + length).arrayBuffer()),
  };
}
