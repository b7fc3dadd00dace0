/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import './register-backends';
import {
  activateBackend,
  backendReady,
  defaultFeatures,
  measureBackends,
  probeBackends,
  profileTable,
  openRegistry,
  readCsv,
  toWorkbenchError,
  trainModel,
  WorkbenchError,
  type ReadProgress,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { JobTable } from './job-table';
import { maskLoaded } from './masking';
import { quantizeVersion } from './quantize-job';
import { exportVersion, importVersion, readImportFiles } from './export-job';
import { scoreFile } from './score-job';
import { formOf, predictOne } from './predict-one';
import { exportLog } from './log-job';
import { monitorVersion } from './monitor-job';
import { retrainVersion } from './retrain-job';
import { measureVersions, saveMeasured } from './measure-job';
import { runSearch, saveTrials } from './search-job';
import { pruneVersion } from './prune-job';
import { dependenceOf, explainRow, explainVersion } from './explain-job';
import type { ModelSummary, Result, TrainingWorkerApi } from './protocol';

/** The dataset lives here, next to the model, so it is never copied back to the page. */
let table: Table | null = null;
/** The last finished model and the table it was trained on, kept until the page saves it. */
let lastTrained: { model: TrainedModel; table: Table } | null = null;
/** This worker's registry connection, opened on the first save. */
let registry: Registry | null = null;
/** The workspace key the page unlocked, or null (locked, or not encrypted). */
let workspaceKey: CryptoKey | null = null;
const jobs = new JobTable();

async function openedRegistry(): Promise<Registry> {
  if (!registry || registry.closed) registry = await openRegistry();
  registry.useWorkspaceKey(workspaceKey);
  return registry;
}

/** Progress is posted at most this often: the page needs ~10 updates a second, not thousands. */
const PROGRESS_INTERVAL_MS = 100;

async function settle<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toWorkbenchError(error).toJSON() };
  }
}

function requireTable(): Table {
  if (!table) {
    throw new WorkbenchError('no_dataset', 'No dataset is loaded yet.', {
      hint: 'Load a CSV file or a sample first.',
    });
  }
  return table;
}

function throttle(report: (progress: ReadProgress) => void): (progress: ReadProgress) => void {
  const counts = throttleCounts((_done, _total, progress: ReadProgress) => report(progress));
  return (progress) => counts(progress.bytesRead, progress.totalBytes, progress);
}

/** Progress as (done, total) at most every PROGRESS_INTERVAL_MS, and always the last. */
function throttleCounts<A extends unknown[]>(
  report: (done: number, total: number, ...rest: A) => void,
): (done: number, total: number, ...rest: A) => void {
  let last = 0;
  return (done, total, ...rest) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
    last = now;
    report(done, total, ...rest);
  };
}

function summarize(model: TrainedModel): ModelSummary {
  return {
    task: model.task,
    target: model.target,
    classes: model.classes,
    features: model.spec.features,
    spec: model.spec,
    inputs: model.preprocessing.inputs,
    bestEpoch: model.bestEpoch,
    metrics: model.metrics,
    bytes: model.bytes,
    backend: model.backend,
    samplesPerSecond: model.samplesPerSecond,
  };
}

/**
 * Backend switches in flight (probing, measuring and choosing all call tf.setBackend). Work that
 * runs tf.js (exports, scoring, quantizing) waits for them and for tf.js to be ready: a job
 * started in the first seconds of a visit would otherwise meet a backend still initialising.
 */
let switching: Promise<unknown> = Promise.resolve();

function switchingBackend<T>(work: () => Promise<T>): Promise<T> {
  const running = work();
  switching = Promise.allSettled([switching, running]);
  return running;
}

async function tfjsReady(): Promise<void> {
  await switching;
  await backendReady();
}

const api: TrainingWorkerApi = {
  useWorkspaceKey: (key) =>
    settle(() => {
      workspaceKey = key;
      registry?.useWorkspaceKey(key);
      return Promise.resolve(null);
    }),
  probeBackends: () => settle(() => switchingBackend(() => probeBackends())),
  measureBackends: (preset, onProgress) =>
    settle(() =>
      switchingBackend(async () => measureBackends(await probeBackends(), { preset, onProgress })),
    ),
  useBackend: (name) => settle(() => switchingBackend(() => activateBackend(name))),
  loadCsv: (jobId, file, name, options, onProgress) =>
    jobs.run(jobId, async ({ signal }) => {
      const { masks, ...readOptions } = options;
      const read = await readCsv(file, {
        ...readOptions,
        signal,
        onProgress: throttle(onProgress),
      });
      // Masked before it is kept: the original values of a masked column go no further.
      const loaded = masks?.length ? await maskLoaded(await openedRegistry(), read, masks) : read;
      table = loaded;
      return { name, profile: profileTable(loaded), masks: loaded.masks ?? [] };
    }),
  featureChoices: (target) =>
    settle(() => Promise.resolve(defaultFeatures(requireTable(), target))),
  train: (jobId, spec, onEvent) =>
    jobs.run(jobId, async ({ signal, pause }) => {
      pause.onHold = () => onEvent({ kind: 'hold' });
      const data = requireTable();
      const model = await trainModel(data, spec, {
        signal,
        pause,
        onEpoch: (report) => onEvent({ kind: 'epoch', report }),
        onFold: (done, total) => onEvent({ kind: 'fold', done, total }),
      });
      lastTrained = { model, table: data };
      return summarize(model);
    }),
  quantize: (jobId, versionId, scheme) =>
    jobs.run(jobId, async ({ signal }) => {
      await tfjsReady();
      return quantizeVersion(await openedRegistry(), versionId, scheme, table, signal);
    }),
  prune: (jobId, versionId, options, onEpoch) =>
    jobs.run(jobId, async ({ signal }) => {
      await tfjsReady();
      return pruneVersion(await openedRegistry(), versionId, options, table, signal, onEpoch);
    }),
  exportVersion: (jobId, versionId) =>
    jobs.run(jobId, async ({ signal }) => {
      await tfjsReady();
      return exportVersion(await openedRegistry(), versionId, table, signal);
    }),
  importFiles: (jobId, files) =>
    jobs.run(jobId, async () => {
      const bytes = await readImportFiles(files);
      return importVersion(await openedRegistry(), bytes, files.map((f) => f.name).join(', '));
    }),
  scoreFile: (jobId, versionId, file, name, onProgress) =>
    jobs.run(jobId, async ({ signal }) => {
      await tfjsReady();
      return scoreFile(await openedRegistry(), versionId, file, name, signal, onProgress);
    }),
  monitorVersion: (jobId, versionId, windowing, onProgress) =>
    jobs.run(jobId, async ({ signal }) =>
      monitorVersion(
        await openedRegistry(),
        versionId,
        windowing,
        signal,
        throttleCounts(onProgress),
      ),
    ),
  retrain: (jobId, versionId, onEpoch) =>
    jobs.run(jobId, async ({ signal }) => {
      await tfjsReady();
      return retrainVersion(await openedRegistry(), versionId, signal, onEpoch);
    }),
  joinLabels: (jobId, versionId, file) =>
    jobs.run(jobId, async ({ signal }) =>
      (await openedRegistry()).joinLabels(versionId, await readCsv(file, { signal })),
    ),
  importLog: (jobId, versionId, file, onProgress) =>
    jobs.run(jobId, async ({ signal }) =>
      (await openedRegistry()).importPredictionLog(versionId, file, {
        signal,
        onProgress: throttleCounts(onProgress),
      }),
    ),
  exportLog: (jobId, query) =>
    jobs.run(jobId, async () => exportLog(await openedRegistry(), query)),
  predictionForm: (versionId) => settle(async () => formOf(await openedRegistry(), versionId)),
  predictOne: (versionId, row) =>
    settle(async () => {
      await tfjsReady();
      return predictOne(await openedRegistry(), versionId, row);
    }),
  saveModel: (meta) =>
    settle(async () => {
      if (!lastTrained) {
        throw new WorkbenchError('no_trained_model', 'There is no trained model to save yet.', {
          hint: 'Train a model first.',
        });
      }
      // The training table goes along: a capped sample of it, summaries and predictions are kept
      // as the version's reference data, so later steps work after a reload without the file.
      const { model, table: trainedOn } = lastTrained;
      return saveMeasured(
        await openedRegistry(),
        model,
        { ...meta, reference: trainedOn },
        trainedOn,
      );
    }),
  search: (jobId, spec, options, onTrial) =>
    jobs.run(jobId, async ({ signal }) => {
      await tfjsReady();
      return runSearch(requireTable(), spec, options, signal, onTrial);
    }),
  saveSearchTrials: (trialIds, projectName) =>
    settle(async () => saveTrials(await openedRegistry(), trialIds, projectName)),
  explainVersion: (jobId, versionId, onProgress) =>
    jobs.run(jobId, async ({ signal }) =>
      explainVersion(await openedRegistry(), versionId, table, signal, throttleCounts(onProgress)),
    ),
  explainRow: (jobId, versionId, row) =>
    jobs.run(jobId, async ({ signal }) =>
      explainRow(await openedRegistry(), versionId, row, table, signal),
    ),
  partialDependence: (jobId, versionId, feature, className) =>
    jobs.run(jobId, async ({ signal }) =>
      dependenceOf(await openedRegistry(), versionId, feature, className, table, signal),
    ),
  measureLatencies: (jobId, versionIds, onProgress) =>
    jobs.run(jobId, async ({ signal }) =>
      measureVersions(await openedRegistry(), versionIds, signal, throttleCounts(onProgress)),
    ),
  cancel: (jobId) => jobs.cancel(jobId),
  setPaused: (jobId, paused) => jobs.setPaused(jobId, paused),
};

Comlink.expose(api);
