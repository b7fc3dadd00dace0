/**
 * Turning a workspace's encryption on and off, unlocking, locking and changing the passphrase
 * (issue 19). Turning it on stores the wrapped key first and then seals every stored model,
 * reference snapshot and log chunk one record at a time, so a tab closed half-way leaves a
 * workspace that is on, with some records still in clear: the next unlock seals the rest.
 */
import { WorkbenchError } from '../errors';
import { isSoundBatch } from '../prediction-log/check-chunk';
import {
  changePassphrase as rewrap,
  createWorkspaceKey,
  unlockWorkspaceKey,
} from '../privacy/crypto';
import type { RegistryConnection } from './connection';
import { resealMaskSalt } from './mask-salt';
import {
  ENCRYPTION_SETTING,
  isSealed,
  openWith,
  sealContext,
  sealWith,
  type EncryptionStatus,
  type SealedRecord,
} from './vault';

/** Records sealed or opened so far, of how many. */
export type ResealProgress = (done: number, total: number) => void;

function encryptionState(on: boolean): WorkbenchError {
  return new WorkbenchError(
    'encryption_state',
    on ? 'Encryption is already on for this workspace.' : 'This workspace is not encrypted.',
    {
      hint: on
        ? 'Unlock it with its passphrase, or change the passphrase in Settings.'
        : 'Turn encryption on first (enableEncryption(passphrase)).',
    },
  );
}

interface StoredItem {
  store: 'models' | 'references' | 'logChunks';
  key: string | number;
  context: string;
}

/** Every record that encryption covers, with the context its seal names. */
async function sealableItems(conn: RegistryConnection): Promise<StoredItem[]> {
  const db = conn.open();
  const items: StoredItem[] = [];
  for (const id of await db.getAllKeys('models')) {
    items.push({ store: 'models', key: id, context: sealContext.model(id) });
  }
  if (conn.has('references')) {
    for (const id of await db.getAllKeys('references')) {
      items.push({ store: 'references', key: id, context: sealContext.reference(id) });
    }
  }
  if (conn.has('logChunks')) {
    for (const batch of (await db.getAll('logBatches')).filter(isSoundBatch)) {
      items.push({ store: 'logChunks', key: batch.id, context: sealContext.logChunk(batch) });
    }
  }
  return items;
}

/**
 * Seals (`seal`) or opens (`open`) every covered record that is not yet in that form, one
 * record per transaction. A record whose seal fails to open is left as it is (the damaged-record
 * views name it), so one tampered record never stops the rest.
 */
async function resealAll(
  conn: RegistryConnection,
  mode: 'seal' | 'open',
  onProgress?: ResealProgress,
): Promise<number> {
  const key = conn.vault.requireKey();
  await resealMaskSalt(conn, key, mode);
  const items = await sealableItems(conn);
  let changed = 0;
  for (const [index, item] of items.entries()) {
    const stored = (await conn.open().get(item.store, item.key)) as unknown;
    if (typeof stored === 'object' && stored !== null && isSealed(stored) !== (mode === 'seal')) {
      let next: unknown;
      try {
        next =
          mode === 'seal'
            ? await sealWith(key, item.key, stored, item.context)
            : await openWith(key, stored as SealedRecord<unknown>, item.context);
      } catch {
        next = undefined;
      }
      if (next !== undefined) {
        await conn.write([item.store], 0, async (tx) => {
          const store = tx.objectStore(item.store);
          // Deleted meanwhile (purged, trimmed by retention): not brought back.
          if ((await store.getKey(item.key)) !== undefined) await store.put(next as never);
        });
        changed++;
      }
    }
    onProgress?.(index + 1, items.length);
  }
  return changed;
}

export async function encryptionStatus(conn: RegistryConnection): Promise<EncryptionStatus> {
  return conn.vault.status();
}

/** Turns encryption on with a new passphrase and seals everything stored; stays unlocked. */
export async function enableEncryption(
  conn: RegistryConnection,
  passphrase: string,
  onProgress?: ResealProgress,
): Promise<number> {
  if (!conn.has('settings')) throw conn.olderSchema('settings');
  if (await conn.vault.enabled()) throw encryptionState(true);
  const { key, stored } = await createWorkspaceKey(passphrase);
  await conn.write(['settings'], 0, async (tx) => {
    await tx.objectStore('settings').put({ key: ENCRYPTION_SETTING, value: stored });
  });
  conn.vault.setKey(key);
  return resealAll(conn, 'seal', onProgress);
}

/** Unlocks with the passphrase (`wrong_passphrase` otherwise) and seals what is still clear. */
export async function unlock(
  conn: RegistryConnection,
  passphrase: string,
  onProgress?: ResealProgress,
): Promise<void> {
  const wrapped = await conn.vault.wrappedKey();
  if (!wrapped) throw encryptionState(false);
  conn.vault.setKey(await unlockWorkspaceKey(wrapped, passphrase));
  await resealAll(conn, 'seal', onProgress);
}

/** Wraps the same data key under a new passphrase: nothing else is re-encrypted. */
export async function changePassphrase(
  conn: RegistryConnection,
  current: string,
  next: string,
): Promise<void> {
  const wrapped = await conn.vault.wrappedKey();
  if (!wrapped) throw encryptionState(false);
  const rewrapped = await rewrap(wrapped, current, next);
  await conn.write(['settings'], 0, async (tx) => {
    await tx.objectStore('settings').put({ key: ENCRYPTION_SETTING, value: rewrapped });
  });
}

/**
 * Turns encryption off: every record is opened and stored in clear, then the key is removed,
 * then anything sealed meanwhile (by a worker or another tab) is opened too. The key stays in
 * this connection's memory so that nothing sealed is ever left unreadable.
 */
export async function disableEncryption(
  conn: RegistryConnection,
  passphrase: string,
  onProgress?: ResealProgress,
): Promise<void> {
  await unlock(conn, passphrase);
  await resealAll(conn, 'open', onProgress);
  await conn.write(['settings'], 0, async (tx) => {
    await tx.objectStore('settings').delete(ENCRYPTION_SETTING);
  });
  await resealAll(conn, 'open');
}

/** The settings key of the idle time before the app locks itself. */
const IDLE_LOCK_SETTING = 'idleLockSeconds';
/** The app locks after this long without a key press, click or touch, unless set otherwise. */
export const DEFAULT_IDLE_LOCK_SECONDS = 15 * 60;
/** Bounds of the idle time: a value edited in devtools outside them gives the default. */
export const IDLE_LOCK_BOUNDS = { min: 5, max: 24 * 60 * 60 } as const;

const soundIdle = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  value >= IDLE_LOCK_BOUNDS.min &&
  value <= IDLE_LOCK_BOUNDS.max;

export async function getIdleLockSeconds(conn: RegistryConnection): Promise<number> {
  if (!conn.has('settings')) return DEFAULT_IDLE_LOCK_SECONDS;
  const value = (await conn.open().get('settings', IDLE_LOCK_SETTING))?.value;
  return soundIdle(value) ? value : DEFAULT_IDLE_LOCK_SECONDS;
}

export async function setIdleLockSeconds(
  conn: RegistryConnection,
  seconds: number,
): Promise<number> {
  if (!soundIdle(seconds)) {
    throw new WorkbenchError(
      'invalid_spec',
      `The idle time before locking must be a whole number of seconds from ${IDLE_LOCK_BOUNDS.min} to ${IDLE_LOCK_BOUNDS.max}.`,
      { hint: 'Pick one of the offered times.' },
    );
  }
  await conn.write(['settings'], 0, async (tx) => {
    await tx.objectStore('settings').put({ key: IDLE_LOCK_SETTING, value: seconds });
  });
  return seconds;
}
