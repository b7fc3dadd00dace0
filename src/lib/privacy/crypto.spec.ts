import { describe, expect, it } from 'vitest';
import {
  changePassphrase,
  CIPHER,
  createWorkspaceKey,
  KDF,
  open,
  seal,
  unlockWorkspaceKey,
  WRAPPED_KEY_FORMAT,
} from './crypto';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('encryption at rest: parameters', () => {
  it('derives with PBKDF2-SHA256 at 600,000 iterations and seals with AES-GCM-256, 96-bit IVs, 128-bit tags', async () => {
    expect(KDF).toEqual({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, saltBytes: 16 });
    expect(CIPHER).toEqual({ name: 'AES-GCM', length: 256, ivBytes: 12, tagBits: 128 });
    const { key, stored } = await createWorkspaceKey('correct horse battery');
    expect(stored.format).toBe(WRAPPED_KEY_FORMAT);
    expect(stored.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(stored.kdf.salt).toHaveLength(16);
    expect(stored.iv).toHaveLength(12);
    // A 32-byte key and its 16-byte tag.
    expect(stored.wrapped).toHaveLength(48);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect(key.extractable).toBe(false);
    const sealed = await seal(key, bytes('weights'));
    expect(sealed).toHaveLength(12 + 7 + 16);
  });
});

describe('encryption at rest: behaviour', () => {
  it('opens what it sealed, under a fresh IV each time, and fails closed on any change', async () => {
    const { key } = await createWorkspaceKey('correct horse battery');
    const plain = bytes('ada@example.com,4242 4242 4242 4242');
    const a = await seal(key, plain, 'models/v1');
    const b = await seal(key, plain, 'models/v1');
    expect(Buffer.from(a.subarray(0, 12)).equals(Buffer.from(b.subarray(0, 12)))).toBe(false);
    expect(Buffer.from(a).includes(Buffer.from(plain))).toBe(false);
    expect(text(await open(key, a, 'models/v1'))).toBe(text(plain));
    for (const at of [0, 12, a.length - 1]) {
      const changed = Uint8Array.from(a);
      changed[at] = (changed[at] ?? 0) ^ 1;
      await expect(open(key, changed, 'models/v1')).rejects.toMatchObject({
        code: 'data_tampered',
      });
    }
    // Sealed for one place, refused in another.
    await expect(open(key, a, 'models/v2')).rejects.toMatchObject({ code: 'data_tampered' });
    await expect(open(key, a.subarray(0, 20), 'models/v1')).rejects.toMatchObject({
      code: 'data_tampered',
    });
  });

  it('unlocks with the passphrase only, and a new passphrase re-wraps the same key', async () => {
    const { key, stored } = await createWorkspaceKey('correct horse battery');
    const sealed = await seal(key, bytes('reference snapshot'));
    const wrong = await unlockWorkspaceKey(stored, 'correct horse batterY').catch(
      (e: unknown) => e,
    );
    expect(wrong).toMatchObject({ code: 'wrong_passphrase' });
    expect((wrong as { hint?: string }).hint).toContain('cannot be recovered');
    const rewrapped = await changePassphrase(
      stored,
      'correct horse battery',
      'a new long passphrase',
    );
    expect(Buffer.from(rewrapped.kdf.salt).equals(Buffer.from(stored.kdf.salt))).toBe(false);
    // Records sealed before the change open with the key the new passphrase unlocks.
    const again = await unlockWorkspaceKey(rewrapped, 'a new long passphrase');
    expect(text(await open(again, sealed))).toBe('reference snapshot');
    await expect(unlockWorkspaceKey(rewrapped, 'correct horse battery')).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    await expect(createWorkspaceKey('short')).rejects.toMatchObject({ code: 'weak_passphrase' });
    await expect(changePassphrase(stored, 'correct horse battery', 'tiny')).rejects.toMatchObject({
      code: 'weak_passphrase',
    });
  });
});
