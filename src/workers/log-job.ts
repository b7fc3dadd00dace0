/**
 * Prediction-log jobs that may touch millions of rows, so they run in the worker: the log as a
 * CSV file to download.
 */
import { predictionLogCsv, type PredictionLogQuery, type Registry } from '../lib/index';
import type { LogExport } from './protocol';

export async function exportLog(registry: Registry, query: PredictionLogQuery): Promise<LogExport> {
  const log = await registry.readPredictionLog(query);
  const day = new Date().toISOString().slice(0, 10);
  const versions = new Set(log.batches.map((b) => b.versionNumber));
  const only = versions.size === 1 ? `-v${[...versions][0] ?? ''}` : '';
  return {
    fileName: `prediction-log${only}-${day}.csv`,
    csv: new Blob(predictionLogCsv(log), { type: 'text/csv' }),
    rows: log.rowCount,
  };
}
