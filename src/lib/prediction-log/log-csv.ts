/**
 * The prediction log as CSV, for a spreadsheet or another tool: one line per logged row with
 * its time (ISO 8601, UTC), version number, source, latency, input values (as the scored file
 * writes them), prediction and class probabilities. Returned in parts, for a Blob.
 */
import { csvCell, csvText, freeName } from '../deploy/scored-csv';
import type { PredictionLog } from './types';

const ROWS_PER_PART = 4096;

export function predictionLogCsv(log: PredictionLog): string[] {
  const { table, classes } = log;
  const taken = new Set(table.columns.map((c) => c.name));
  const fixed = ['time', 'version', 'source', 'latency_ms'].map((name) => freeName(name, taken));
  const added = [
    freeName('prediction', taken),
    ...classes.map((label) => freeName(`probability_${label}`, taken)),
  ];
  const header = [...fixed, ...table.columns.map((c) => c.name), ...added].map(csvText);
  const parts = [`${header.join(',')}\n`];
  const numbers = new Map(log.batches.map((b) => [b.versionId, String(b.versionNumber)]));
  let lines: string[] = [];
  let row = 0;
  for (const batch of log.batches) {
    const time = new Date(batch.time).toISOString();
    const version = numbers.get(batch.versionId) ?? '';
    for (let i = 0; i < batch.rows; i++, row++) {
      const cells = [time, version, batch.source, String(log.latencyMs[row] ?? '')];
      for (const column of table.columns) cells.push(csvCell(column, row));
      const prediction = log.predictions[row];
      if (prediction && 'value' in prediction) cells.push(String(prediction.value));
      else if (prediction)
        cells.push(csvText(prediction.label), ...prediction.probabilities.map(String));
      lines.push(cells.join(','));
      if (lines.length === ROWS_PER_PART) {
        parts.push(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
  }
  if (lines.length > 0) parts.push(`${lines.join('\n')}\n`);
  return parts;
}
