import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
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
