/**
 * Encryption at rest for the registry (issue 19). When a workspace has a passphrase, every
 * stored model, reference snapshot and prediction-log chunk is sealed with AES-GCM-256 under
 * the workspace's data key, each under a fresh IV and with its place (store and id)
 * authenticated, so a record copied elsewhere fails to open. The wrapped key lives in the
 * settings store; the data key lives in memory only, here, until `lock`.
 *
 * Whether encryption is on is read from the settings store before every seal, so a worker or
 * another tab never writes in clear after this one turned encryption on. A stored key that is
 * malformed (edited in devtools) counts as on and fails closed.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import {
  CIPHER,
  KDF,
  WRAPPED_KEY_FORMAT,
  open as openSealed,
  seal as sealBytes,
  type WrappedKey,
} from '../privacy/crypto';
import { joinValue, splitValue } from '../privacy/pack';
import type { RegistryDb } from './schema';

/** The settings key of the wrapped data key. */
export const ENCRYPTION_SETTING = 'encryption';
export const SEALED_FORMAT = 'tabular-workbench/sealed@1';

/**
 * A stored record in sealed form: its key in clear (IndexedDB needs it), the rest sealed as a
 * header and its binary parts (weights, chunks), each on its own, so that nothing is copied into
 * one buffer first and an opened part becomes the record's buffer as it is.
 */
export interface SealedRecord<K> {
  id: K;
  format: typeof SEALED_FORMAT;
  /** The header (JSON with references to the parts), sealed. */
  sealed: Uint8Array;
  /**
   * Each binary part as its segments, each sealed under the record's place, the part's index
   * and count and the segment's index and count.
   */
  parts: Uint8Array[][];
}

/** More parts than any record of the workbench has (a 2 GB model is 64 chunks). */
const MAX_PARTS = 4096;
/** Segments of a part: a 32 MiB chunk is 64 of them. */
const MAX_SEGMENTS = 4096;
/**
 * Parts are sealed in segments of this size, side by side: Chromium seals 4 MiB in about 7 ms in
 * one call and in about 3 ms as eight calls of 512 KiB (measured in the bench page).
 */
export const SEGMENT_BYTES = 512 * 1024;

export interface EncryptionStatus {
  /** The workspace has a passphrase: its records are sealed. */
  enabled: boolean;
  /** Encryption is on and this connection holds no key: sealed records cannot be read. */
  locked: boolean;
}

const bytesOf = (length: number) =>
  v.pipe(
    v.instance(Uint8Array),
    v.check((bytes) => bytes.length === length, `must be ${length} bytes`),
  );

/**
 * What a stored wrapped key must be. The iteration count is bounded both ways: fewer would
 * weaken the key, and a huge count edited in would hang the unlock.
 */
const wrappedKeySchema = v.object({
  format: v.literal(WRAPPED_KEY_FORMAT),
  kdf: v.object({
    name: v.literal(KDF.name),
    hash: v.literal(KDF.hash),
    iterations: v.pipe(v.number(), v.integer(), v.minValue(KDF.iterations), v.maxValue(10_000_000)),
    salt: bytesOf(KDF.saltBytes),
  }),
  iv: bytesOf(CIPHER.ivBytes),
  wrapped: bytesOf(CIPHER.length / 8 + CIPHER.tagBits / 8),
});

/** A wrapped key read from anywhere (settings, a backup), checked; `data_tampered` when not sound. */
export function checkWrappedKey(value: unknown): WrappedKey {
  const parsed = v.safeParse(wrappedKeySchema, value);
  if (!parsed.success) throw tamperedKey();
  return parsed.output;
}

export function isSealed(value: unknown): value is SealedRecord<unknown> {
  const record = value as Partial<SealedRecord<unknown>> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    record.format === SEALED_FORMAT &&
    record.sealed instanceof Uint8Array &&
    Array.isArray(record.parts) &&
    record.parts.length <= MAX_PARTS &&
    record.parts.every(
      (part) =>
        Array.isArray(part) &&
        part.length <= MAX_SEGMENTS &&
        part.every((segment) => segment instanceof Uint8Array),
    )
  );
}

export function workspaceLocked(): WorkbenchError {
  return new WorkbenchError('workspace_locked', 'The workspace is locked: unlock it to go on.', {
    hint: 'Enter the passphrase on the lock screen (or call unlock(passphrase) on the registry).',
  });
}

function tamperedKey(): WorkbenchError {
  return new WorkbenchError(
    'data_tampered',
    "The workspace's stored key is damaged or was edited, so nothing can be decrypted.",
    { hint: 'Restore the workspace from an encrypted backup.' },
  );
}

export class RecordVault {
  #key: CryptoKey | null = null;
  readonly #db: () => RegistryDb;

  constructor(db: () => RegistryDb) {
    this.#db = db;
  }

  /** The stored wrapped key: null when encryption is off; `data_tampered` when malformed. */
  async wrappedKey(): Promise<WrappedKey | null> {
    const db = this.#db();
    if (!db.objectStoreNames.contains('settings')) return null;
    const record = await db.get('settings', ENCRYPTION_SETTING);
    if (record === undefined) return null;
    return checkWrappedKey(record.value);
  }

  async enabled(): Promise<boolean> {
    try {
      return (await this.wrappedKey()) !== null;
    } catch {
      return true;
    }
  }

  async status(): Promise<EncryptionStatus> {
    const enabled = await this.enabled();
    return { enabled, locked: enabled && this.#key === null };
  }

  get key(): CryptoKey | null {
    return this.#key;
  }

  setKey(key: CryptoKey | null): void {
    this.#key = key;
  }

  /** The key, or `workspace_locked`. */
  requireKey(): CryptoKey {
    if (!this.#key) throw workspaceLocked();
    return this.#key;
  }

  /**
   * A record as it is to be stored: sealed when encryption is on (then `workspace_locked`
   * without the key), as it is when off. `context` names its place (`models/<id>`).
   */
  async seal<K, V extends object>(id: K, value: V, context: string): Promise<V | SealedRecord<K>> {
    if (!(await this.enabled())) return value;
    return sealWith(this.requireKey(), id, value, context);
  }

  /**
   * `seal` with the setting read once, for a write of several records (a save: its model and
   * its reference; a log write: its chunks).
   */
  async sealer(): Promise<
    <K, V extends object>(id: K, value: V, context: string) => Promise<V | SealedRecord<K>>
  > {
    if (!(await this.enabled())) return (_id, value) => Promise.resolve(value);
    const key = this.requireKey();
    return (id, value, context) => sealWith(key, id, value, context);
  }

  /** A stored record as its plain value; a sealed one needs the key and an intact tag. */
  async open<T>(stored: unknown, context: string): Promise<T> {
    if (!isSealed(stored)) return stored as T;
    return openWith<T>(this.requireKey(), stored, context);
  }
}

/** Seals a record (everything but its id) under `key`. */
export async function sealWith<K>(
  key: CryptoKey,
  id: K,
  value: object,
  context: string,
): Promise<SealedRecord<K>> {
  const rest = { ...value } as Record<string, unknown>;
  delete rest.id;
  const { header, parts } = splitValue(rest);
  // Every segment sealed side by side: WebCrypto runs them on several threads.
  const [sealed, sealedParts] = await Promise.all([
    sealBytes(key, header, context),
    Promise.all(
      parts.map((part, i) => {
        const count = Math.max(1, Math.ceil(part.byteLength / SEGMENT_BYTES));
        return Promise.all(
          Array.from({ length: count }, (_, j) =>
            sealBytes(
              key,
              part.subarray(j * SEGMENT_BYTES, (j + 1) * SEGMENT_BYTES),
              segmentContext(context, i, parts.length, j, count),
            ),
          ),
        );
      }),
    ),
  ]);
  return { id, format: SEALED_FORMAT, sealed, parts: sealedParts };
}

/**
 * A segment's seal names its record, its part's index and count and its own index and count:
 * none can be moved, dropped, reordered or added.
 */
const segmentContext = (context: string, part: number, parts: number, at: number, of: number) =>
  `${context}#${part}/${parts}:${at}/${of}`;

/** One buffer of a part's opened segments (the segment's own buffer when it is the only one). */
function joinSegments(segments: readonly Uint8Array[]): ArrayBuffer {
  const [first] = segments;
  if (segments.length === 1 && first) return first.buffer as ArrayBuffer;
  const out = new Uint8Array(segments.reduce((sum, segment) => sum + segment.byteLength, 0));
  let offset = 0;
  for (const segment of segments) {
    out.set(segment, offset);
    offset += segment.byteLength;
  }
  return out.buffer;
}

/** Opens a sealed record: its id and the rest; `data_tampered` when any byte changed. */
export async function openWith<T>(
  key: CryptoKey,
  stored: SealedRecord<unknown>,
  context: string,
): Promise<T> {
  const count = stored.parts.length;
  const [header, parts] = await Promise.all([
    openSealed(key, stored.sealed, context),
    Promise.all(
      stored.parts.map((segments, i) =>
        Promise.all(
          segments.map((segment, j) =>
            openSealed(key, segment, segmentContext(context, i, count, j, segments.length)),
          ),
        ),
      ),
    ),
  ]);
  // A part of one segment is its opened buffer as it is; longer ones are joined once.
  const value = joinValue<Record<string, unknown>>(header, parts.map(joinSegments));
  return { ...value, id: stored.id } as T;
}

/** Where each sealed record lives, as its seal's context. */
export const sealContext = {
  model: (id: string) => `models/${id}`,
  reference: (id: string) => `references/${id}`,
  /** A log chunk's id is given by IndexedDB inside the write, so its batch's fields name it. */
  logChunk: (batch: { versionId: string; time: number; rows: number }) =>
    `logChunks/${batch.versionId}/${batch.time}/${batch.rows}`,
  setting: (key: string) => `settings/${key}`,
};
