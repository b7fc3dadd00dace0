import {
  predictWithoutTfjs,
  quantizeModel,
  WorkbenchError,
  type QuantizationScheme,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import type { QuantizeResult } from './protocol';

/** Rows timed for the latency column ("per 1,000 rows"). */
const LATENCY_ROWS = 1000;

function rowsOf(table: Table, count: number): Table {
  // The first rows, as a table of its own: what a user scoring a small file would pass.
  const rows = Math.min(count, table.rowCount);
  return {
    ...table,
    rowCount: rows,
    columns: table.columns.map((column) =>
      column.storage === 'number'
        ? { ...column, values: column.values.subarray(0, rows) }
        : { ...column, codes: column.codes.subarray(0, rows) },
    ),
  };
}

async function latency(model: TrainedModel, table: Table): Promise<number> {
  const sample = rowsOf(table, LATENCY_ROWS);
  await predictWithoutTfjs(model, sample); // warm-up
  const started = performance.now();
  await predictWithoutTfjs(model, sample);
  return ((performance.now() - started) * LATENCY_ROWS) / Math.max(1, sample.rowCount);
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
  let calibration: Table;
  let source: QuantizeResult['calibration'] = 'table';
  try {
    if (!loaded) throw new WorkbenchError('dataset_mismatch', 'No table is loaded.');
    // quantizeModel refuses another table with dataset_mismatch: try the loaded one first.
    calibration = loaded;
    return await run(calibration);
  } catch (error) {
    if (!(error instanceof WorkbenchError) || error.code !== 'dataset_mismatch') throw error;
    const reference = await registry.loadReference(versionId);
    calibration = reference.table;
    source = 'reference';
    return await run(calibration, reference);
  }

  async function run(
    table: Table,
    reference?: Awaited<ReturnType<Registry['loadReference']>>,
  ): Promise<QuantizeResult> {
    const started = performance.now();
    const quantized = await quantizeModel(parent, {
      scheme: scheme as QuantizationScheme,
      calibration: reference ?? table,
    });
    const quantizeMs = performance.now() - started;
    if (signal.aborted) throw new WorkbenchError('aborted', 'The work was cancelled.');
    const [latencyMs, parentLatencyMs] = [
      await latency(quantized, table),
      await latency(parent, table),
    ];
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
      calibration: source,
      quantizeMs,
      latencyMs,
      parentLatencyMs,
    };
  }
}
