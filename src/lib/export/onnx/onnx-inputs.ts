/**
 * A table's rows as an exported ONNX model's inputs (the encoding of preprocess-graph.ts and
 * date-parts.ts): what the in-browser check and the tests feed the runtime, and what
 * predict.mjs computes from a CSV.
 */
import { findColumn, type Column, type Table } from '../../data/table';
import { checkScoringColumns } from '../../deploy/check-columns';
import { WorkbenchError } from '../../errors';
import type { TrainedModel } from '../../train/types';
import { DATE_PARTS, dateParts } from './date-parts';
import { dateColumns } from './preprocess-graph';

export interface OnnxInputs {
  /** [rows, features] row-major. */
  features: Float32Array;
  /** [rows, 5 x date columns] row-major; absent when the model has no date column. */
  dates?: Float32Array;
}

/** A column checkScoringColumns has already found, of the storage it checked. */
function columnOf(table: Table, name: string): Column {
  const column = findColumn(table, name);
  if (!column) throw new WorkbenchError('internal', `Column "${name}" went missing.`);
  return column;
}

/** The ONNX inputs for `rows` of `table` (which must hold the model's feature columns). */
export function onnxInputs(model: TrainedModel, table: Table, rows: ArrayLike<number>): OnnxInputs {
  checkScoringColumns(model, table);
  const { steps } = model.preprocessing;
  const width = steps.length;
  const features = new Float32Array(rows.length * width);
  const dateNames = dateColumns(model.preprocessing);
  const partCount = DATE_PARTS.length;
  const dates =
    dateNames.length > 0 ? new Float32Array(rows.length * dateNames.length * partCount) : undefined;
  for (const [index, step] of steps.entries()) {
    const column = columnOf(table, step.column);
    // checkScoringColumns saw to the storage: categories in dictionaries, the rest as numbers.
    if (step.kind === 'one-hot') {
      if (column.storage !== 'dictionary') continue;
      const position = new Map(step.categories.map((category, at) => [category, at]));
      const other = step.categories.length;
      const indexOf = Int32Array.from(column.categories, (c) => position.get(c) ?? other);
      for (let i = 0; i < rows.length; i++) {
        const code = column.codes[rows[i] ?? 0] ?? -1;
        features[i * width + index] = code < 0 ? -1 : (indexOf[code] ?? other);
      }
      continue;
    }
    if (column.storage !== 'number') continue;
    if (step.kind === 'numeric') {
      for (let i = 0; i < rows.length; i++) {
        features[i * width + index] = column.values[rows[i] ?? 0] ?? NaN;
      }
      continue;
    }
    // A date: its slot in `features` is unused (0); its parts go to `dates`.
    const stride = dateNames.length * partCount;
    const at = dateNames.indexOf(step.column) * partCount;
    for (let i = 0; i < rows.length; i++) {
      const parts = dateParts(column.values[rows[i] ?? 0] ?? NaN);
      dates?.set(parts, i * stride + at);
    }
  }
  return dates ? { features, dates } : { features };
}
