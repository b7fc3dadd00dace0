/**
 * Each row's split (train, validation or test) and class, for sampling. The split comes from
 * `splitFor(model, table)`, which reproduces the rows a model was trained, validated and tested
 * on from its split descriptor (rows it left out, with a missing target, are not sampled); a
 * model without one (saved before descriptors existed, or made by hand) has every row 'train'.
 */
import { findColumn, type Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { splitFor } from '../train/split-for';
import type { TrainedModel } from '../train/types';
import { UNASSIGNED } from './sample';

/** What the reference reads of a model. */
export interface ReferenceModel {
  task: 'regression' | 'binary' | 'multiclass';
  target: string;
  classes?: string[];
  datasetSha256?: string | null;
  spec?: { seed?: unknown };
  split?: unknown;
}

function datasetMismatch(model: ReferenceModel, table: Table): WorkbenchError {
  return new WorkbenchError(
    'dataset_mismatch',
    `The reference table is not the table this model was trained on (its fingerprint ${table.source?.sha256.slice(0, 8) ?? '?'} differs from ${model.datasetSha256?.slice(0, 8) ?? '?'}).`,
    { hint: 'Pass the table the model was trained on as `reference`.' },
  );
}

/** Split code per row: 0 train, 1 validation, 2 test, UNASSIGNED for rows not trained on. */
export function rowSplits(model: ReferenceModel, table: Table): Uint8Array {
  const trained = model.datasetSha256 ?? null;
  const given = table.source?.sha256 ?? null;
  if (trained !== null && given !== null && trained !== given) throw datasetMismatch(model, table);
  const splits = new Uint8Array(table.rowCount);
  if (model.split === undefined || model.split === null) return splits;
  // Refuses a table with other contents (dataset_mismatch), so the splits are the real ones.
  const split = splitFor(model as unknown as TrainedModel, table);
  splits.fill(UNASSIGNED);
  const parts = [split.train, split.validation, split.test];
  parts.forEach((rows, code) => {
    for (const row of rows) if (row >= 0 && row < table.rowCount) splits[row] = code;
  });
  return splits;
}

/** Each row's class for stratifying (-1 when missing), or null for regression. */
export function classCodes(model: ReferenceModel, table: Table): Int32Array | null {
  if (model.task === 'regression') return null;
  const column = findColumn(table, model.target);
  if (!column) return null;
  if (column.storage === 'dictionary') return column.codes.slice(0, table.rowCount);
  const seen = new Map<number, number>();
  return Int32Array.from(column.values.subarray(0, table.rowCount), (value) => {
    if (Number.isNaN(value)) return -1;
    let code = seen.get(value);
    if (code === undefined) seen.set(value, (code = seen.size));
    return code;
  });
}
