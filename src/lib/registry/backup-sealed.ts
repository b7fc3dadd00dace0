/**
 * The backup of an encrypted workspace: the whole backup zip sealed with the workspace's data
 * key, next to that key wrapped by the passphrase, so the same passphrase opens it on any
 * device, and nothing in it (names, weights, reference rows) is readable without it.
 *
 * Layout: the magic line, a 4-byte header length, the header (JSON: format and the wrapped key,
 * its bytes in base64), then the sealed zip (IV, ciphertext, tag).
 */
import { WorkbenchError } from '../errors';
import { open, seal, unlockWorkspaceKey, type WrappedKey } from '../privacy/crypto';
import { formatBytes } from '../format';
import { checkWrappedKey } from './vault';

/**
 * The most a sealed backup may hold: it is sealed and opened in one WebCrypto call, in memory.
 * Larger workspaces are backed up one project at a time.
 */
export const MAX_SEALED_BACKUP_BYTES = 1024 * 1024 * 1024;

const MAGIC = new TextEncoder().encode('TABULAR-WORKBENCH-SEALED-BACKUP\n');
export const SEALED_BACKUP_FORMAT = 'tabular-workbench/sealed-backup@1';
/** What the seal authenticates besides the bytes: a backup is a backup, not a record. */
const CONTEXT = 'backup';
/** The header is a few hundred bytes; more is not a header this workbench wrote. */
const MAX_HEADER_BYTES = 4096;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
function fromBase64(text: unknown): Uint8Array {
  if (typeof text !== 'string' || text.length > 1024) throw damaged('its key is malformed');
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw damaged('its key is malformed');
  }
}

function tooLarge(bytes: number): WorkbenchError {
  return new WorkbenchError(
    'backup_too_large',
    `An encrypted backup may hold at most ${formatBytes(MAX_SEALED_BACKUP_BYTES)}; this one holds ${formatBytes(bytes)}.`,
    { hint: 'Export one project at a time (pick it in the Project filter).' },
  );
}

function damaged(reason: string): WorkbenchError {
  return new WorkbenchError('backup_corrupt', `The encrypted backup is damaged: ${reason}.`, {
    hint: 'Use another copy of the backup.',
  });
}

async function bytesOf(
  source: Blob | Uint8Array | ArrayBuffer,
  limit: number,
): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return new Uint8Array(await source.slice(0, limit).arrayBuffer());
}

/** Whether a file starts as a sealed backup does (reads its first bytes only). */
export async function isSealedBackup(source: Blob | Uint8Array | ArrayBuffer): Promise<boolean> {
  // Anything else (a script may pass anything) is left to the zip reader to refuse.
  const readable =
    source instanceof Uint8Array || source instanceof ArrayBuffer || source instanceof Blob;
  if (!readable) return false;
  const head = await bytesOf(source, MAGIC.length);
  return head.length >= MAGIC.length && MAGIC.every((byte, i) => head[i] === byte);
}

/** Seals a backup zip under the workspace key, with the key wrapped as the workspace stores it. */
export async function sealBackup(zip: Blob, key: CryptoKey, wrapped: WrappedKey): Promise<Blob> {
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: SEALED_BACKUP_FORMAT,
      kdf: {
        name: wrapped.kdf.name,
        hash: wrapped.kdf.hash,
        iterations: wrapped.kdf.iterations,
        salt: toBase64(wrapped.kdf.salt),
      },
      iv: toBase64(wrapped.iv),
      wrapped: toBase64(wrapped.wrapped),
    }),
  );
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, header.byteLength, true);
  if (zip.size > MAX_SEALED_BACKUP_BYTES) throw tooLarge(zip.size);
  const sealed = await seal(key, new Uint8Array(await zip.arrayBuffer()), CONTEXT);
  return new Blob([MAGIC, length, header, sealed] as Uint8Array<ArrayBuffer>[], {
    type: 'application/octet-stream',
  });
}

/**
 * The zip inside a sealed backup: `backup_encrypted` without a passphrase, `wrong_passphrase`
 * with a wrong one, `data_tampered` when any byte of it changed.
 */
export async function openSealedBackup(
  source: Blob | Uint8Array | ArrayBuffer,
  passphrase: string | undefined,
): Promise<Uint8Array> {
  if (passphrase === undefined || passphrase === '') {
    throw new WorkbenchError(
      'backup_encrypted',
      'This backup is encrypted: it needs the passphrase of the workspace it came from.',
      { hint: 'Enter that passphrase to import it (importBackup(file, { passphrase })).' },
    );
  }
  const size = source instanceof Blob ? source.size : source.byteLength;
  if (size > MAX_SEALED_BACKUP_BYTES + MAX_HEADER_BYTES) throw tooLarge(size);
  const bytes = await bytesOf(source, size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < MAGIC.length + 4) throw damaged('it is cut short');
  const headerLength = view.getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  if (headerLength > MAX_HEADER_BYTES || start + headerLength > bytes.length) {
    throw damaged('its header is malformed');
  }
  let header: Record<string, unknown>;
  try {
    header = <Record<string, unknown>>(
      JSON.parse(new TextDecoder().decode(bytes.subarray(start, start + headerLength)))
    );
  } catch {
    throw damaged('its header is not JSON');
  }
  if (header?.format !== SEALED_BACKUP_FORMAT) throw damaged('its header names another format');
  const kdf = (header.kdf ?? {}) as Record<string, unknown>;
  const wrapped = {
    format: 'tabular-workbench/key@1',
    kdf: {
      name: kdf.name,
      hash: kdf.hash,
      iterations: kdf.iterations,
      salt: fromBase64(kdf.salt),
    },
    iv: fromBase64(header.iv),
    wrapped: fromBase64(header.wrapped),
  };
  const key = await unlockWorkspaceKey(checkWrappedKey(wrapped), passphrase);
  return open(key, bytes.subarray(start + headerLength), CONTEXT);
}
