/**
 * Encryption at rest (issue 19), on the bench page's main thread: save and load of a
 * 1,000,000-parameter version with its reference snapshot, in an encrypted workspace against a
 * plain one, alternating, in the same run (goal >= 0.7x); and the time to unlock (PBKDF2-SHA256
 * at 600,000 iterations, then the check for records left in clear).
 */
import { fakeModel } from '../src/lib/registry/fake-model';
import { openRegistry, type Registry } from '../src/lib/registry/registry';
import { KDF } from '../src/lib/privacy/crypto';
import type { Table } from '../src/lib/data/table';
import { deleteDatabase, median, time } from './registry-page';

/** One case: save and load, plain against encrypted (medians, ms). */
export interface EncryptionCase {
  label: string;
  plainSaveMs: number;
  sealedSaveMs: number;
  plainLoadMs: number;
  sealedLoadMs: number;
  saveRatio: number;
  loadRatio: number;
}

export interface EncryptionBenchResult {
  repeats: number;
  cases: EncryptionCase[];
  unlockMs: number;
  iterations: number;
  error: string;
}

const PARAMETERS = 1_000_000;
const REFERENCE_ROWS = 10_000;
const REPEATS = 11;
const UNLOCKS = 5;
const PASSPHRASE = 'a bench passphrase, long enough';

/** x and a colour, as fakeModel's features; the reference sample stores them. */
function table(rows: number): Table {
  return {
    rowCount: rows,
    issues: [],
    columns: [
      {
        name: 'x',
        kind: 'numeric',
        storage: 'number',
        missing: 0,
        values: Float64Array.from({ length: rows }, (_, i) => Math.sin(i)),
      },
      {
        name: 'colour',
        kind: 'categorical',
        storage: 'dictionary',
        missing: 0,
        codes: Int32Array.from({ length: rows }, (_, i) => i % 3),
        categories: ['red', 'green', 'blue'],
      },
    ],
  };
}

interface Case {
  label: string;
  model: ReturnType<typeof fakeModel>;
  reference?: Table;
}

/** One case, alternating plain and encrypted after a warm-up round. */
async function measureCase(plain: Registry, sealed: Registry, c: Case): Promise<EncryptionCase> {
  const times = { plainSave: [] as number[], sealedSave: [] as number[] };
  const loads = { plain: [] as number[], sealed: [] as number[] };
  const options = c.reference ? { reference: c.reference, referenceRows: REFERENCE_ROWS } : {};
  const round = async (registry: Registry, save: number[], load: number[], keep: boolean) => {
    let id = '';
    const saveMs = await time(async () => {
      id = (await registry.saveVersion(c.model, options)).id;
    });
    const loadMs = await time(async () => {
      const loaded = await registry.loadVersion<typeof c.model>(id);
      if (c.reference) await registry.loadReference(id);
      if (loaded.weights.length !== c.model.weights.length) throw new Error('load lost weights');
    });
    if (keep) {
      save.push(saveMs);
      load.push(loadMs);
    }
    await registry.purgeVersion(id);
  };
  for (let r = 0; r <= REPEATS; r++) {
    await round(plain, times.plainSave, loads.plain, r > 0);
    await round(sealed, times.sealedSave, loads.sealed, r > 0);
  }
  const out = {
    label: c.label,
    plainSaveMs: median(times.plainSave),
    sealedSaveMs: median(times.sealedSave),
    plainLoadMs: median(loads.plain),
    sealedLoadMs: median(loads.sealed),
  };
  return {
    ...out,
    saveRatio: out.plainSaveMs / out.sealedSaveMs,
    loadRatio: out.plainLoadMs / out.sealedLoadMs,
  };
}

export async function runEncryptionBench(
  log: (line: string) => void,
): Promise<EncryptionBenchResult> {
  const names = ['bench-plain', 'bench-sealed'];
  await Promise.all(names.map(deleteDatabase));
  const plain = await openRegistry({ name: 'bench-plain' });
  const sealed = await openRegistry({ name: 'bench-sealed' });
  const result: EncryptionBenchResult = {
    repeats: REPEATS,
    cases: [],
    unlockMs: 0,
    iterations: KDF.iterations,
    error: '',
  };
  try {
    await sealed.enableEncryption(PASSPHRASE);
    const cases: Case[] = [
      { label: '1,000,000 parameters (3.8 MiB)', model: fakeModel({}, PARAMETERS) },
      {
        label: `default MLP size with a ${REFERENCE_ROWS.toLocaleString('en-US')}-row reference`,
        model: fakeModel({}, 1473),
        reference: table(REFERENCE_ROWS),
      },
    ];
    for (const c of cases) {
      const measured = await measureCase(plain, sealed, c);
      result.cases.push(measured);
      log(
        `encryption, ${c.label}: save ${measured.sealedSaveMs.toFixed(1)} vs ${measured.plainSaveMs.toFixed(1)} ms, load ${measured.sealedLoadMs.toFixed(1)} vs ${measured.plainLoadMs.toFixed(1)} ms`,
      );
    }
    // Unlocking a workspace that holds two versions (their records already sealed).
    for (const c of cases)
      await sealed.saveVersion(c.model, c.reference ? { reference: c.reference } : {});
    const unlocks: number[] = [];
    for (let i = 0; i < UNLOCKS; i++) {
      sealed.lock();
      unlocks.push(await time(() => sealed.unlock(PASSPHRASE)));
    }
    result.unlockMs = median(unlocks);
    log(`encryption: unlock ${result.unlockMs.toFixed(0)} ms`);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    plain.close();
    sealed.close();
    await Promise.all(names.map(deleteDatabase));
  }
  return result;
}
