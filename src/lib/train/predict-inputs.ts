/**
 * What `predict` is given, checked before anything is built: row objects (dense, not too many,
 * readable) or a Table whose columns have the shapes predict relies on.
 */
import { WorkbenchError } from '../errors';
import type { Column, Table } from '../data/table';
import { tableFromRecords, type RecordRow } from './records';
import type { TrainedModel } from './types';

export function invalidRows(problem: string): WorkbenchError {
  return new WorkbenchError('invalid_rows', `These rows cannot be predicted: ${problem}.`, {
    hint: 'Pass a Table from readCsv, or an array of row objects such as [{ column: value }].',
  });
}

/** Most model inputs (rows x input width) one predict call builds: 256 MB of float32. */
export const MAX_PREDICT_VALUES = 64 * 1024 * 1024;
/** Most row objects one call reads (they are read in one go): pass a Table, or batches. */
export const MAX_PREDICT_RECORDS = 50_000;

export function checkInputSize(rows: number, model: TrainedModel): void {
  const values = rows * model.architecture.inputWidth;
  if (values > MAX_PREDICT_VALUES) {
    throw invalidRows(
      `${rows} rows of ${model.architecture.inputWidth} inputs are more than one call predicts (${MAX_PREDICT_VALUES} values); predict them in batches`,
    );
  }
}

/**
 * Row objects to a table. A list too long to read in one go, a hole in it (`[a, , b]`) and a
 * Proxy or getter that throws are refused with a code.
 */
export function recordsTable(rows: RecordRow[], model: TrainedModel): Table {
  if (rows.length > MAX_PREDICT_RECORDS) {
    throw invalidRows(
      `${rows.length} row objects are more than one call reads (${MAX_PREDICT_RECORDS}); pass a Table from readCsv, or predict in batches`,
    );
  }
  for (let i = 0; i < rows.length; i++) {
    if (!(i in rows)) throw invalidRows(`row ${i + 1} is missing (a hole in the list)`);
  }
  try {
    return tableFromRecords(rows, model.preprocessing);
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw invalidRows('reading a row failed (a getter or a Proxy threw)');
  }
}

function columnProblem(column: Column, rowCount: number): string | null {
  if (column.storage === 'number') {
    return column.values instanceof Float64Array && column.values.length >= rowCount
      ? null
      : 'its values are not a Float64Array with a value per row';
  }
  if (column.storage === 'dictionary') {
    if (!(column.codes instanceof Int32Array) || column.codes.length < rowCount) {
      return 'its codes are not an Int32Array with a code per row';
    }
    const categories = column.categories as unknown;
    return Array.isArray(categories) && categories.every((c) => typeof c === 'string')
      ? null
      : 'its categories are not a list of text';
  }
  return 'its storage is neither "number" nor "dictionary"';
}

/** A Table's shape, checked where predict relies on it. */
export function checkedTable(value: unknown, model: TrainedModel): Table {
  const table = value as Partial<Table> | null;
  if (typeof table !== 'object' || table === null || !Array.isArray(table.columns)) {
    throw invalidRows('they are neither a table nor an array of row objects');
  }
  const rowCount = table.rowCount;
  if (typeof rowCount !== 'number' || !Number.isInteger(rowCount) || rowCount < 0) {
    throw invalidRows('the table has no row count');
  }
  const columns = table.columns as unknown[];
  const byName = new Map<string, Column>();
  for (const [index, column] of columns.entries()) {
    const name = (column as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw invalidRows(`column ${index + 1} has no name`);
    if (!byName.has(name)) byName.set(name, column as Column);
  }
  for (const step of model.preprocessing.steps) {
    const column = byName.get(step.column);
    const problem = column ? columnProblem(column, rowCount) : null;
    if (problem) throw invalidRows(`column "${step.column}": ${problem}`);
  }
  return table as Table;
}

/**
 * What every predictor (tf.js, the plain forward pass, the int8 GPU path) reads of a model and
 * its rows, checked once: a copy of the fields it uses, so a later change to `model` cannot
 * reach a prediction under way, and the rows as a checked table within the size limit.
 */
export function predictionInputs(model: TrainedModel, rowsOrTable: Table | RecordRow[]) {
  const { task, classes, targetScale, architecture, preprocessing } = structuredClone({
    task: model.task,
    classes: model.classes,
    targetScale: model.targetScale,
    architecture: model.architecture,
    preprocessing: model.preprocessing,
  });
  const table = Array.isArray(rowsOrTable)
    ? recordsTable(rowsOrTable, model)
    : checkedTable(rowsOrTable, model);
  checkInputSize(table.rowCount, model);
  return { meaning: { task, classes, targetScale }, architecture, preprocessing, table };
}
