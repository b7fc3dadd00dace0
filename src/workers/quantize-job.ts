import {
  predictWithoutTfjs,
  quantizeModel,
  splitFor,
  type ReferenceData,
  WorkbenchError,
  type QuantizationScheme,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { takeRows } from '../lib/reference/sample';
import type { QuantizeResult } from './protocol';

/** Rows timed for the latency column ("per 1,000 rows"). */
const LATENCY_ROWS = 1000;

/** 1,000 rows of the table (repeated when it has fewer), as a table of their own. */
function latencyRows(table: Table): Table {
  const count = Math.max(1, table.rowCount);
  return takeRows(
    table,
    Uint32Array.from({ length: LATENCY_ROWS }, (_, i) => i % count),
  );
}

/** Milliseconds to predict 1,000 rows: the median of three runs after a warm-up. */
async function latency(model: TrainedModel, rows: Table): Promise<number> {
  await predictWithoutTfjs(model, rows);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await predictWithoutTfjs(model, rows);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1] ?? 0;
}

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
  const calibration = await calibrationFor(registry, versionId, parent, loaded);
  const table = 'splits' in calibration ? calibration.table : calibration;
  const started = performance.now();
  const quantized = await quantizeModel(parent, {
    scheme: scheme as QuantizationScheme,
    calibration,
  });
  const quantizeMs = performance.now() - started;
  if (signal.aborted) throw new WorkbenchError('aborted', 'The work was cancelled.');
  const rows = latencyRows(table);
  const parentLatencyMs = await latency(parent, rows);
  const latencyMs = await latency(quantized, rows);
  const version = await registry.saveVersion(quantized, {
    projectId: record.projectId,
    parentId: versionId,
    note: `${scheme} of v${record.number}`,
    tags: [scheme],
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
    quantizeMs,
    latencyMs,
    parentLatencyMs,
  };
}

/** The loaded table when it is the version's training table, else the version's reference data. */
async function calibrationFor(
  registry: Registry,
  versionId: string,
  parent: TrainedModel,
  loaded: Table | null,
): Promise<Table | ReferenceData> {
  if (loaded) {
    try {
      splitFor(parent, loaded);
      return loaded;
    } catch (error) {
      // Another table (or a model stored without its split): the reference data calibrates.
      if (!(error instanceof WorkbenchError)) throw error;
    }
  }
  return registry.loadReference(versionId);
}
