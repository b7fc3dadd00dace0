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

/** Timed runs go on until both limits are reached (or `MAX_RUNS`): a 1 ms run is all noise. */
const MIN_RUNS = 5;
const MIN_TOTAL_MS = 100;
const MAX_RUNS = 100;

/**
 * Milliseconds to predict the rows: the median of at least `runs` timed runs (and of at least
 * 100 ms of them, up to 100 runs) after one warm-up, which pays for compiling and allocating
 * once, as a served model does.
 */
export async function measureLatency(
  model: TrainedModel,
  rows: Table,
  runs = MIN_RUNS,
): Promise<VersionLatency> {
  await predictWithoutTfjs(model, rows);
  const times: number[] = [];
  let total = 0;
  while (times.length < MAX_RUNS && (times.length < runs || total < MIN_TOTAL_MS)) {
    const started = performance.now();
    await predictWithoutTfjs(model, rows);
    const took = performance.now() - started;
    times.push(took);
    total += took;
  }
  times.sort((a, b) => a - b);
  return {
    ms: times[Math.floor(times.length / 2)] ?? 0,
    rows: rows.rowCount,
    backend: 'js',
    measuredAt: Date.now(),
  };
}
