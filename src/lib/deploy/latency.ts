/**
 * How long a model takes to predict, measured the way a deployed bundle runs it: the plain
 * JavaScript forward pass (`predictWithoutTfjs`, what predict.mjs does), on rows of a table.
 */
import type { Table } from '../data/table';
import type { VersionLatency } from '../registry/types';
import { takeRows } from '../reference/sample';
import { predictWithoutTfjs } from '../train/forward-pass';
import type { TrainedModel } from '../train/types';

/** Rows timed by default: the Pareto view and the Optimize tables say "per 1,000 rows". */
export const LATENCY_ROWS = 1000;

/** `rows` rows of the table (repeated when it has fewer), as a table of their own. */
export function latencyRows(table: Table, rows = LATENCY_ROWS): Table {
  const count = Math.max(1, table.rowCount);
  return takeRows(
    table,
    Uint32Array.from({ length: rows }, (_, i) => i % count),
  );
}

/**
 * Milliseconds to predict the rows: the median of `runs` timed runs after one warm-up (the
 * first run pays for compiling and allocating, which a served model pays once).
 */
export async function measureLatency(
  model: TrainedModel,
  rows: Table,
  runs = 3,
): Promise<VersionLatency> {
  await predictWithoutTfjs(model, rows);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await predictWithoutTfjs(model, rows);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    ms: times[Math.floor(times.length / 2)] ?? 0,
    rows: rows.rowCount,
    backend: 'js',
    measuredAt: Date.now(),
  };
}
