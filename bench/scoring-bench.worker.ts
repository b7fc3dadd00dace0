/// <reference lib="webworker" />
/**
 * Batch scoring with the prediction log against raw tf.js `predict` on the same backend (issue
 * 14's first bench goal, >= 0.8x), for the seattle-weather default MLP on 100,000 and 1,000,000
 * rows: on the backend the app picks here (its quick measurement, as on a first open), then
 * wasm, cpu and webgl where available. The log goes into a registry of this worker's own, which
 * is deleted afterwards; the page watches its main thread for long tasks meanwhile.
 */
import * as Comlink from 'comlink';
import '../src/workers/register-backends';
import { fastestBackend, measureBackends, probeBackends, type BackendName } from '../src/lib/index';
import { sampleLines, scoringFile, type ScoringFile } from './scoring-data';
import { closeLogTarget, openLogTarget } from './scoring-log';
import { emptyResult, LABEL, measureBackend } from './scoring-measure';
import { inputMatrix, type LogTarget } from './scoring-paths';
import type {
  LongTaskWatch,
  ScoringAppPick,
  ScoringBenchApi,
  ScoringResult,
} from './scoring-types';
import {
  pickTrainingBackend,
  SAMPLE_CASES,
  trainCase,
  type Log,
  type Trained,
} from './sample-models';

/**
 * Row counts and timed runs per path at each. Backends other than the app's pick score only the
 * first: here one 1,000,000-row run takes 5 to 8 s on cpu and 15 to 19 s on webgl, per path.
 */
const SIZES = [
  { rows: 100_000, repeats: 3, everyBackend: true },
  { rows: 1_000_000, repeats: 2, everyBackend: false },
];
const OTHER_BACKENDS: BackendName[] = ['wasm', 'cpu', 'webgl'];

/** What the app picks on a first open: probe, the quick measurement, the fastest. */
async function appPick(log: Log): Promise<ScoringAppPick> {
  const start = performance.now();
  const measured = await measureBackends(await probeBackends(), { preset: 'quick' });
  const pick: ScoringAppPick = {
    picked: fastestBackend(measured)?.name ?? '',
    micro: measured.map((m) => ({ name: m.name, samplesPerSecond: m.samplesPerSecond })),
    ms: performance.now() - start,
  };
  log(`${LABEL}: the app picks ${pick.picked || 'nothing'} here (${pick.ms.toFixed(0)} ms)`);
  return pick;
}

/**
 * BENCH_BACKENDS at every size; else the app's pick at every size, and the other backends
 * available here at the first.
 */
function backendsFor(
  requested: BackendName[],
  pick: ScoringAppPick,
  everyBackend: boolean,
): BackendName[] {
  if (requested.length > 0) return requested;
  const first: BackendName[] = [pick.picked || 'wasm'];
  // Those the app's measurement ran on: the ones available here.
  const others = OTHER_BACKENDS.filter((name) => pick.micro.some((m) => m.name === name));
  return everyBackend ? [...new Set([...first, ...others])] : first;
}

interface Shared {
  trained: Trained;
  sample: { header: string; lines: string[] };
  pick: ScoringAppPick;
  warm: Set<BackendName>;
  log: Log;
  target: LogTarget;
  watch: LongTaskWatch;
}

/** One row count on each of its backends; a file that cannot be built fails each of them. */
async function measureSize(
  { rows, repeats, everyBackend }: (typeof SIZES)[number],
  requested: BackendName[],
  shared: Shared,
): Promise<ScoringResult[]> {
  const { trained, sample, pick, log } = shared;
  const backends = backendsFor(requested, pick, everyBackend);
  let file: ScoringFile;
  let matrix: Float32Array;
  try {
    file = await scoringFile(sample, rows);
    matrix = inputMatrix(trained.model, file.table);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const table = { rowCount: rows, columns: [], issues: [] };
    const context = { trained, file: { table, bytes: 0, readSeconds: 0 }, appPick: pick, repeats };
    return backends.map((backend) => emptyResult(backend, context, message));
  }
  log(`${LABEL}: ${rows} rows read in ${file.readSeconds.toFixed(2)} s (${file.bytes} B)`);
  const results: ScoringResult[] = [];
  for (const backend of backends) {
    const context = { ...shared, file, matrix, appPick: pick, repeats };
    results.push(await measureBackend(backend, context));
  }
  return results;
}

const api: ScoringBenchApi = {
  async run(options, log, watch) {
    const c = SAMPLE_CASES.find((candidate) => candidate.model === 'seattle-weather default');
    if (!c) throw new Error('no seattle-weather default case in bench/sample-models.ts');
    await pickTrainingBackend(LABEL, log);
    const trained = await trainCase(c, LABEL, log);
    const pick = await appPick(log);
    const sample = await sampleLines(trained.dataset, trained.model.target);
    const target = await openLogTarget(trained.model);
    const shared: Shared = { trained, sample, pick, warm: new Set(), log, target, watch };
    const results: ScoringResult[] = [];
    try {
      for (const size of SIZES) {
        results.push(...(await measureSize(size, options.backends, shared)));
      }
    } finally {
      await closeLogTarget(target);
    }
    return results;
  },
};

Comlink.expose(api);
