/**
 * Backup import on the bench page's main thread (where the app imports): the workbench's checked
 * import (bounded zip reader, CRC-32 and SHA-256 of every entry, schemas, model validation, one
 * strict transaction) against what the import did before those checks: fflate's unzipSync of
 * the whole file, a SHA-256 of every entry and one strict transaction putting the same bytes.
 * Also the longest the main thread went without running a 5 ms timer during each path.
 */
import { unzipSync } from 'fflate';
import { openDB } from 'idb';
import { fakeModel } from '../src/lib/registry/fake-model';
import { openRegistry } from '../src/lib/registry/registry';
import type { BackupImportResult } from './types';

const VERSIONS = 16;
const PARAMETERS = 1_000_000;
const REPEATS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Runs `work`, measuring its time and the longest gap between ticks of a 5 ms timer. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  await work();
  const end = performance.now();
  clearInterval(timer);
  return { ms: end - start, stallMs: Math.max(stall, end - last) };
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function rawImport(blob: Blob): Promise<void> {
  const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  const entries = Object.entries(files);
  for (const [, bytes] of entries) await sha256(bytes);
  const db = await openDB('bench-backup-raw', 1, {
    upgrade: (database) => database.createObjectStore('entries'),
  });
  const tx = db.transaction('entries', 'readwrite', { durability: 'strict' });
  for (const [path, bytes] of entries) void tx.store.put(bytes.slice().buffer, path);
  await tx.done;
  db.close();
}

export async function runBackupImport(log: (line: string) => void): Promise<BackupImportResult> {
  const names = ['bench-backup-src', 'bench-backup-dst', 'bench-backup-raw'];
  await Promise.all(names.map(deleteDatabase));
  try {
    const source = await openRegistry({ name: 'bench-backup-src' });
    for (let i = 0; i < VERSIONS; i++) await source.saveVersion(fakeModel({}, PARAMETERS, i + 1));
    const blob = await source.exportBackup();
    source.close();
    log(`backup import: ${(blob.size / 1024 / 1024).toFixed(1)} MiB, ${VERSIONS} versions`);
    const checked: { ms: number; stallMs: number }[] = [];
    const raw: { ms: number; stallMs: number }[] = [];
    for (let round = 0; round <= REPEATS; round++) {
      await Promise.all(names.slice(1).map(deleteDatabase));
      const target = await openRegistry({ name: 'bench-backup-dst' });
      const ours = await timed(() => target.importBackup(blob));
      target.close();
      const theirs = await timed(() => rawImport(blob));
      if (round === 0) continue;
      checked.push(ours);
      raw.push(theirs);
    }
    const result: BackupImportResult = {
      versions: VERSIONS,
      bytes: blob.size,
      repeats: REPEATS,
      importMs: median(checked.map((r) => r.ms)),
      rawMs: median(raw.map((r) => r.ms)),
      importStallMs: Math.max(...checked.map((r) => r.stallMs)),
      rawStallMs: Math.max(...raw.map((r) => r.stallMs)),
      ratio: median(raw.map((r) => r.ms)) / median(checked.map((r) => r.ms)),
      error: '',
    };
    log(
      `backup import ${result.importMs.toFixed(0)} ms (longest stall ${result.importStallMs.toFixed(0)} ms) vs unchecked ${result.rawMs.toFixed(0)} ms (${result.rawStallMs.toFixed(0)} ms)`,
    );
    return result;
  } catch (error) {
    return {
      versions: VERSIONS,
      bytes: 0,
      repeats: REPEATS,
      importMs: 0,
      rawMs: 0,
      importStallMs: 0,
      rawStallMs: 0,
      ratio: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await Promise.all(names.map(deleteDatabase));
  }
}
