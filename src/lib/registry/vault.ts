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
  /** Each binary part, sealed under the record's place, its index and the count. */
  parts: Uint8Array[];
}

/** More parts than any record of the workbench has (a 2 GB model is 64 chunks). */
const MAX_PARTS = 4096;

/** Seals a record for the workspace it goes into (as it is when that one is not encrypted). */
export type RecordSealer = <K, V extends object>(
  id: K,
  value: V,
  context: string,
) => Promise<V | SealedRecord<K>>;

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
    record.parts.every((part) => part instanceof Uint8Array)
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
   * How records are to be stored, decided once for a write (a save: its model and reference; a
   * log write: its chunks): sealed when encryption is on (then `workspace_locked` without the
   * key), as they are when off. A record's `context` names its place (`models/<id>`).
   */
  async sealer(): Promise<RecordSealer> {
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
  // Sealed side by side: WebCrypto may run them on several threads.
  const [sealed, ...sealedParts] = await Promise.all([
    sealBytes(key, header, context),
    ...parts.map((part, i) => sealBytes(key, part, partContext(context, i, parts.length))),
  ]);
  return { id, format: SEALED_FORMAT, sealed: sealed, parts: sealedParts };
}

/** A part's seal names its record, its index and the count: none can be moved, dropped or added. */
const partContext = (context: string, index: number, count: number) =>
  `${context}#${index}/${count}`;

/** Opens a sealed record: its id and the rest; `data_tampered` when any byte changed. */
export async function openWith<T>(
  key: CryptoKey,
  stored: SealedRecord<unknown>,
  context: string,
): Promise<T> {
  const count = stored.parts.length;
  const [header, ...parts] = await Promise.all([
    openSealed(key, stored.sealed, context),
    ...stored.parts.map((part, i) => openSealed(key, part, partContext(context, i, count))),
  ]);
  // Each opened part is a fresh buffer of exactly its bytes: it becomes the value's buffer.
  const value = joinValue<Record<string, unknown>>(
    header,
    parts.map((part) => part.buffer as ArrayBuffer),
  );
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
