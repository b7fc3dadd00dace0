/**
 * Encryption at rest, its primitives (issue 19): a passphrase derives a key-encryption key with
 * PBKDF2-SHA256 at 600,000 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256), which wraps a
 * random AES-GCM-256 data key. Records are sealed with the data key under a fresh 96-bit IV each
 * time (NIST SP 800-38D's recommended IV length) and a 128-bit tag, so a changed byte fails
 * closed. Changing the passphrase re-wraps the data key only: nothing else is re-encrypted. All
 * through WebCrypto, in the page, a worker or Node alike. The data key never leaves memory.
 */
import { WorkbenchError } from '../errors';

/** The key derivation, as stored with the wrapped key and asserted by the tests. */
export const KDF = { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, saltBytes: 16 } as const;
/** The cipher of the data key and of every sealed record. */
export const CIPHER = { name: 'AES-GCM', length: 256, ivBytes: 12, tagBits: 128 } as const;
export const WRAPPED_KEY_FORMAT = 'tabular-workbench/key@1';
/** Shorter passphrases are refused: they would be guessed long before 600,000 rounds matter. */
export const MIN_PASSPHRASE = 8;

/** The data key, wrapped by the passphrase: what a workspace stores (safe to keep in clear). */
export interface WrappedKey {
  format: typeof WRAPPED_KEY_FORMAT;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: Uint8Array };
  /** The IV the data key was wrapped under. */
  iv: Uint8Array;
  /** The data key, AES-GCM-encrypted by the passphrase's key (with its tag). */
  wrapped: Uint8Array;
}

const subtle = () => globalThis.crypto.subtle;
const random = (bytes: number) => globalThis.crypto.getRandomValues(new Uint8Array(bytes));

function checkPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE) {
    throw new WorkbenchError(
      'weak_passphrase',
      `A passphrase needs at least ${MIN_PASSPHRASE} characters.`,
      { hint: 'Use a few unrelated words: long is stronger than clever.' },
    );
  }
}

/** The key-encryption key of a passphrase and salt. */
async function keyOf(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle().deriveKey(
    { name: KDF.name, hash: KDF.hash, salt: salt as BufferSource, iterations },
    material,
    { name: CIPHER.name, length: CIPHER.length },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Wraps raw data-key bytes under a passphrase (fresh salt and IV). */
async function wrap(raw: Uint8Array, passphrase: string): Promise<WrappedKey> {
  const salt = random(KDF.saltBytes);
  const iv = random(CIPHER.ivBytes);
  const kek = await keyOf(passphrase, salt, KDF.iterations);
  const wrapped = new Uint8Array(
    await subtle().encrypt(
      { name: CIPHER.name, iv: iv as BufferSource, tagLength: CIPHER.tagBits },
      kek,
      raw as BufferSource,
    ),
  );
  return {
    format: WRAPPED_KEY_FORMAT,
    kdf: { name: KDF.name, hash: KDF.hash, iterations: KDF.iterations, salt },
    iv,
    wrapped,
  };
}

/** The raw data key, or `wrong_passphrase` (the tag does not verify: nothing is decrypted). */
async function unwrapRaw(stored: WrappedKey, passphrase: string): Promise<Uint8Array> {
  if (stored?.format !== WRAPPED_KEY_FORMAT || stored.kdf?.name !== KDF.name) {
    throw new WorkbenchError('data_tampered', 'The stored key is not one this workbench wrote.', {
      hint: 'Restore the workspace from a backup.',
    });
  }
  const kek = await keyOf(passphrase, stored.kdf.salt, stored.kdf.iterations);
  try {
    return new Uint8Array(
      await subtle().decrypt(
        { name: CIPHER.name, iv: stored.iv as BufferSource, tagLength: CIPHER.tagBits },
        kek,
        stored.wrapped as BufferSource,
      ),
    );
  } catch {
    throw new WorkbenchError(
      'wrong_passphrase',
      'That passphrase does not unlock this workspace.',
      {
        hint: 'Check it and try again. A forgotten passphrase cannot be recovered: the data is lost without it.',
      },
    );
  }
}

function importDataKey(raw: Uint8Array): Promise<CryptoKey> {
  // Not extractable: once unlocked, the key can seal and open records but never be read out.
  return subtle().importKey('raw', raw as BufferSource, { name: CIPHER.name }, false, [
    'encrypt',
    'decrypt',
  ]);
}

/** A new workspace key: the data key (in memory) and its wrapped form (to store). */
export async function createWorkspaceKey(
  passphrase: string,
): Promise<{ key: CryptoKey; stored: WrappedKey }> {
  checkPassphrase(passphrase);
  const raw = random(CIPHER.length / 8);
  try {
    return { key: await importDataKey(raw), stored: await wrap(raw, passphrase) };
  } finally {
    raw.fill(0);
  }
}

/** The data key of a stored workspace key; `wrong_passphrase` when it does not unlock. */
export async function unlockWorkspaceKey(
  stored: WrappedKey,
  passphrase: string,
): Promise<CryptoKey> {
  const raw = await unwrapRaw(stored, passphrase);
  try {
    return await importDataKey(raw);
  } finally {
    raw.fill(0);
  }
}

/** The same data key wrapped under a new passphrase: nothing else needs re-encrypting. */
export async function changePassphrase(
  stored: WrappedKey,
  current: string,
  next: string,
): Promise<WrappedKey> {
  checkPassphrase(next);
  const raw = await unwrapRaw(stored, current);
  try {
    return await wrap(raw, next);
  } finally {
    raw.fill(0);
  }
}

/**
 * Seals bytes: a fresh IV, then the ciphertext with its tag. `context` (a record's id and store,
 * say) is authenticated too, so a sealed record moved to another place fails to open.
 */
export async function seal(key: CryptoKey, plain: Uint8Array, context = ''): Promise<Uint8Array> {
  const iv = random(CIPHER.ivBytes);
  const sealed = new Uint8Array(
    await subtle().encrypt(
      {
        name: CIPHER.name,
        iv: iv as BufferSource,
        tagLength: CIPHER.tagBits,
        additionalData: new TextEncoder().encode(context) as BufferSource,
      },
      key,
      plain as BufferSource,
    ),
  );
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return out;
}

/** Opens sealed bytes; `data_tampered` when any byte or the context changed. */
export async function open(key: CryptoKey, sealed: Uint8Array, context = ''): Promise<Uint8Array> {
  if (sealed.length < CIPHER.ivBytes + CIPHER.tagBits / 8) throw tampered();
  try {
    return new Uint8Array(
      await subtle().decrypt(
        {
          name: CIPHER.name,
          iv: sealed.subarray(0, CIPHER.ivBytes) as BufferSource,
          tagLength: CIPHER.tagBits,
          additionalData: new TextEncoder().encode(context) as BufferSource,
        },
        key,
        sealed.subarray(CIPHER.ivBytes) as BufferSource,
      ),
    );
  } catch {
    throw tampered();
  }
}

function tampered(): WorkbenchError {
  return new WorkbenchError(
    'data_tampered',
    'A stored record failed its integrity check and was not opened.',
    {
      hint: 'It was changed outside the workbench, or damaged. Restore it from a backup.',
    },
  );
}
