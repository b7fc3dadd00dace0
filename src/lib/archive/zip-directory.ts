/**
 * Reads a zip's central directory and checks it before any entry is touched: entry count,
 * declared sizes and ratios against the limits, safe and unique names, and entries that do not
 * overlap each other or the directory. Nothing here inflates anything.
 */
import { formatBytes } from '../format';
import type { ByteSource } from './byte-source';
import type { ZipLimits } from './limits';
import { ZipError } from './zip-error';

export interface ZipEntry {
  name: string;
  /** 0 (stored) or 8 (deflate). */
  method: 0 | 8;
  /** CRC-32 of the uncompressed bytes, unsigned. */
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  offset: number;
  /** Where this entry's bytes must end: the next entry's header, or the directory. */
  boundary: number;
  nameBytes: number;
}

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const END_BYTES = 22;
const CENTRAL_BYTES = 46;
export const LOCAL_BYTES = 30;
const MAX_COMMENT = 0xffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export const corrupt = (reason: string) => new ZipError('corrupt', reason);
const tooLarge = (reason: string) => new ZipError('too_large', reason);

interface EndRecord {
  entries: number;
  directorySize: number;
  directoryOffset: number;
  at: number;
}

/** Finds the end-of-directory record, which must end exactly where the file does. */
async function readEndRecord(source: ByteSource): Promise<EndRecord> {
  const tailLength = Math.min(source.size, END_BYTES + MAX_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let sawSignature = false;
  for (let at = tail.length - END_BYTES; at >= 0; at--) {
    if (view.getUint32(at, true) !== END_SIGNATURE) continue;
    sawSignature = true;
    if (at + END_BYTES + view.getUint16(at + 20, true) !== tail.length) continue;
    if (view.getUint16(at + 4, true) !== 0 || view.getUint16(at + 6, true) !== 0) {
      throw corrupt('it spans several disks');
    }
    const entries = view.getUint16(at + 10, true);
    if (entries !== view.getUint16(at + 8, true)) throw corrupt('its entry counts disagree');
    const directorySize = view.getUint32(at + 12, true);
    const directoryOffset = view.getUint32(at + 16, true);
    if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      throw tooLarge('it is a ZIP64 archive, larger than the workbench reads');
    }
    return { entries, directorySize, directoryOffset, at: tailStart + at };
  }
  if (sawSignature) throw corrupt('bytes follow its end-of-directory record');
  throw new ZipError(
    'truncated',
    `it ends after ${formatBytes(source.size)}, before the zip's closing record`,
  );
}

/** A name that unpacks inside its folder: relative, no `..`, no backslashes or drive letters. */
function unsafeName(name: string): string | null {
  if (name === '') return 'an entry has no name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:]/.test(name))
    return `the entry name "${name}" has forbidden characters`;
  const parts = name.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) {
    return `the entry name "${name}" points outside its folder or is a folder`;
  }
  return null;
}

function parseEntry(view: DataView, at: number, limits: ZipLimits): [ZipEntry, number] {
  if (view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw corrupt('its directory is damaged');
  const flags = view.getUint16(at + 8, true);
  const method = view.getUint16(at + 10, true);
  const nameBytes = view.getUint16(at + 28, true);
  const next =
    at + CENTRAL_BYTES + nameBytes + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  if (next > view.byteLength) throw corrupt('its directory is damaged');
  if (flags & 0x41) throw corrupt('an entry is encrypted');
  if (method !== 0 && method !== 8) throw corrupt(`an entry uses compression method ${method}`);
  if (view.getUint16(at + 34, true) !== 0) throw corrupt('it spans several disks');
  if (nameBytes > limits.maxNameBytes) throw tooLarge(`an entry name is ${nameBytes} bytes long`);
  let name: string;
  try {
    name = utf8.decode(
      new Uint8Array(view.buffer, view.byteOffset + at + CENTRAL_BYTES, nameBytes),
    );
  } catch {
    throw corrupt('an entry name is not valid UTF-8');
  }
  const problem = unsafeName(name);
  if (problem) throw corrupt(problem);
  const entry: ZipEntry = {
    name,
    method,
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    offset: view.getUint32(at + 42, true),
    boundary: 0,
    nameBytes,
  };
  return [entry, next];
}

/** Declared sizes against the limits: a bomb is refused here, before a byte is inflated. */
function checkSizes(entries: ZipEntry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes) {
      throw tooLarge(
        `${entry.name} would unpack to ${formatBytes(entry.size)} (the limit is ${formatBytes(limits.maxEntryBytes)})`,
      );
    }
    if (entry.method === 0 && entry.size !== entry.compressedSize) {
      throw corrupt(`${entry.name} is stored uncompressed but its two sizes differ`);
    }
    if (
      entry.size > limits.ratioExemptBytes &&
      entry.size > entry.compressedSize * limits.maxRatio
    ) {
      throw tooLarge(
        `${entry.name} would expand ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times (the limit is ${limits.maxRatio})`,
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw tooLarge(`its entries would unpack to more than ${formatBytes(limits.maxTotalBytes)}`);
    }
  }
}

/** Entries sorted by position may not overlap each other or the directory. */
function checkLayout(entries: ZipEntry[], directoryOffset: number): void {
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  for (const [index, entry] of byOffset.entries()) {
    entry.boundary = byOffset[index + 1]?.offset ?? directoryOffset;
    if (entry.offset + LOCAL_BYTES + entry.nameBytes + entry.compressedSize > entry.boundary) {
      throw corrupt(`${entry.name} overlaps another entry or the directory`);
    }
  }
}

/** The checked list of entries, in directory order. */
export async function readDirectory(source: ByteSource, limits: ZipLimits): Promise<ZipEntry[]> {
  if (source.size > limits.maxArchiveBytes) {
    throw tooLarge(
      `it is ${formatBytes(source.size)} (the limit is ${formatBytes(limits.maxArchiveBytes)})`,
    );
  }
  const head = await source.read(0, 4);
  if (
    head.length < 4 ||
    new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) !== LOCAL_SIGNATURE
  ) {
    // An empty zip starts with its end record; nothing else is a zip.
    throw new ZipError('not_zip', 'it is not a zip file');
  }
  const end = await readEndRecord(source);
  if (end.entries > limits.maxEntries) {
    throw tooLarge(`it has ${end.entries} entries (the limit is ${limits.maxEntries})`);
  }
  if (end.directoryOffset + end.directorySize > end.at)
    throw corrupt('its directory is out of place');
  const directory = await source.read(end.directoryOffset, end.directorySize);
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = 0;
  for (let index = 0; index < end.entries; index++) {
    if (at + CENTRAL_BYTES > view.byteLength)
      throw corrupt('its directory is shorter than it says');
    const [entry, next] = parseEntry(view, at, limits);
    if (names.has(entry.name)) throw corrupt(`${entry.name} appears twice`);
    names.add(entry.name);
    entries.push(entry);
    at = next;
  }
  if (at !== view.byteLength) throw corrupt('its directory is longer than it says');
  checkSizes(entries, limits);
  checkLayout(entries, end.directoryOffset);
  return entries;
}
