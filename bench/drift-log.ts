/**
 * monitorDrift's inputs for the drift benchmark, built as values (not read from IndexedDB): a
 * version's reference snapshot (the reference rows, a 3-class target and the model's
 * predictions on them) and a prediction log of the current rows, shaped as
 * src/lib/prediction-log/types.ts says: batches of 65,536 rows a minute apart, 30% of the rows
 * labelled, one version.
 */
import type {
  Column,
  LogBatchRecord,
  Prediction,
  PredictionLog,
  ReferenceData,
  Table,
} from '../src/lib/page';
import { createRng } from '../src/lib/train/rng';

export const TARGET = 'label';
export const CLASSES = ['class_0', 'class_1', 'class_2'];
const BATCH_ROWS = 65_536;
const LABELLED_SHARE = 0.3;
const VERSION_ID = 'bench-drift-version';
const START_TIME = Date.UTC(2026, 0, 1);

/** A model's predictions (softmax of random scores) and the true labels (80% agree). */
function predictionsAndTruth(
  rows: number,
  seed: number,
  labelled: number,
): { predictions: Prediction[]; truth: Int32Array } {
  const random = createRng(seed);
  const predictions: Prediction[] = [];
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const scores = CLASSES.map(() => Math.exp(3 * random()));
    const total = scores.reduce((sum, s) => sum + s, 0);
    const probabilities = scores.map((s) => s / total);
    const best = probabilities.indexOf(Math.max(...probabilities));
    predictions.push({ label: CLASSES[best] ?? '', probabilities });
    const label = random() < 0.8 ? best : Math.floor(random() * CLASSES.length);
    truth[i] = random() < labelled ? label : -1;
  }
  return { predictions, truth };
}

function targetColumn(truth: Int32Array): Column {
  let missing = 0;
  for (const code of truth) if (code < 0) missing++;
  return {
    name: TARGET,
    kind: 'categorical',
    storage: 'dictionary',
    codes: truth,
    categories: [...CLASSES],
    missing,
  };
}

const withColumn = (table: Table, column: Column): Table => ({
  ...table,
  columns: [...table.columns, column],
});

/** The version's reference snapshot: `table`'s rows, all labelled, with their predictions. */
export function referenceData(table: Table): ReferenceData {
  const rows = table.rowCount;
  const { predictions, truth } = predictionsAndTruth(rows, 31, 1);
  return {
    table: withColumn(table, targetColumn(truth)),
    splits: Array.from({ length: rows }, () => 'train' as const),
    rows: Array.from({ length: rows }, (_, i) => i),
    summaries: [],
    predictions,
    sourceRows: rows,
    datasetSha256: null,
    seed: 0,
  };
}

/** `table`'s rows as a read prediction log, oldest first. */
export function predictionLog(table: Table): PredictionLog {
  const rows = table.rowCount;
  const { predictions, truth } = predictionsAndTruth(rows, 32, LABELLED_SHARE);
  const time = new Float64Array(rows);
  const latencyMs = new Float64Array(rows);
  const batches: LogBatchRecord[] = [];
  for (let start = 0, id = 1; start < rows; start += BATCH_ROWS, id++) {
    const end = Math.min(rows, start + BATCH_ROWS);
    const batchTime = START_TIME + (id - 1) * 60_000;
    time.fill(batchTime, start, end);
    latencyMs.fill(250 / (end - start), start, end);
    batches.push({
      id,
      versionId: VERSION_ID,
      versionNumber: 1,
      projectId: 'bench-drift-project',
      time: batchTime,
      rows: end - start,
      latencyMs: 250,
      source: 'batch',
      file: null,
      bytes: 0,
    });
  }
  return {
    rowCount: rows,
    table: withColumn(table, targetColumn(truth)),
    predictions,
    classes: [...CLASSES],
    time,
    versionIds: Array.from({ length: rows }, () => VERSION_ID),
    latencyMs,
    batches,
    damaged: [],
  };
}
