import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import CRC32 from 'crc-32';
import { describe, expect, it } from 'vitest';
import { openZip, ZipError, type ZipProblem } from './zip-reader';

/** A zip written the way the backup writer writes one (streamed, with data descriptors). */
function streamedZip(files: Record<string, Uint8Array>, compress = true): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  for (const [name, bytes] of Object.entries(files)) {
    const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function problemOf(work: Promise<unknown>): Promise<ZipProblem | 'ok'> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    if (error instanceof ZipError) return error.problem;
    throw error;
  }
}

async function readAll(file: Uint8Array | Blob, limits = {}) {
  const zip = await openZip(file, limits);
  const out: Record<string, string> = {};
  for (const entry of zip.entries)
    out[entry.name] = new TextDecoder().decode(await zip.read(entry));
  return out;
}

const text = 'hello zip '.repeat(5000);

describe('openZip', () => {
  it('reads streamed, synchronous, stored and deflated zips, from bytes and Blobs', async () => {
    const files = { 'a.txt': strToU8(text), 'dir/b.json': strToU8('{"b":1}') };
    const expected = { 'a.txt': text, 'dir/b.json': '{"b":1}' };
    expect(await readAll(streamedZip(files))).toEqual(expected);
    expect(await readAll(streamedZip(files, false))).toEqual(expected);
    expect(await readAll(zipSync(files))).toEqual(expected);
    expect(await readAll(new Blob([zipSync(files, { level: 0 })]))).toEqual(expected);
  });

  it('tells not-a-zip, cut-off and damaged files apart', async () => {
    const zip = streamedZip({ 'a.txt': strToU8(text) });
    expect(await problemOf(openZip(strToU8('name,value\n1,2\n')))).toBe('not_zip');
    expect(await problemOf(openZip(zip.subarray(0, zip.length - 10)))).toBe('truncated');
    const extended = new Uint8Array(zip.length + 3);
    extended.set(zip);
    expect(await problemOf(openZip(extended))).toBe('corrupt');
  });

  it('checks the CRC-32 of every entry', async () => {
    const zip = streamedZip({ 'a.txt': strToU8(text) }, false);
    const flipped = zip.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 1; // inside the stored data
    await expect(readAll(flipped)).rejects.toMatchObject({ problem: 'corrupt' });
  });

  it('refuses a bomb from its declared sizes, before inflating', async () => {
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(64 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await problemOf(openZip(bomb))).toBe('too_large');
    expect(await problemOf(openZip(bomb, { maxEntryBytes: 2 ** 30 }))).toBe('too_large'); // ratio
    expect(await problemOf(openZip(bomb, { maxEntryBytes: 2 ** 30, maxRatio: 2000 }))).toBe('ok');
  });
});

/**
 * A Blob of `size` bytes that are zero except for the given segments, made on demand: a 2 GB
 * archive to read without holding 2 GB.
 */
class SparseBlob extends Blob {
  constructor(
    readonly total: number,
    readonly segments: { at: number; bytes: Uint8Array }[],
  ) {
    super([]);
  }
  override get size(): number {
    return this.total;
  }
  override slice(start = 0, end = this.total): Blob {
    const out = new Uint8Array(Math.max(0, Math.min(end, this.total) - start));
    for (const { at, bytes } of this.segments) {
      const from = Math.max(at, start);
      const to = Math.min(at + bytes.length, start + out.length);
      if (from < to) out.set(bytes.subarray(from - at, to - at), from - start);
    }
    return new Blob([out]);
  }
}

/** The layout of a backup of `chunks` stored chunks of `chunkBytes` zeros, as segments. */
function sparseArchive(chunks: number, chunkBytes: number, crc: number): SparseBlob {
  const segments: { at: number; bytes: Uint8Array }[] = [];
  const central: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < chunks; i++) {
    const name = strToU8(`versions/v${i}/chunk-0.bin`);
    const local = new Uint8Array(30 + name.length);
    const view = new DataView(local.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint32(14, crc, true);
    view.setUint32(18, chunkBytes, true);
    view.setUint32(22, chunkBytes, true);
    view.setUint16(26, name.length, true);
    local.set(name, 30);
    segments.push({ at, bytes: local });
    const header = new Uint8Array(46 + name.length);
    const cd = new DataView(header.buffer);
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, chunkBytes, true);
    cd.setUint32(24, chunkBytes, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, at, true);
    header.set(name, 46);
    central.push(header);
    at += local.length + chunkBytes;
  }
  const directory = at;
  for (const header of central) {
    segments.push({ at, bytes: header });
    at += header.length;
  }
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, chunks, true);
  view.setUint16(10, chunks, true);
  view.setUint32(12, at - directory, true);
  view.setUint32(16, directory, true);
  segments.push({ at, bytes: end });
  return new SparseBlob(at + 22, segments);
}

describe('a 2 GB workspace', () => {
  it('is within the limits, and every one of its 64 chunks of 32 MiB reads back', async () => {
    const chunkBytes = 32 * 1024 * 1024;
    const crc = CRC32.buf(new Uint8Array(chunkBytes)) >>> 0;
    const file = sparseArchive(64, chunkBytes, crc);
    expect(file.size).toBeGreaterThan(2 * 1024 ** 3);
    const zip = await openZip(file);
    expect(zip.entries).toHaveLength(64);
    for (const entry of zip.entries) expect((await zip.read(entry)).length).toBe(chunkBytes);
  });
});
