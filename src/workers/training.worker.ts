/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import './register-backends';
import {
  activateBackend,
  defaultFeatures,
  measureBackends,
  probeBackends,
  readCsv,
  summarizeTable,
  toWorkbenchError,
  trainModel,
  WorkbenchError,
  type Table,
} from '../lib/index';
import type { Result, TrainingWorkerApi } from './protocol';

/** The dataset lives here, next to the model, so it is never copied back to the page. */
let table: Table | null = null;
let training: AbortController | null = null;

async function settle<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toWorkbenchError(error).toJSON() };
  }
}

function requireTable(): Table {
  if (!table)
    throw new WorkbenchError('no_data_rows', 'No dataset is loaded yet.', {
      hint: 'Load a CSV file or a sample first.',
    });
  return table;
}

const api: TrainingWorkerApi = {
  probeBackends: () => settle(() => probeBackends()),
  measureBackends: (onProgress) =>
    settle(async () => measureBackends(await probeBackends(), { onProgress })),
  useBackend: (name) => settle(() => activateBackend(name)),
  loadCsv: (file, name) =>
    settle(async () => {
      table = await readCsv(file);
      return { name, summary: summarizeTable(table) };
    }),
  featureChoices: (target) =>
    settle(() => Promise.resolve(defaultFeatures(requireTable(), target))),
  train: (spec, onEpoch) =>
    settle(async () => {
      training?.abort();
      const controller = new AbortController();
      training = controller;
      try {
        const model = await trainModel(requireTable(), spec, {
          signal: controller.signal,
          onEpoch,
        });
        return {
          status: 'done' as const,
          model: {
            task: model.task,
            target: model.target,
            classes: model.classes,
            features: model.spec.features,
            metrics: model.metrics,
            bytes: model.bytes,
            backend: model.backend,
            samplesPerSecond: model.samplesPerSecond,
          },
        };
      } catch (error) {
        if (error instanceof WorkbenchError && error.code === 'aborted')
          return { status: 'cancelled' as const };
        throw error;
      } finally {
        if (training === controller) training = null;
      }
    }),
  cancel: () => training?.abort(),
};

Comlink.expose(api);
