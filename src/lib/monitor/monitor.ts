/**
 * `monitorDrift(reference, log, options)`: a version's reference snapshot against its logged
 * rows, window by window (see types.ts). The reference is the sample kept with the version; its
 * predictions are the model's own on that sample, so prediction drift compares like with like.
 */
import type { Column, Table } from '../data/table';
import { rowRange } from '../deploy/score-table';
import { detectDrift } from '../drift/detect-drift';
import type { ColumnDrift } from '../drift/types';
import { WorkbenchError } from '../errors';
import type { PredictionLog } from '../prediction-log/types';
import type { ReferenceData } from '../reference/types';
import type { Prediction } from '../train/types';
import { featureDistribution } from './distributions';
import { windowPerformance } from './performance';
import { windowRanges } from './windows';
import type { MonitorOptions, MonitorReport, MonitorWindow, MonitorWindowing } from './types';

const DEFAULT_WINDOW: MonitorWindowing = { rows: 1000 };

function checkWindowing(windowing: MonitorWindowing): MonitorWindowing {
  const size =
    'rows' in windowing ? windowing.rows : 'ms' in windowing ? windowing.ms : windowing.batchRows;
  const whole = 'ms' in windowing ? true : Number.isInteger(size);
  if (typeof size !== 'number' || !(size > 0) || !Number.isFinite(size) || !whole) {
    throw new WorkbenchError(
      'invalid_drift_options',
      `A monitoring window of ${String(size)} ${'ms' in windowing ? 'ms' : 'rows'} cannot be used.`,
      {
        hint: 'Give windows of a whole number of rows ({ rows: 1000 }) or a length in ms ({ ms: 86400000 }).',
      },
    );
  }
  return windowing;
}

/** Predictions as a one-column table: the labels as categories, or the values as numbers. */
function predictionTable(predictions: readonly Prediction[]): Table {
  const rowCount = predictions.length;
  const first = predictions[0];
  if (first && 'value' in first) {
    const values = Float64Array.from(predictions, (p) => ('value' in p ? p.value : NaN));
    return {
      rowCount,
      columns: [{ name: 'prediction', kind: 'numeric', storage: 'number', values, missing: 0 }],
      issues: [],
    };
  }
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(predictions, (p) => {
    const label = 'label' in p ? p.label : '';
    let code = index.get(label);
    if (code === undefined) {
      code = categories.push(label) - 1;
      index.set(label, code);
    }
    return code;
  });
  return {
    rowCount,
    columns: [
      {
        name: 'prediction',
        kind: 'categorical',
        storage: 'dictionary',
        codes,
        categories,
        missing: 0,
      },
    ],
    issues: [],
  };
}

const columnOf = (table: Table, name: string): Column =>
  table.columns.find((c) => c.name === name) as Column;

const only = (table: Table, names: readonly string[]): Table => ({
  rowCount: table.rowCount,
  columns: table.columns.filter((c) => names.includes(c.name)),
  issues: [],
});

function hasValues(column: Column | undefined): boolean {
  return (
    column !== undefined &&
    column.missing < (column.storage === 'number' ? column.values.length : column.codes.length)
  );
}

async function oneColumnDrift(
  reference: Table,
  current: Table,
  options: MonitorOptions,
): Promise<ColumnDrift | null> {
  const report = await detectDrift(reference, current, {
    ...options.drift,
    columns: [reference.columns[0]?.name ?? ''],
  });
  return report.columns[0] ?? null;
}

export async function monitorDrift(
  reference: ReferenceData,
  log: PredictionLog,
  options: MonitorOptions,
): Promise<MonitorReport> {
  const windowing = checkWindowing(options.window ?? DEFAULT_WINDOW);
  const logged = new Set(log.table.columns.map((c) => c.name));
  const referenced = new Set(reference.table.columns.map((c) => c.name));
  const features = (options.features ?? log.table.columns.map((c) => c.name)).filter(
    (name) => name !== options.target && logged.has(name) && referenced.has(name),
  );
  const referenceFeatures = only(reference.table, features);
  const referencePredictions = predictionTable(reference.predictions);
  const referenceTarget = only(reference.table, [options.target]);
  const loggedTarget = log.table.columns.find((c) => c.name === options.target);
  const ranges = windowRanges(
    log.time,
    windowing,
    log.batches.map((b) => b.rows),
  );
  const windows: MonitorWindow[] = [];
  options.onProgress?.(0, ranges.length);
  for (const [start, end] of ranges) {
    if (options.signal?.aborted) {
      throw new WorkbenchError('aborted', 'Monitoring was cancelled.', {
        hint: 'Open the Monitor screen again to go on.',
      });
    }
    const rows = rowRange(log.table, start, end);
    const drift = await detectDrift(referenceFeatures, only(rows, features), {
      ...options.drift,
      columns: features,
    });
    const predictions = log.predictions.slice(start, end);
    const windowTarget = rows.columns.find((c) => c.name === options.target);
    const labelled = hasValues(windowTarget) && referenceTarget.columns.length === 1;
    windows.push({
      index: windows.length,
      from: log.time[start] ?? 0,
      to: log.time[end - 1] ?? 0,
      rows: end - start,
      drift,
      predictionDrift:
        predictions.length > 0 && reference.predictions.length > 0
          ? await oneColumnDrift(referencePredictions, predictionTable(predictions), options)
          : null,
      targetDrift: labelled
        ? await oneColumnDrift(referenceTarget, only(rows, [options.target]), options)
        : null,
      performance: windowPerformance(
        options.task,
        log.classes,
        loggedTarget,
        log.predictions,
        start,
        end,
      ),
      distributions: features.map((name) =>
        featureDistribution(
          name,
          { column: columnOf(referenceFeatures, name), rows: referenceFeatures.rowCount },
          { column: columnOf(rows, name), rows: rows.rowCount },
        ),
      ),
    });
    options.onProgress?.(windows.length, ranges.length);
  }
  return {
    windows,
    windowing,
    features,
    referenceRows: reference.table.rowCount,
    loggedRows: log.rowCount,
    baseline: options.baseline,
  };
}
