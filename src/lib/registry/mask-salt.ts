/**
 * The workspace's masking salt (issue 19): 32 random bytes made on first use, kept in the
 * settings store, and sealed like every other secret when the workspace is encrypted. It never
 * goes into a backup or an export: a hashed value cannot be looked up without it.
 */
import { WorkbenchError } from '../errors';
import { newMaskSalt, SALT_BYTES } from '../privacy/mask';
import type { RegistryConnection } from './connection';
import { isSealed, openWith, sealContext, sealWith } from './vault';

export const MASK_SALT_SETTING = 'maskSalt';
const CONTEXT = sealContext.setting(MASK_SALT_SETTING);

function soundSalt(value: unknown): Uint8Array {
  const salt = (value as { salt?: unknown } | null)?.salt;
  if (salt instanceof Uint8Array && salt.length === SALT_BYTES) return salt;
  throw new WorkbenchError('registry_corrupt', "The workspace's masking salt is damaged.", {
    hint: 'Masked columns cannot be hashed alike without it. Restore the workspace from a backup.',
  });
}

/** The salt, made and stored on first use (sealed when the workspace is encrypted). */
export async function maskSalt(conn: RegistryConnection): Promise<Uint8Array> {
  if (!conn.has('settings')) throw conn.olderSchema('settings');
  const stored = (await conn.open().get('settings', MASK_SALT_SETTING))?.value;
  if (stored !== undefined) return soundSalt(await conn.vault.open(stored, CONTEXT));
  const seal = await conn.vault.sealer();
  const fresh = { salt: newMaskSalt() };
  const value = await seal(MASK_SALT_SETTING, fresh, CONTEXT);
  // Another tab may have made one meanwhile: the first one stored wins, here too.
  const kept = await conn.write(['settings'], 0, async (tx) => {
    const settings = tx.objectStore('settings');
    const raced = (await settings.get(MASK_SALT_SETTING))?.value;
    if (raced !== undefined) return raced;
    await settings.put({ key: MASK_SALT_SETTING, value });
    return value;
  });
  return kept === value ? fresh.salt : soundSalt(await conn.vault.open(kept, CONTEXT));
}

/** Seals (`seal`) or opens (`open`) the stored salt with the key, when it is not in that form. */
export async function resealMaskSalt(
  conn: RegistryConnection,
  key: CryptoKey,
  mode: 'seal' | 'open',
): Promise<void> {
  if (!conn.has('settings')) return;
  const stored = (await conn.open().get('settings', MASK_SALT_SETTING))?.value;
  if (stored === undefined || isSealed(stored) === (mode === 'seal')) return;
  const value =
    mode === 'seal'
      ? await sealWith(key, MASK_SALT_SETTING, { salt: soundSalt(stored) }, CONTEXT)
      : { salt: soundSalt(await openWith(key, stored as never, CONTEXT)) };
  await conn.write(['settings'], 0, async (tx) => {
    await tx.objectStore('settings').put({ key: MASK_SALT_SETTING, value });
  });
}
