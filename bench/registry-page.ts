/**
 * Registry benchmarks, on the bench page's main thread (where the app lists versions):
 * - save and load of a 1,000,000-parameter version against a raw IndexedDB put/get of the same
 *   bytes, each in its own strict transaction (goal >= 0.8x);
 * - reading 1,000 version records and rendering the version list, against one frame (16.7 ms);
 * - with them (registry-reads-page.ts): reads of the models store while listing and comparing
 *   1,000 versions, and a 10,000 x 20 reference snapshot's size and cost.
 */
import { openDB } from 'idb';
import { flushSync, mount, unmount } from 'svelte';
import { fakeModel } from '../src/lib/registry/fake-model';
import { openRegistry } from '../src/lib/registry/registry';
import { RegistryState } from '../src/state/registry.svelte';
import VersionTable from '../src/ui/models/VersionTable.svelte';
import type { RegistryThroughputResult } from './types';
import { measureListReads, measureReferenceSnapshots } from './registry-reads-page';
import type { RegistryListReport, RegistryThroughputReport } from './registry-types';

const PARAMETERS = 1_000_000;
const REPEATS = 15;
const LIST_VERSIONS = 1000;
const FRAME_MS = 1000 / 60;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Never throws: a failure becomes a row with its message, so the other benchmarks still report. */
export async function runRegistryThroughput(
  log: (line: string) => void,
): Promise<RegistryThroughputReport> {
  const result: RegistryThroughputReport = await throughputOrFailure(log);
  await deleteDatabase('bench-reference');
  const registry = await openRegistry({ name: 'bench-reference' });
  try {
    result.reference = await measureReferenceSnapshots(registry, log);
  } catch (error) {
    result.reference = [message(error)];
  } finally {
    registry.close();
    await deleteDatabase('bench-reference');
  }
  return result;
}

async function throughputOrFailure(log: (line: string) => void): Promise<RegistryThroughputResult> {
  try {
    return await measureThroughput(log);
  } catch (error) {
    const zero = { saveMs: 0, rawPutMs: 0, loadMs: 0, rawGetMs: 0, saveRatio: 0, loadRatio: 0 };
    return {
      ...zero,
      parameters: PARAMETERS,
      bytes: PARAMETERS * 4,
      repeats: REPEATS,
      saveMibPerSecond: 0,
      rawPutMibPerSecond: 0,
      loadMibPerSecond: 0,
      rawGetMibPerSecond: 0,
      error: message(error),
    };
  }
}

export async function runRegistryList(log: (line: string) => void): Promise<RegistryListReport> {
  try {
    return await measureList(log);
  } catch (error) {
    return {
      versions: LIST_VERSIONS,
      rowsRendered: 0,
      readMs: 0,
      renderMs: 0,
      totalMs: 0,
      worstTotalMs: 0,
      frameMs: FRAME_MS,
      metadataBytesPerVersion: 0,
      goalMet: false,
      error: message(error),
    };
  }
}

async function measureThroughput(log: (line: string) => void): Promise<RegistryThroughputResult> {
  await Promise.all([deleteDatabase('bench-registry'), deleteDatabase('bench-raw')]);
  const registry = await openRegistry({ name: 'bench-registry' });
  const raw = await openDB('bench-raw', 1, {
    upgrade: (db) => db.createObjectStore('blobs', { keyPath: 'id' }),
  });
  const model = fakeModel({}, PARAMETERS);
  // The raw path stores the same weight bytes, joined into one buffer.
  const weights = new Uint8Array(model.bytes);
  let offset = 0;
  for (const tensor of model.weights) {
    weights.set(
      new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength),
      offset,
    );
    offset += tensor.values.byteLength;
  }
  const bytes = weights.byteLength;
  const parameters = bytes / 4;
  const times = {
    save: [] as number[],
    load: [] as number[],
    put: [] as number[],
    get: [] as number[],
  };
  try {
    // Alternate the paths so drift in the machine's speed hits both alike; the first round warms up.
    for (let round = 0; round <= REPEATS; round++) {
      const id = `raw-${round}`;
      const put = await time(async () => {
        const tx = raw.transaction('blobs', 'readwrite', { durability: 'strict' });
        await tx.store.put({ id, data: weights.buffer });
        await tx.done;
      });
      let versionId = '';
      const save = await time(async () => {
        versionId = (await registry.saveVersion(model)).id;
      });
      const get = await time(async () => {
        const record = (await raw.get('blobs', id)) as { data: ArrayBuffer } | undefined;
        if (record?.data.byteLength !== bytes) throw new Error('raw get lost bytes');
      });
      const load = await time(async () => {
        const loaded = await registry.loadVersion<typeof model>(versionId);
        const count = loaded.weights.reduce((sum, w) => sum + w.values.length, 0);
        if (count !== parameters) throw new Error('load lost weights');
      });
      if (round === 0) continue;
      times.put.push(put);
      times.save.push(save);
      times.get.push(get);
      times.load.push(load);
    }
  } finally {
    registry.close();
    raw.close();
    await Promise.all([deleteDatabase('bench-registry'), deleteDatabase('bench-raw')]);
  }
  const mibPerSecond = (ms: number) => bytes / 1024 / 1024 / (ms / 1000);
  const result: RegistryThroughputResult = {
    parameters,
    bytes,
    repeats: REPEATS,
    saveMs: median(times.save),
    rawPutMs: median(times.put),
    loadMs: median(times.load),
    rawGetMs: median(times.get),
    saveMibPerSecond: mibPerSecond(median(times.save)),
    rawPutMibPerSecond: mibPerSecond(median(times.put)),
    loadMibPerSecond: mibPerSecond(median(times.load)),
    rawGetMibPerSecond: mibPerSecond(median(times.get)),
    saveRatio: median(times.put) / median(times.save),
    loadRatio: median(times.get) / median(times.load),
    error: '',
  };
  log(
    `registry save ${result.saveMs.toFixed(1)} ms vs raw put ${result.rawPutMs.toFixed(1)} ms; load ${result.loadMs.toFixed(1)} ms vs raw get ${result.rawGetMs.toFixed(1)} ms`,
  );
  return result;
}

async function measureList(log: (line: string) => void): Promise<RegistryListReport> {
  await deleteDatabase('bench-list');
  const registry = await openRegistry({ name: 'bench-list' });
  const host = document.createElement('div');
  host.style.width = '1200px';
  document.body.append(host);
  try {
    log(`registry list: saving ${LIST_VERSIONS} small versions...`);
    for (let i = 0; i < LIST_VERSIONS; i++) {
      await registry.saveVersion(fakeModel({}, 64, i + 1), {
        note: `run ${i}`,
        tags: i % 10 === 0 ? ['tenth'] : [],
      });
    }
    const state = new RegistryState();
    const readTimes: number[] = [];
    const renderTimes: number[] = [];
    const totalTimes: number[] = [];
    let rendered = 0;
    for (let round = 0; round <= REPEATS; round++) {
      const start = performance.now();
      const [versions, projects] = await Promise.all([
        registry.listVersions(),
        registry.listProjects(),
      ]);
      const read = performance.now();
      state.projects = projects;
      state.versions = versions;
      const table = mount(VersionTable, {
        target: host,
        props: { registry: state, onquantize: () => undefined, onexport: () => undefined },
      });
      flushSync();
      // Reading layout forces style and layout now, inside the timed span.
      void host.getBoundingClientRect().height;
      const end = performance.now();
      rendered = host.querySelectorAll('[data-testid=version-row]').length;
      void unmount(table);
      if (round === 0) continue;
      readTimes.push(read - start);
      renderTimes.push(end - read);
      totalTimes.push(end - start);
    }
    const metadataBytes = JSON.stringify(await registry.listVersions()).length / LIST_VERSIONS;
    const reads = await measureListReads(registry, LIST_VERSIONS).catch(message);
    const result: RegistryListReport = {
      versions: LIST_VERSIONS,
      rowsRendered: rendered,
      readMs: median(readTimes),
      renderMs: median(renderTimes),
      totalMs: median(totalTimes),
      worstTotalMs: Math.max(...totalTimes),
      frameMs: FRAME_MS,
      metadataBytesPerVersion: metadataBytes,
      goalMet: median(renderTimes) <= FRAME_MS,
      error: '',
      reads,
    };
    log(
      `registry list: read ${result.readMs.toFixed(1)} ms + render ${result.renderMs.toFixed(1)} ms (${rendered} rows in the DOM)`,
    );
    return result;
  } finally {
    host.remove();
    registry.close();
    await deleteDatabase('bench-list');
  }
}
