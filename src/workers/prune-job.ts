/**
 * The prune job: prunes a saved float32 version and saves the result as its child (tagged
 * "pruned"), with both versions' latency measured in the same run. Fine-tuning uses the loaded
 * table when it is the version's training table (then the child gets its own reference data),
 * else the reference data of the version or its nearest ancestor.
 */
import {
  pruneModel,
  WorkbenchError,
  type EpochReport,
  type PruneData,
  type PrunedModel,
  type PruningScope,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { latencyRows, measureLatency } from '../lib/deploy/latency';
import { onOwnRows } from './lineage-reference';
import type { PruneResult } from './protocol';

export interface PruneJobOptions {
  sparsity: number;
  scope: PruningScope;
}

export async function pruneVersion(
  registry: Registry,
  versionId: string,
  options: PruneJobOptions,
  loaded: Table | null,
  signal: AbortSignal,
  onEpoch: (report: EpochReport) => void,
): Promise<PruneResult> {
  const [record, parent] = await Promise.all([
    registry.getVersion(versionId),
    registry.loadVersion<TrainedModel>(versionId),
  ]);
  const prune = (data: PruneData) => pruneModel(parent, { ...options, data, signal, onEpoch });
  const { pruned, table, trainingTable } = await pruneOn(
    registry,
    versionId,
    parent,
    loaded,
    prune,
  );
  if (signal.aborted) throw new WorkbenchError('aborted', 'Pruning was cancelled.');
  const rows = latencyRows(table);
  const parentLatency = await measureLatency(parent, rows);
  const latency = await measureLatency(pruned, rows);
  await registry.setVersionLatency(versionId, parentLatency);
  const percent = Math.round(options.sparsity * 100);
  const version = await registry.saveVersion(pruned, {
    projectId: record.projectId,
    parentId: versionId,
    note: `${percent}% pruned (${options.scope === 'global' ? 'global' : 'per layer'}) from v${record.number}`,
    tags: ['pruned'],
    latency,
    ...(trainingTable ? { reference: trainingTable } : {}),
  });
  return {
    version,
    pruning: pruned.pruning,
    metrics: pruned.metrics,
    latencyMs: latency.ms,
    parentLatencyMs: parentLatency.ms,
  };
}

/** Prunes on the loaded table when it is the training table, else on reference data. */
async function pruneOn(
  registry: Registry,
  versionId: string,
  parent: TrainedModel,
  loaded: Table | null,
  prune: (data: PruneData) => Promise<PrunedModel>,
): Promise<{ pruned: PrunedModel; table: Table; trainingTable: Table | null }> {
  return onOwnRows(registry, versionId, parent, loaded, async (data, fromTable) => {
    const pruned = await prune(data);
    const table = 'splits' in data ? data.table : data;
    return { pruned, table, trainingTable: fromTable ? table : null };
  });
}
