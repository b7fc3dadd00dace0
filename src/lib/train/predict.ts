import * as tf from '@tensorflow/tfjs';
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { buildNetwork } from './build-model';
import { argmax, classProbabilities, unscale } from './metrics';
import { tableFromRecords, type RecordRow } from './records';
import type { Prediction, TrainedModel } from './types';
import { WorkbenchError } from '../errors';
import { findColumn } from '../data/table';
import { validateModel } from '../model/formats';

function invalidRows(problem: string): WorkbenchError {
  return new WorkbenchError('invalid_rows', `These rows cannot be predicted: ${problem}.`, {
    hint: 'Pass a Table from readCsv, or an array of row objects such as [{ column: value }].',
  });
}

/** Most model inputs (rows x input width) one predict call builds: 256 MB of float32. */
export const MAX_PREDICT_VALUES = 64 * 1024 * 1024;

function checkInputSize(rows: number, model: TrainedModel): void {
  const values = rows * model.architecture.inputWidth;
  if (values > MAX_PREDICT_VALUES) {
    throw invalidRows(
      `${rows} rows of ${model.architecture.inputWidth} inputs are more than one call predicts (${MAX_PREDICT_VALUES} values); predict them in batches`,
    );
  }
}

/**
 * Row objects to a table, refusing a list too long to read (a sparse array of length 4e9 would
 * be walked for minutes) and turning a Proxy or getter that throws into a coded error.
 */
function recordsTable(rows: RecordRow[], model: TrainedModel): Table {
  checkInputSize(rows.length, model);
  try {
    return tableFromRecords(rows, model.preprocessing);
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw invalidRows('reading a row failed (a getter or a Proxy threw)');
  }
}

/** A Table's shape, checked where predict relies on it (lengths of the columns it reads). */
function checkedTable(value: unknown, model: TrainedModel): Table {
  const table = value as Partial<Table> | null;
  if (typeof table !== 'object' || table === null || !Array.isArray(table.columns)) {
    throw invalidRows('they are neither a table nor an array of row objects');
  }
  const rowCount = table.rowCount;
  if (typeof rowCount !== 'number' || !Number.isInteger(rowCount) || rowCount < 0) {
    throw invalidRows('the table has no row count');
  }
  for (const step of model.preprocessing.steps) {
    const column = findColumn(table as Table, step.column);
    const cells = column?.storage === 'dictionary' ? column.codes : column?.values;
    if (column && !(ArrayBuffer.isView(cells) && cells.length >= rowCount)) {
      throw invalidRows(`column "${step.column}" has fewer cells than the table has rows`);
    }
  }
  return table as Table;
}

/**
 * Predicts every row of a table, or of plain objects ({ column: value }): `{ label,
 * probabilities }` for classes (in the order of `model.classes`), `{ value }` otherwise.
 */
export async function predict(
  model: TrainedModel,
  rowsOrTable: Table | RecordRow[],
): Promise<Prediction[]> {
  // Checked before anything is built: a bad model is refused with a code, never half-run.
  validateModel(model);
  const table = Array.isArray(rowsOrTable)
    ? recordsTable(rowsOrTable, model)
    : checkedTable(rowsOrTable, model);
  checkInputSize(table.rowCount, model);
  const rows = Array.from({ length: table.rowCount }, (_, row) => row);
  const inputs = transformRows(model.preprocessing, table, rows);
  const network = buildNetwork(model.architecture, 0);
  try {
    tf.tidy(() => network.setWeights(model.weights.map((w) => tf.tensor(w.values, w.shape))));
    const output = tf.tidy(
      () =>
        network.predict(
          tf.tensor2d(inputs, [rows.length, model.architecture.inputWidth]),
        ) as tf.Tensor,
    );
    const values = unscale((await output.data()) as Float32Array, model.task, model.targetScale);
    const width = output.shape[1] ?? 1;
    output.dispose();
    if (model.task === 'regression') return rows.map((row) => ({ value: values[row] ?? NaN }));
    return rows.map((row) => {
      const probabilities = classProbabilities(values, row, width, model.task);
      return { label: model.classes[argmax(probabilities)] ?? '', probabilities };
    });
  } finally {
    network.dispose();
  }
}
