/**
 * The train, validation and test rows a model was trained with, given back from its training
 * table: what scoring, quantization, pruning and retraining need to stay on the same rows.
 */
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import { invalidModel } from '../model/invalid-model';
import { splitLabelledRows, type Split } from './split';
import { tableFingerprint } from './table-fingerprint';
import { encodeTarget } from './target';
import type { TrainedModel } from './types';

function mismatch(problem: string, details: Record<string, unknown> = {}): WorkbenchError {
  return new WorkbenchError(
    'dataset_mismatch',
    `This table is not the one the model was trained on: ${problem}.`,
    {
      hint: 'Load the same file (or the same rows) the model was trained on, unchanged.',
      details,
    },
  );
}

/** The shape `tableFingerprint` reads, checked: a malformed table is not the training table. */
function tableProblem(value: unknown): string | null {
  const table = value as Partial<Table> | null;
  if (typeof table !== 'object' || table === null || !Array.isArray(table.columns)) {
    return 'it is not a table';
  }
  const { rowCount } = table;
  if (typeof rowCount !== 'number' || !Number.isInteger(rowCount) || rowCount < 0) {
    return 'it has no row count';
  }
  for (const [index, column] of (table.columns as unknown[]).entries()) {
    const c = column as Partial<Record<string, unknown>> | null;
    const ok =
      typeof c === 'object' &&
      c !== null &&
      typeof c.name === 'string' &&
      typeof c.kind === 'string' &&
      (c.storage === 'number'
        ? c.values instanceof Float64Array && c.values.length >= rowCount
        : c.storage === 'dictionary' &&
          c.codes instanceof Int32Array &&
          c.codes.length >= rowCount &&
          Array.isArray(c.categories) &&
          c.categories.every((category) => typeof category === 'string'));
    if (!ok) return `column ${index + 1} is malformed`;
  }
  return null;
}

/**
 * The exact train, validation and test row indices (in the order training used them) that
 * `model` was trained with, from its training table. A table with other contents or another
 * row count is refused with `dataset_mismatch`; a model stored before splits were recorded,
 * with `split_not_recorded`.
 */
export function splitFor(model: TrainedModel, table: Table): Split {
  validateModel(model);
  const { split } = model;
  if (!split) {
    throw new WorkbenchError(
      'split_not_recorded',
      'This model does not record how its training rows were split (it was trained by an older version of the workbench).',
      { hint: 'Train the model again to record its split.' },
    );
  }
  const problem = tableProblem(table);
  if (problem) throw mismatch(problem);
  if (table.rowCount !== split.rowCount) {
    throw mismatch(`it has ${table.rowCount} rows, the training table had ${split.rowCount}`, {
      rowCount: table.rowCount,
      expected: split.rowCount,
    });
  }
  const fingerprint = tableFingerprint(table);
  if (fingerprint !== split.fingerprint) {
    throw mismatch('its contents differ (another fingerprint)', {
      fingerprint,
      expected: split.fingerprint,
    });
  }
  const rows = splitLabelledRows(encodeTarget(table, model.target, model.task).labels, split);
  const { counts } = split;
  if (
    rows.train.length !== counts.train ||
    rows.validation.length !== counts.validation ||
    rows.test.length !== counts.test
  ) {
    // Same contents but other parts: the record was edited after training.
    throw invalidModel(
      `its split gives ${rows.train.length}/${rows.validation.length}/${rows.test.length} rows, it says ${counts.train}/${counts.validation}/${counts.test}`,
      'split.counts',
    );
  }
  return rows;
}
