/**
 * Retraining a challenger: the champion's spec on the reference rows it trained on plus newly
 * labelled rows. The rows the two models are compared on are kept out of the challenger's
 * training: the reference's test rows (which the champion never trained on either) and a seeded
 * share of the new rows. `retrainTables` says which rows are which; `retrainModel` trains.
 */
import { concatTables } from '../data/concat-tables';
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import { takeRows } from '../reference/sample';
import type { ReferenceData } from '../reference/types';
import { createRng, shuffleInPlace } from '../train/rng';
import { splitFor } from '../train/split-for';
import { trainModel } from '../train/train-model';
import type { EpochReport, TrainedModel } from '../train/types';

export interface RetrainOptions {
  /** The champion's training table, or its version's reference snapshot (`loadReference`). */
  reference: Table | ReferenceData;
  /** Seeds the hold-out draw and training; the champion's seed by default. */
  seed?: number;
  /** Share of the new labelled rows held out for the comparison (0.2). */
  holdout?: number;
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
}

export interface RetrainTables {
  /** What the challenger trains on (its own train / validation / test split is drawn in it). */
  training: Table;
  /** What champion and challenger are compared on: reference test rows and held-out new rows. */
  holdout: Table;
  counts: {
    referenceTraining: number;
    referenceTest: number;
    newTraining: number;
    newHoldout: number;
  };
}

const isReferenceData = (value: Table | ReferenceData): value is ReferenceData =>
  'splits' in value && 'summaries' in value;

/** The reference's rows split into those the champion trained on and its test rows. */
function referenceParts(model: TrainedModel, reference: Table | ReferenceData) {
  if (isReferenceData(reference)) {
    const test: number[] = [];
    const rest: number[] = [];
    reference.splits.forEach((split, row) => (split === 'test' ? test : rest).push(row));
    return { table: reference.table, rest, test };
  }
  try {
    const split = splitFor(model, reference);
    return { table: reference, rest: [...split.train, ...split.validation], test: split.test };
  } catch (error) {
    // Not the table the champion was trained on (or no split recorded): all of it trains.
    if (
      error instanceof WorkbenchError &&
      (error.code === 'dataset_mismatch' || error.code === 'split_not_recorded')
    ) {
      return {
        table: reference,
        rest: Array.from({ length: reference.rowCount }, (_, i) => i),
        test: [],
      };
    }
    throw error;
  }
}

/** Rows of `table` whose target holds a value: only they can train or be scored. */
function labelledRows(table: Table, target: string): number[] {
  const column = table.columns.find((c) => c.name === target);
  if (!column) {
    throw new WorkbenchError(
      'unknown_column',
      `The new data has no column "${target}", the target.`,
      {
        hint: `Give rows with their true "${target}" to retrain on.`,
        details: { column: target },
      },
    );
  }
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const has =
      column.storage === 'number'
        ? !Number.isNaN(column.values[row] ?? NaN)
        : (column.codes[row] ?? -1) >= 0;
    if (has) rows.push(row);
  }
  return rows;
}

const rowsOf = (rows: readonly number[]) => Uint32Array.from([...rows].sort((a, b) => a - b));

export function retrainTables(
  model: TrainedModel,
  newData: Table,
  options: RetrainOptions,
): RetrainTables {
  const share = options.holdout ?? 0.2;
  if (!(share > 0 && share < 1)) {
    throw new WorkbenchError(
      'invalid_spec',
      `A hold-out share of ${String(share)} cannot be used.`,
      {
        hint: 'Hold out a share of the new rows between 0 and 1 (0.2 by default).',
      },
    );
  }
  const labelled = labelledRows(newData, model.target);
  if (labelled.length < 2) {
    throw new WorkbenchError(
      'too_few_rows',
      `The new data has ${labelled.length} labelled row(s); retraining needs at least 2.`,
      {
        hint: `Add rows with their true "${model.target}".`,
      },
    );
  }
  const reference = referenceParts(model, options.reference);
  const shuffled = shuffleInPlace([...labelled], createRng(options.seed ?? model.spec.seed));
  const held = Math.max(1, Math.round(labelled.length * share));
  const newHoldout = shuffled.slice(0, held);
  const newTraining = shuffled.slice(held);
  const features = [...model.spec.features, model.target];
  const only = (table: Table) => ({
    ...table,
    columns: table.columns.filter((c) => features.includes(c.name)),
  });
  return {
    training: only(
      concatTables([
        takeRows(reference.table, rowsOf(reference.rest)),
        takeRows(newData, rowsOf(newTraining)),
      ]),
    ),
    holdout: only(
      concatTables([
        takeRows(reference.table, rowsOf(reference.test)),
        takeRows(newData, rowsOf(newHoldout)),
      ]),
    ),
    counts: {
      referenceTraining: reference.rest.length,
      referenceTest: reference.test.length,
      newTraining: newTraining.length,
      newHoldout: newHoldout.length,
    },
  };
}

/** A challenger trained with the champion's spec on its reference rows plus the new ones. */
export async function retrainModel(
  model: TrainedModel,
  newData: Table,
  options: RetrainOptions,
): Promise<TrainedModel> {
  return trainChallenger(model, retrainTables(model, newData, options).training, options);
}

/** The challenger on tables `retrainTables` drew (so a caller that needs them draws them once). */
export function trainChallenger(
  model: TrainedModel,
  training: Table,
  options: Pick<RetrainOptions, 'seed' | 'signal' | 'onEpoch'>,
): Promise<TrainedModel> {
  // The champion's resolved spec, as it trained; its task, since the new rows may lack a class.
  const spec = { ...model.spec, task: model.task, seed: options.seed ?? model.spec.seed };
  // Its rows were masked as the champion's were (reference and log hold masked values only):
  // the challenger masks new data the same way.
  const masked = model.masking ? { ...training, masks: model.masking } : training;
  return trainModel(masked, spec, { signal: options.signal, onEpoch: options.onEpoch });
}
