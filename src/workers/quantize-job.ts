import {
  quantizeModel,
  type ReferenceData,
  WorkbenchError,
  type QuantizationScheme,
  type QuantizedModel,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { latencyRows, measureLatency } from '../lib/deploy/latency';
import { onOwnRows } from './lineage-reference';
import type { QuantizeResult } from './protocol';

/**
 * Quantizes version `versionId` and saves the child. The loaded table calibrates when it is the
 * version's training table (same fingerprint); otherwise the version's reference data does.
 */
export async function quantizeVersion(
  registry: Registry,
  versionId: string,
  scheme: string,
  loaded: Table | null,
  signal: AbortSignal,
): Promise<QuantizeResult> {
  const [record, parent] = await Promise.all([
    registry.getVersion(versionId),
    registry.loadVersion<TrainedModel>(versionId),
  ]);
  const started = performance.now();
  const { quantized, calibration } = await quantizeOn(registry, versionId, parent, scheme, loaded);
  const table = 'splits' in calibration ? calibration.table : calibration;
  const quantizeMs = performance.now() - started;
  if (signal.aborted) throw new WorkbenchError('aborted', 'The work was cancelled.');
  const rows = latencyRows(table);
  const parentLatency = await measureLatency(parent, rows);
  const latency = await measureLatency(quantized, rows);
  // Both measured in the same run, so the Pareto view compares like with like.
  await registry.setVersionLatency(versionId, parentLatency);
  const version = await registry.saveVersion(quantized, {
    projectId: record.projectId,
    parentId: versionId,
    note: `${scheme} of v${record.number}`,
    tags: [scheme],
    latency,
  });
  return {
    scheme,
    version,
    metrics: { validation: quantized.metrics.validation, test: quantized.metrics.test },
    bytes: quantized.bytes,
    parentBytes: quantized.quantization.parentBytes,
    keptLayers: quantized.quantization.keptLayers,
    keptReasons: quantized.quantization.keptReasons ?? [],
    lossLimit: quantized.quantization.lossLimit ?? null,
    calibration: 'splits' in calibration ? 'reference' : 'table',
    kernels: quantized.quantization.kernels,
    quantizeMs,
    latencyMs: latency.ms,
    parentLatencyMs: parentLatency.ms,
  };
}

/**
 * Quantizes on the loaded table when it is the version's training table, else on the version's
 * reference data. The file's hash and row count decide cheaply which to try; quantizeModel then
 * checks the table's full fingerprint once (a table read with other column kinds is refused with
 * dataset_mismatch, and the reference data calibrates instead).
 */
async function quantizeOn(
  registry: Registry,
  versionId: string,
  parent: TrainedModel,
  scheme: string,
  loaded: Table | null,
): Promise<{ quantized: QuantizedModel; calibration: Table | ReferenceData }> {
  return onOwnRows(registry, versionId, parent, loaded, async (calibration) => ({
    quantized: await quantizeModel(parent, { scheme: scheme as QuantizationScheme, calibration }),
    calibration,
  }));
}
