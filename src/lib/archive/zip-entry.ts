/**
 * Reads one entry's bytes: checks its local header against the directory, inflates in small
 * steps into a buffer of exactly the declared size (so a lying size is caught at once, not
 * after gigabytes), checks the CRC-32, and yields to the event loop as it goes.
 */
import CRC32 from 'crc-32';
import { Inflate } from 'fflate';
import { formatBytes } from '../format';
import { Pacer } from '../pace';
import type { ByteSource } from './byte-source';
import { INFLATE_STEP_BYTES } from './limits';
import { corrupt, LOCAL_BYTES, type ZipEntry } from './zip-directory';
import { ZipError } from './zip-error';

/** Stored bytes are checksummed this much at a time between yields. */
const CRC_STEP_BYTES = 1024 * 1024;

async function compressedBytes(source: ByteSource, entry: ZipEntry): Promise<Uint8Array> {
  const header = await source.read(entry.offset, LOCAL_BYTES + entry.nameBytes);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < LOCAL_BYTES + entry.nameBytes || view.getUint32(0, true) !== 0x04034b50) {
    throw corrupt(`the header of ${entry.name} is missing`);
  }
  const name = header.subarray(LOCAL_BYTES);
  if (
    view.getUint16(8, true) !== entry.method ||
    view.getUint16(26, true) !== entry.nameBytes ||
    new TextDecoder().decode(name) !== entry.name
  ) {
    throw corrupt(`the header of ${entry.name} disagrees with the directory`);
  }
  const start = entry.offset + LOCAL_BYTES + entry.nameBytes + view.getUint16(28, true);
  if (start + entry.compressedSize > entry.boundary) {
    throw corrupt(`${entry.name} overlaps another entry or the directory`);
  }
  const data = await source.read(start, entry.compressedSize);
  if (data.length !== entry.compressedSize) throw corrupt(`${entry.name} is cut short`);
  return data;
}

async function inflate(data: Uint8Array, entry: ZipEntry, pacer: Pacer): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let produced = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (produced + chunk.length > entry.size) {
      throw new ZipError(
        'too_large',
        `${entry.name} unpacks to more than the ${formatBytes(entry.size)} it declares`,
      );
    }
    out.set(chunk, produced);
    produced += chunk.length;
    finished ||= final;
  });
  try {
    for (let at = 0; at < data.length || at === 0; at += INFLATE_STEP_BYTES) {
      const end = Math.min(data.length, at + INFLATE_STEP_BYTES);
      inflater.push(data.subarray(at, end), end === data.length);
      if (end === data.length) break;
      await pacer.pause();
    }
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw corrupt(
      `${entry.name} cannot be unpacked (${error instanceof Error ? error.message : 'bad data'})`,
    );
  }
  if (!finished || produced !== entry.size) {
    throw corrupt(
      `${entry.name} unpacks to ${formatBytes(produced)}, not the ${formatBytes(entry.size)} it declares`,
    );
  }
  return out;
}

async function crcOf(bytes: Uint8Array, pacer: Pacer): Promise<number> {
  let crc = 0;
  for (let at = 0; at < bytes.length; at += CRC_STEP_BYTES) {
    crc = CRC32.buf(bytes.subarray(at, at + CRC_STEP_BYTES), crc);
    await pacer.pause();
  }
  return crc >>> 0;
}

/** The entry's uncompressed bytes, proven to match its declared size and CRC-32. */
export async function readEntry(source: ByteSource, entry: ZipEntry): Promise<Uint8Array> {
  const pacer = new Pacer();
  const data = await compressedBytes(source, entry);
  const bytes = entry.method === 0 ? data : await inflate(data, entry, pacer);
  if ((await crcOf(bytes, pacer)) !== entry.crc) {
    throw corrupt(`${entry.name} does not match its CRC-32 checksum`);
  }
  return bytes;
}
