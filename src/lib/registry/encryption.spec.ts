import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { refusal } from '../test-refusal';
import { fakeModel } from './fake-model';
import { findPlaintext, storedBytes } from './raw-scan';
import { categoryColumn, freshRegistries, numberColumn } from './test-registries';
import { SEALED_FORMAT } from './vault';

const freshRegistry = freshRegistries('encryption');

/** A stored record as IndexedDB holds it: sealed ones have `format` and `sealed`. */
interface RawRecord {
  id: string | number;
  format?: string;
  sealed: Uint8Array;
  value: { kdf: object };
}

/** The database as devtools sees it, typed for these tests. */
async function rawDb(name: string) {
  const idb = await openDB(name);
  return {
    get: (store: string, key: IDBValidKey) => idb.get(store, key) as Promise<RawRecord>,
    put: (store: string, value: unknown) => idb.put(store, value),
    keys: (store: string) => idb.getAllKeys(store),
    close: () => idb.close(),
  };
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
}
const PASSPHRASE = 'correct horse battery staple';
const SECRETS = ['teal-secret', 'plum-secret'];

function table(rows: number): Table {
  return {
    rowCount: rows,
    issues: [],
    columns: [
      numberColumn('x', rows, (i) => i * 0.25),
      categoryColumn('colour', rows, (i) => i % 3, ['red', ...SECRETS]),
    ],
  };
}

/** A workspace with a version, its reference snapshot and a logged batch. */
async function workspace(name?: string) {
  const registry = await freshRegistry(name ? { name } : {});
  const model = fakeModel({}, 400, 3);
  const version = await registry.saveVersion(model, { reference: table(200) });
  await registry.logPredictions({
    versionId: version.id,
    table: table(30),
    predictions: new Array(30).fill({ label: 'yes', probabilities: [0.2, 0.8] }),
    latencyMs: 1,
  });
  const weights = model.weights[0]!.values;
  const needles = {
    ...Object.fromEntries(SECRETS.map((s) => [s, s])),
    weights: new Uint8Array(weights.buffer, weights.byteOffset, 32),
  };
  return { registry, model, version, needles };
}

describe('encryption at rest in the registry', () => {
  it('stores models, references and log chunks sealed, and reads them back the same', async () => {
    const { registry, version, needles } = await workspace();
    const before = {
      model: await registry.loadVersion(version.id),
      reference: await registry.loadReference(version.id),
      log: await registry.readPredictionLog(),
    };
    expect(findPlaintext(await storedBytes(registry.name), needles)).not.toEqual([]);
    expect(await registry.enableEncryption(PASSPHRASE)).toBe(3);
    expect(await registry.encryptionStatus()).toEqual({ enabled: true, locked: false });
    expect(findPlaintext(await storedBytes(registry.name), needles)).toEqual([]);
    expect(await registry.loadVersion(version.id)).toEqual(before.model);
    expect(await registry.loadReference(version.id)).toEqual(before.reference);
    expect(await registry.readPredictionLog()).toEqual(before.log);
    // New writes are sealed too.
    const second = await registry.saveVersion(fakeModel({}, 400, 3), { reference: table(50) });
    await registry.logPredictions({
      versionId: second.id,
      table: table(10),
      predictions: new Array(10).fill({ label: 'no', probabilities: [0.9, 0.1] }),
      latencyMs: 1,
    });
    expect(findPlaintext(await storedBytes(registry.name), needles)).toEqual([]);
    expect((await registry.readPredictionLog()).table.rowCount).toBe(40);
  });

  it('locks: lists still work, sealed data is refused until the right passphrase', async () => {
    const { registry, version } = await workspace();
    await registry.enableEncryption(PASSPHRASE);
    registry.lock();
    expect(await registry.encryptionStatus()).toEqual({ enabled: true, locked: true });
    expect((await registry.listVersions()).map((v) => v.id)).toEqual([version.id]);
    expect(await refusal(registry.loadVersion(version.id))).toMatchObject({
      code: 'workspace_locked',
    });
    expect(await refusal(registry.saveVersion(fakeModel()))).toMatchObject({
      code: 'workspace_locked',
    });
    expect(await refusal(registry.readPredictionLog())).toMatchObject({ code: 'workspace_locked' });
    expect(await refusal(registry.exportBackup())).toMatchObject({ code: 'workspace_locked' });
    expect(await refusal(registry.unlock('not the passphrase'))).toMatchObject({
      code: 'wrong_passphrase',
    });
    expect((await registry.encryptionStatus()).locked).toBe(true);
    await registry.unlock(PASSPHRASE);
    expect((await registry.loadVersion<{ task: string }>(version.id)).task).toBe('binary');
  });

  it('never lets another connection write in clear; it works once handed the key', async () => {
    const name = freshRegistry.newName();
    const { registry, needles } = await workspace(name);
    const worker = await freshRegistry({ name });
    await registry.enableEncryption(PASSPHRASE);
    expect(await refusal(worker.saveVersion(fakeModel({}, 400, 3)))).toMatchObject({
      code: 'workspace_locked',
    });
    worker.useWorkspaceKey(registry.workspaceKey);
    const saved = await worker.saveVersion(fakeModel({}, 400, 3), { reference: table(20) });
    expect(findPlaintext(await storedBytes(name), needles)).toEqual([]);
    expect((await registry.loadVersion<{ task: string }>(saved.id)).task).toBe('binary');
  });

  it('fails closed on a tampered or moved record', async () => {
    const name = freshRegistry.newName();
    const { registry, version } = await workspace(name);
    const other = await registry.saveVersion(fakeModel({}, 400, 4));
    await registry.enableEncryption(PASSPHRASE);
    const db = await rawDb(name);
    const stored = await db.get('models', version.id);
    expect(stored.format).toBe(SEALED_FORMAT);
    // One flipped bit in the ciphertext.
    await db.put('models', { ...stored, sealed: flipped(stored.sealed, 40) });
    expect(await refusal(registry.loadVersion(version.id))).toMatchObject({
      code: 'data_tampered',
    });
    // A sound sealed record moved under another id.
    await db.put('models', { ...(await db.get('models', other.id)), id: version.id });
    expect(await refusal(registry.loadVersion(version.id))).toMatchObject({
      code: 'data_tampered',
    });
    // A tampered log chunk is left out of reads as damaged, never decoded.
    const [chunkKey] = await db.keys('logChunks');
    const chunk = await db.get('logChunks', chunkKey as IDBValidKey);
    await db.put('logChunks', { ...chunk, sealed: flipped(chunk.sealed, chunk.sealed.length - 1) });
    const log = await registry.readPredictionLog();
    expect(log.table.rowCount).toBe(0);
    expect(log.damaged[0]?.reason).toMatch(/integrity/);
    db.close();
  });

  it('seals each binary part under its index: a part swapped or dropped fails closed', async () => {
    const name = freshRegistry.newName();
    const registry = await freshRegistry({ name });
    // Large enough that its first kernel is a chunk of its own: two binary parts.
    const version = await registry.saveVersion(fakeModel({}, 600_000, 5));
    await registry.enableEncryption(PASSPHRASE);
    const db = await rawDb(name);
    const stored = (await db.get('models', version.id)) as RawRecord & { parts: Uint8Array[] };
    expect(stored.parts).toHaveLength(2);
    await db.put('models', { ...stored, parts: [...stored.parts].reverse() });
    expect(await refusal(registry.loadVersion(version.id))).toMatchObject({
      code: 'data_tampered',
    });
    await db.put('models', { ...stored, parts: stored.parts.slice(0, 1) });
    expect(await refusal(registry.loadVersion(version.id))).toMatchObject({
      code: 'data_tampered',
    });
    await db.put('models', stored);
    expect((await registry.loadVersion<{ bytes: number }>(version.id)).bytes).toBe(
      fakeModel({}, 600_000, 5).bytes,
    );
    db.close();
  });

  it('refuses a stored key edited to hang or weaken the unlock, and counts as locked', async () => {
    const name = freshRegistry.newName();
    const { registry } = await workspace(name);
    await registry.enableEncryption(PASSPHRASE);
    const db = await rawDb(name);
    const key = await db.get('settings', 'encryption');
    for (const iterations of [1e12, 1, 600_000.5]) {
      await db.put('settings', {
        key: 'encryption',
        value: { ...key.value, kdf: { ...key.value.kdf, iterations } },
      });
      registry.lock();
      expect(await registry.encryptionStatus()).toEqual({ enabled: true, locked: true });
      expect(await refusal(registry.unlock(PASSPHRASE))).toMatchObject({ code: 'data_tampered' });
    }
    db.close();
  });

  it('changes the passphrase by re-wrapping the key only', async () => {
    const name = freshRegistry.newName();
    const { registry, version } = await workspace(name);
    await registry.enableEncryption(PASSPHRASE);
    const db = await rawDb(name);
    const sealedBefore = (await db.get('models', version.id)).sealed;
    await registry.changePassphrase(PASSPHRASE, 'a new and longer passphrase');
    expect((await db.get('models', version.id)).sealed).toEqual(sealedBefore);
    registry.lock();
    expect(await refusal(registry.unlock(PASSPHRASE))).toMatchObject({ code: 'wrong_passphrase' });
    await registry.unlock('a new and longer passphrase');
    expect(await refusal(registry.changePassphrase('wrong one!', 'whatever else'))).toMatchObject({
      code: 'wrong_passphrase',
    });
    expect(
      await refusal(registry.changePassphrase('a new and longer passphrase', 'short')),
    ).toMatchObject({
      code: 'weak_passphrase',
    });
    db.close();
  });

  it('seals on unlock what an interrupted enable left in clear, and turns off again', async () => {
    const name = freshRegistry.newName();
    const { registry, version, needles } = await workspace(name);
    const first = await rawDb(name);
    const plainModel = await first.get('models', version.id);
    first.close();
    await registry.enableEncryption(PASSPHRASE);
    expect(await refusal(registry.enableEncryption(PASSPHRASE))).toMatchObject({
      code: 'encryption_state',
    });
    const db = await rawDb(name);
    await db.put('models', plainModel);
    registry.lock();
    await registry.unlock(PASSPHRASE);
    expect((await db.get('models', version.id)).format).toBe(SEALED_FORMAT);
    await registry.disableEncryption(PASSPHRASE);
    expect(await registry.encryptionStatus()).toEqual({ enabled: false, locked: false });
    expect(findPlaintext(await storedBytes(name), needles).length).toBeGreaterThan(0);
    expect((await db.get('models', version.id)).format).toBeUndefined();
    expect((await registry.loadVersion<{ task: string }>(version.id)).task).toBe('binary');
    db.close();
  });
});

describe('backups of an encrypted workspace', () => {
  it('are sealed whole, open only with the passphrase, and fail closed when changed', async () => {
    const { registry, version, needles } = await workspace();
    await registry.enableEncryption(PASSPHRASE);
    const file = new Uint8Array(await (await registry.exportBackup()).arrayBuffer());
    expect(new TextDecoder().decode(file.subarray(0, 31))).toBe('TABULAR-WORKBENCH-SEALED-BACKUP');
    expect(findPlaintext({ backup: file }, { ...needles, id: version.id })).toEqual([]);
    const target = await freshRegistry();
    expect(await refusal(target.importBackup(file))).toMatchObject({ code: 'backup_encrypted' });
    expect(
      await refusal(target.importBackup(file, { passphrase: 'wrong passphrase' })),
    ).toMatchObject({ code: 'wrong_passphrase' });
    const changed = flipped(file, file.length - 20);
    expect(await refusal(target.importBackup(changed, { passphrase: PASSPHRASE }))).toMatchObject({
      code: 'data_tampered',
    });
    expect(await target.listVersions()).toEqual([]);
    const summary = await target.importBackup(file, { passphrase: PASSPHRASE });
    expect(summary.versionsAdded).toBe(1);
    expect(await target.loadVersion(version.id)).toEqual(await registry.loadVersion(version.id));
    // Imported into an encrypted workspace, the records are sealed under its own key.
    const sealedTarget = await freshRegistry();
    await sealedTarget.enableEncryption('another workspace key');
    await sealedTarget.importBackup(file, { passphrase: PASSPHRASE });
    expect(findPlaintext(await storedBytes(sealedTarget.name), needles)).toEqual([]);
    expect((await sealedTarget.loadReference(version.id)).table.rowCount).toBeGreaterThan(0);
  });
});

describe('the masking salt', () => {
  it('is made once, kept secret under encryption, and needs the key when sealed', async () => {
    const name = freshRegistry.newName();
    const registry = await freshRegistry({ name });
    const salt = await registry.maskSalt();
    expect(salt).toHaveLength(32);
    expect(await registry.maskSalt()).toEqual(salt);
    expect(findPlaintext(await storedBytes(name), { salt })).toEqual(['salt in settings']);
    await registry.enableEncryption(PASSPHRASE);
    expect(findPlaintext(await storedBytes(name), { salt })).toEqual([]);
    expect(await registry.maskSalt()).toEqual(salt);
    registry.lock();
    expect(await refusal(registry.maskSalt())).toMatchObject({ code: 'workspace_locked' });
    await registry.disableEncryption(PASSPHRASE);
    expect(await registry.maskSalt()).toEqual(salt);
  });
});
