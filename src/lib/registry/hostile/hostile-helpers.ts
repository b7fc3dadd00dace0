/**
 * Shared pieces of the hostile-input suites: a small real workspace and its backup, a raw dump
 * of every store (to prove a refused file changed nothing, byte for byte), and an assertion
 * that a hostile input is refused with its code, fast, in bounded memory, without blocking the
 * event loop.
 */
import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { openDB } from 'idb';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { measureRead } from '../../data/csv/spec-measure';
import { WorkbenchError } from '../../errors';
import { openRegistry, type Registry } from '../registry';
import { sha256Hex } from '../backup-format';
import { fakeModel } from '../fake-model';

/** The bounds every hostile case is held to (issue 9). */
export const BOUNDS = { seconds: 5, stallMs: 200, memory: (input: number) => 6 * input + 50e6 };

let counter = 0;
export async function freshRegistry(prefix = 'hostile'): Promise<Registry> {
  return openRegistry({ name: `${prefix}-${++counter}-${Date.now()}` });
}

/** Two projects, three versions (one in production), as a real workspace has them. */
export async function populate(registry: Registry): Promise<void> {
  const first = await registry.saveVersion(fakeModel({ datasetSha256: 'a'.repeat(64) }, 40, 1), {
    stage: 'production',
    note: 'baseline',
    tags: ['first'],
  });
  await registry.saveVersion(fakeModel({ datasetSha256: 'a'.repeat(64) }, 60, 2), {
    parentId: first.id,
  });
  await registry.saveVersion(
    fakeModel({ datasetSha256: 'b'.repeat(64), task: 'regression' }, 30, 3),
  );
}

/**
 * Every record of every store, as IndexedDB gives them back (fresh copies each time). Compared
 * with `isSame`, a deep strict comparison (`-0` and `0` differ, NaN equals NaN, typed arrays
 * byte by byte), which also copes with the cycles, BigInts and deep nesting of edited records.
 */
export async function dump(registry: Registry): Promise<unknown> {
  const db = await openDB(registry.name);
  const stores = await Promise.all(
    [...db.objectStoreNames].sort().map(async (name) => [name, await db.getAll(name)]),
  );
  db.close();
  return stores;
}

/** Whether two dumps hold exactly the same records. */
export function isSame(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export interface Manifest {
  projects: Record<string, unknown>[];
  versions: Record<string, unknown>[];
  models: Record<string, { json: string; chunks: string[] }>;
  files: { path: string; bytes: number; sha256: string }[];
  [key: string]: unknown;
}

/** Unpacks a backup (with the test's trusting unzip) to edit it. */
export function unpack(bytes: Uint8Array): { files: Unzipped; manifest: Manifest } {
  const files = unzipSync(bytes);
  const manifest = JSON.parse(strFromU8(files['manifest.json'] ?? new Uint8Array())) as Manifest;
  return { files, manifest };
}

/** Packs files and a manifest again, with a consistent manifest checksum and file list. */
export async function repack(files: Unzipped, manifest: Manifest): Promise<Uint8Array> {
  const out: Unzipped = { ...files };
  for (const entry of Array.isArray(manifest.files) ? manifest.files : []) {
    const data = out[entry.path];
    if (data) Object.assign(entry, { bytes: data.length, sha256: await sha256Hex(data) });
  }
  const text = strToU8(JSON.stringify(manifest));
  out['manifest.json'] = text;
  out['manifest.sha256'] = strToU8(await sha256Hex(text));
  // Weights stored as they are, as the workbench writes them.
  const entries = Object.entries(out).map(([path, data]) => [
    path,
    [data, { level: path.endsWith('.bin') ? 0 : 6 }] as const,
  ]);
  return zipSync(Object.fromEntries(entries) as Parameters<typeof zipSync>[0]);
}

export interface Refusal {
  code: string;
  seconds: number;
  peakBytes: number;
  longestStallMs: number;
}

/** Runs `work` and asserts it is refused with one of `codes` within the bounds. */
export async function expectRefused(
  work: () => Promise<unknown>,
  codes: string | string[],
  inputBytes: number,
): Promise<Refusal> {
  const measure = await measureRead(work);
  const error = measure.outcome.ok ? null : measure.outcome.error;
  if (!(error instanceof WorkbenchError)) {
    throw new Error(
      `expected a WorkbenchError, got ${measure.outcome.ok ? 'success' : String(error)}`,
    );
  }
  expect([codes].flat()).toContain(error.code);
  expect(measure.seconds).toBeLessThan(BOUNDS.seconds);
  expect(measure.longestStallMs).toBeLessThan(BOUNDS.stallMs);
  expect(measure.peakBytes).toBeLessThan(BOUNDS.memory(inputBytes));
  return { code: error.code, ...measure };
}

/** Prints each case's figures as a table (for the closing note and for reading CI logs). */
export function printFigures(figures: Record<string, Refusal & { bytes?: number }>): void {
  console.table(
    Object.fromEntries(
      Object.entries(figures).map(([name, f]) => [
        name,
        {
          code: f.code,
          ...(f.bytes === undefined ? {} : { 'file KB': Math.round(f.bytes / 1024) }),
          ms: +(f.seconds * 1000).toFixed(1),
          'peak MB': +(f.peakBytes / 1e6).toFixed(1),
          'stall ms': Math.round(f.longestStallMs),
        },
      ]),
    ),
  );
}
