/**
 * Builds a version's reference snapshot from its model and training table: the stratified
 * sample, the exact summaries and the model's predictions on the sample, as the stored value.
 * The predictions come from the forward pass in plain TypeScript (predictWithoutTfjs): the same
 * on every backend, and the registry never loads tfjs.
 */
import type { Table } from '../data/table';
import { predictWithoutTfjs } from '../train/forward-pass';
import type { TrainedModel } from '../train/types';
import { encodeReference, type StoredReference } from './encode';
import { DEFAULT_REFERENCE_ROWS, sampleRows, takeRows } from './sample';
import { classCodes, rowSplits, type ReferenceModel } from './splits';
import { summarizeTable } from './summaries';
import type { ReferenceOptions } from './types';

function defaultSeed(model: ReferenceModel): number {
  const seed = model.spec?.seed;
  return typeof seed === 'number' && Number.isInteger(seed) ? seed : 0;
}

export async function buildReference(
  model: ReferenceModel,
  table: Table,
  options: ReferenceOptions = {},
): Promise<StoredReference> {
  const splits = rowSplits(model, table);
  const seed = options.seed ?? defaultSeed(model);
  const rows = sampleRows({
    rowCount: table.rowCount,
    splits,
    classes: classCodes(model, table),
    cap: options.rows ?? DEFAULT_REFERENCE_ROWS,
    seed,
  });
  const sample = takeRows(table, rows);
  // Both yield between batches; run together, neither holds the other's long input up.
  const [predictions, summaries] = await Promise.all([
    rows.length > 0 ? predictWithoutTfjs(model as TrainedModel, sample) : [],
    summarizeTable(table),
  ]);
  return encodeReference({
    sample,
    rows,
    splits: Uint8Array.from(rows, (row) => splits[row] ?? 0),
    summaries,
    predictions,
    classes: model.classes ?? [],
    sourceRows: table.rowCount,
    datasetSha256: table.source?.sha256 ?? model.datasetSha256 ?? null,
    seed,
  });
}
