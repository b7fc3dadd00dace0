/**
 * Reads any supported source as a stream of decoded text chunks, without loading a Blob whole,
 * and fingerprints its bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WorkbenchError } from '../../errors';
import { detectEncoding, type TextEncodingName } from './sniff';

export type CsvSource = Blob | string | Uint8Array;

export interface TextChunk {
  text: string;
  /** Bytes (characters, for a string source) consumed so far. */
  bytesRead: number;
  encoding: TextEncodingName;
  last: boolean;
}

/** Thrown by `textChunks` when UTF-8 decoding fails: the caller may retry as Windows-1252. */
export class NotUtf8Error extends Error {}

/**
 * Size of the slices a Uint8Array or string source (or a larger Blob chunk) is cut into: read
 * in a few milliseconds, so that a read can let other tasks run often (see pace.ts), even for
 * its first chunk, which the engine reads before it has optimized the tokenizer.
 */
const SLICE = 1 << 18;

/** Bytes looked at to pick the encoding and spot binary files. */
const HEAD_BYTES = 65536;

/** Above this size the fingerprint is computed while streaming instead of over a full copy. */
const INCREMENTAL_HASH_BYTES = 256 * 1024 * 1024;

/** Size of the source for progress: bytes, or characters for a string. */
export function sourceSize(source: CsvSource): number {
  if (typeof source === 'string') return source.length;
  if (source instanceof Uint8Array) return source.byteLength;
  return source.size;
}

/**
 * The SHA-256 of a source of up to 256 MiB, started at once with Web Crypto; null for larger
 * ones, which a Fingerprint hashes as they stream (Web Crypto needs the whole file at once).
 *
 * Web Crypto digests on another thread, so started before parsing it runs beside it: in
 * Chromium, 14.6 MiB of bytes read ~10% faster than when hashed after parsing, and a 143 MiB
 * Blob (1M rows x 20 columns) 2.5 s -> 2.3 s. A Blob is read whole once more for it; that copy
 * then coexists with the pre-sized columns rather than the finished ones: peak JS heap plus
 * ArrayBuffers stays 2.1-2.3x the numeric payload (hashing after parsing: 2.1-2.7x, as the
 * copy could meet uncollected garbage). @noble/hashes while streaming would hold no copy, but
 * at ~7 ms/MiB it costs as much as the parsing does. A read cancelled midway still lets the
 * digest finish in the background.
 */
export function startDigest(source: CsvSource): Promise<Digest> | null {
  if (sourceSize(source) > INCREMENTAL_HASH_BYTES) return null;
  const digest = digestOf(source);
  // A read that fails before the digest is awaited must not leave an unhandled rejection.
  digest.catch(() => undefined);
  return digest;
}

/** Hashes what streams through `textChunks`; `finish` gives the hex SHA-256 and byte count. */
export class Fingerprint {
  readonly #source: CsvSource;
  readonly #early: Promise<Digest> | null;
  readonly #hash: ReturnType<typeof sha256.create> | null;
  #bytes = 0;

  /** `early` is startDigest's promise for this source (shared by every read of it). */
  constructor(source: CsvSource, early: Promise<Digest> | null) {
    this.#source = source;
    this.#early = early;
    this.#hash = sourceSize(source) > INCREMENTAL_HASH_BYTES ? sha256.create() : null;
  }

  update(bytes: Uint8Array): void {
    this.#bytes += bytes.byteLength;
    this.#hash?.update(bytes);
  }

  /** Whether `update` needs the bytes of string sources (only when hashing incrementally). */
  get streaming(): boolean {
    return this.#hash !== null;
  }

  async finish(): Promise<Digest> {
    if (this.#hash) return { sha256: bytesToHex(this.#hash.digest()), bytes: this.#bytes };
    return this.#early ?? digestOf(this.#source);
  }
}

export interface Digest {
  sha256: string;
  bytes: number;
}

/** SHA-256 of a whole source with Web Crypto (a string as its UTF-8 bytes, without a BOM). */
async function digestOf(source: CsvSource): Promise<Digest> {
  const bytes =
    typeof source === 'string'
      ? new TextEncoder().encode(withoutBom(source))
      : source instanceof Uint8Array
        ? source
        : new Uint8Array(await source.arrayBuffer());
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return { sha256: bytesToHex(new Uint8Array(digest)), bytes: bytes.byteLength };
}

/**
 * Text chunks of a source: a string as is (without a BOM), bytes decoded strictly as UTF-8
 * unless a BOM says UTF-16, or as `forced`. Throws NotUtf8Error on invalid UTF-8.
 */
export function textChunks(
  source: CsvSource,
  fingerprint: Fingerprint,
  forced?: TextEncodingName,
): AsyncIterable<TextChunk> | Iterable<TextChunk> {
  return typeof source === 'string'
    ? stringChunks(withoutBom(source), fingerprint)
    : decodedChunks(source, fingerprint, forced);
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function* stringChunks(text: string, fingerprint: Fingerprint): Generator<TextChunk> {
  const encoder = fingerprint.streaming ? new TextEncoder() : null;
  for (let offset = 0; offset < text.length; offset += SLICE) {
    const piece = text.slice(offset, offset + SLICE);
    if (encoder) fingerprint.update(encoder.encode(piece));
    const bytesRead = offset + piece.length;
    yield { text: piece, bytesRead, encoding: 'utf-8', last: bytesRead >= text.length };
  }
  if (text.length === 0) yield { text: '', bytesRead: 0, encoding: 'utf-8', last: true };
}

async function* decodedChunks(
  source: Blob | Uint8Array,
  fingerprint: Fingerprint,
  forced: TextEncodingName | undefined,
): AsyncGenerator<TextChunk> {
  let decoder: TextDecoder | null = null;
  let encoding: TextEncodingName = forced ?? 'utf-8';
  let read = 0;
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? (decoder?.decode(bytes, { stream: true }) ?? '') : (decoder?.decode() ?? '');
    } catch (error) {
      if (encoding === 'utf-8') throw new NotUtf8Error('not UTF-8', { cause: error });
      throw new WorkbenchError(
        'invalid_encoding',
        `The file starts like ${encoding.toUpperCase()} text but has invalid bytes near byte ${read}.`,
        { hint: 'Save the file again as UTF-8 CSV and try again.', cause: error },
      );
    }
  };
  for await (let bytes of withHead(byteChunks(source), HEAD_BYTES)) {
    fingerprint.update(bytes);
    read += bytes.byteLength;
    if (!decoder) {
      const detected = detectEncoding(bytes.subarray(0, HEAD_BYTES));
      // Only a file that is not UTF-8 is retried: a broken UTF-16 file is not Windows-1252.
      encoding = detected === 'utf-8' ? (forced ?? detected) : detected;
      decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
      // Windows-1252 would read a UTF-8 BOM as "ï»¿" in the first header.
      if (encoding === 'windows-1252' && startsWithUtf8Bom(bytes)) bytes = bytes.subarray(3);
    }
    yield { text: decode(bytes), bytesRead: read, encoding, last: false };
  }
  yield { text: decode(), bytesRead: read, encoding, last: true };
}

function startsWithUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Byte chunks of a Blob or Uint8Array source. */
async function* byteChunks(source: Blob | Uint8Array): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let offset = 0; offset < source.byteLength; offset += SLICE) {
      yield source.subarray(offset, offset + SLICE);
    }
    return;
  }
  const reader = source.stream().getReader();
  let done = false;
  try {
    for (;;) {
      const result = await reader.read();
      if (result.done) {
        done = true;
        return;
      }
      // A Blob made in memory may come as one chunk (Node gives each of its parts whole):
      // cut it, so that a 60 MB part is not decoded into one 60 MB string and read in one go.
      const bytes = result.value;
      for (let offset = 0; offset < bytes.byteLength; offset += SLICE) {
        yield bytes.subarray(offset, offset + SLICE);
      }
    }
  } finally {
    // Stopped early (an error or a cancel): stop the stream reading the rest of the file.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The same bytes, but the first chunk holds at least `size` bytes (or all of them): encoding
 * and binary detection need the first bytes together, and a stream may deliver them one by one.
 */
async function* withHead(
  chunks: AsyncIterable<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array> {
  let head: Uint8Array[] | null = [];
  let length = 0;
  for await (const chunk of chunks) {
    if (!head) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    length += chunk.byteLength;
    if (length >= size) {
      yield concat(head, length);
      head = null;
    }
  }
  if (head && length > 0) yield concat(head, length);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
