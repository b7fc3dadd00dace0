/**
 * Latency, measured in this worker and stored on version records: when a version is saved, and
 * for older versions when the Pareto view asks. Rows come from the version's reference data (its
 * training sample); a version without one (an imported bundle) is timed on rows its model fills
 * in itself, which costs the same arithmetic.
 */
import {
  WorkbenchError,
  latencyRows,
  measureLatency,
  tableFromRecords,
  type Registry,
  type SaveMeta,
  type Table,
  type TrainedModel,
  type VersionRecord,
} from '../lib/index';
import { lineageReference } from './lineage-reference';

/** Saves a model with its latency, measured on rows of the table it came with. */
export async function saveMeasured(
  registry: Registry,
  model: TrainedModel,
  meta: SaveMeta,
  rows: Table,
): Promise<VersionRecord> {
  const latency = await measureLatency(model, latencyRows(rows));
  return registry.saveVersion(model, { ...meta, latency });
}

/** Rows to time a saved version on: its reference sample, else rows of missing values. */
async function rowsFor(registry: Registry, versionId: string, model: TrainedModel): Promise<Table> {
  try {
    return (await lineageReference(registry, versionId)).table;
  } catch (error) {
    if (!(error instanceof WorkbenchError) || error.code !== 'reference_not_found') throw error;
    return tableFromRecords([{}], model.preprocessing);
  }
}

/** Measures and stores each version's latency in turn; resolves to the updated records. */
export async function measureVersions(
  registry: Registry,
  versionIds: readonly string[],
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<VersionRecord[]> {
  const updated: VersionRecord[] = [];
  onProgress(0, versionIds.length);
  for (const id of versionIds) {
    if (signal.aborted) throw new WorkbenchError('aborted', 'The measurement was cancelled.');
    const model = await registry.loadVersion<TrainedModel>(id);
    const latency = await measureLatency(model, latencyRows(await rowsFor(registry, id, model)));
    updated.push(await registry.setVersionLatency(id, latency));
    onProgress(updated.length, versionIds.length);
  }
  return updated;
}
