/**
 * The reference data a version's work can use: its own, else the nearest ancestor's. Pruned and
 * quantized versions keep their parent's split and preprocessing, so the parent's sample rows
 * (with their splits) are the same rows; only its stored predictions are the parent's.
 */
import {
  WorkbenchError,
  type ReferenceData,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';

export async function lineageReference(
  registry: Registry,
  versionId: string,
): Promise<ReferenceData> {
  let id: string | null = versionId;
  let first: unknown = null;
  // Bounded: a parent chain edited into a cycle in devtools must not loop for ever.
  for (let depth = 0; id !== null && depth < 64; depth++) {
    try {
      return await registry.loadReference(id);
    } catch (error) {
      if (!(error instanceof WorkbenchError) || error.code !== 'reference_not_found') throw error;
      first ??= error;
      id = (await registry.getVersion(id)).parentId;
    }
  }
  throw first instanceof Error
    ? first
    : new WorkbenchError('reference_not_found', 'This version has no reference data.');
}

/**
 * The loaded table when it is, judged cheaply, the model's training file (the same file hash
 * and row count); work on it checks the full fingerprint itself (`splitFor`), and a mismatch
 * falls back to reference data.
 */
export function loadedTrainingTable(loaded: Table | null, model: TrainedModel): Table | null {
  return loaded !== null &&
    loaded.source?.sha256 === model.datasetSha256 &&
    loaded.rowCount === model.split?.rowCount
    ? loaded
    : null;
}

/**
 * Runs `work` on the model's own rows: the loaded training table when it is the one (a
 * `dataset_mismatch` from the work falls back), else the reference data of the version or its
 * nearest ancestor. `work` is told which it got.
 */
export async function onOwnRows<T>(
  registry: Registry,
  versionId: string,
  model: TrainedModel,
  loaded: Table | null,
  work: (data: Table | ReferenceData, fromTable: boolean) => Promise<T>,
): Promise<T> {
  const table = loadedTrainingTable(loaded, model);
  if (table) {
    try {
      return await work(table, true);
    } catch (error) {
      if (!(error instanceof WorkbenchError) || error.code !== 'dataset_mismatch') throw error;
    }
  }
  return work(await lineageReference(registry, versionId), false);
}
