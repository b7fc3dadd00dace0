/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import './register-backends';
import {
  activateBackend,
  PauseController,
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
import type { Result, TrainingWorkerApi } from './protocol';

/** The dataset lives here, next to the model, so it is never copied back to the page. */
let table: Table | null = null;
/** The running load or training, so Cancel can stop it. */
let job: AbortController | null = null;
/** Pauses the running training between batches. */
let pauser = new PauseController();
/** The last finished model, kept here (weights and all) until the page asks to save it. */
let lastModel: TrainedModel | null = null;
/** This worker's registry connection, opened on the first save. */
let registry: Registry | null = null;

async function openedRegistry(): Promise<Registry> {
  if (!registry || registry.closed) registry = await openRegistry();
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

/** Runs a cancellable job; a cancel resolves to null instead of failing. */
async function cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | null> {
  job?.abort();
  const controller = new AbortController();
  job = controller;
  try {
    return await work(controller.signal);
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'aborted') return null;
    throw error;
  } finally {
    if (job === controller) job = null;
  }
}

function requireTable(): Table {
  if (!table) {
    throw new WorkbenchError('no_data_rows', 'No dataset is loaded yet.', {
      hint: 'Load a CSV file or a sample first.',
    });
  }
  return table;
}

function throttle(report: (progress: ReadProgress) => void): (progress: ReadProgress) => void {
  let last = 0;
  return (progress) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS && progress.bytesRead < progress.totalBytes) return;
    last = now;
    report(progress);
  };
}

const api: TrainingWorkerApi = {
  probeBackends: () => settle(() => probeBackends()),
  measureBackends: (onProgress) =>
    settle(async () => measureBackends(await probeBackends(), { onProgress })),
  useBackend: (name) => settle(() => activateBackend(name)),
  loadCsv: (file, name, options, onProgress) =>
    settle(() =>
      cancellable(async (signal) => {
        const loaded = await readCsv(file, {
          ...options,
          signal,
          onProgress: throttle(onProgress),
        });
        table = loaded;
        return { name, profile: profileTable(loaded) };
      }),
    ),
  featureChoices: (target) =>
    settle(() => Promise.resolve(defaultFeatures(requireTable(), target))),
  train: (spec, onEpoch, onFold) =>
    settle(async () => {
      const data = requireTable();
      pauser = new PauseController();
      const pause = pauser;
      const model = await cancellable((signal) =>
        trainModel(data, spec, { signal, onEpoch, onFold, pause }),
      );
      if (!model) return { status: 'cancelled' as const };
      lastModel = model;
      return {
        status: 'done' as const,
        model: {
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
        },
      };
    }),
  saveModel: (meta) =>
    settle(async () => {
      if (!lastModel) {
        throw new WorkbenchError('version_not_found', 'There is no trained model to save yet.', {
          hint: 'Train a model first.',
        });
      }
      return (await openedRegistry()).saveVersion(lastModel, meta);
    }),
  cancel: () => {
    job?.abort();
    pauser.resume();
  },
  pause: () => pauser.pause(),
  resume: () => pauser.resume(),
};

Comlink.expose(api);
