/**
 * The rows pruning fine-tunes and scores on, and what turns them into model inputs: the
 * training table's own split (`splitFor`), or the split each row of a reference sample records.
 * The model's preprocessing and target scale are used as stored, never refitted.
 */
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import type { Split } from '../train/split';
import { splitFor } from '../train/split-for';
import { encodeTarget, type EncodedTarget } from '../train/target';
import type { TrainingData } from '../train/training-data';
import type { TrainedModel } from '../train/types';
import { badPruneOption } from './options';
import type { PruneData } from './types';

export interface PruneRows extends Split {
  data: TrainingData;
  evaluatedOn: 'table' | 'reference';
}

function isReference(value: PruneData): value is Exclude<PruneData, Table> {
  return 'splits' in value && Array.isArray(value.splits);
}

/** Row indices per part, as a reference sample's split labels say. */
function referenceSplit(source: Exclude<PruneData, Table>): Split {
  const { table, splits } = source;
  if (splits.length !== table.rowCount) {
    throw badPruneOption(
      `the reference data has ${table.rowCount} rows but ${splits.length} split labels`,
      { rows: table.rowCount, splits: splits.length },
    );
  }
  const rows = (which: string) => splits.flatMap((split, row) => (split === which ? [row] : []));
  return { train: rows('train'), validation: rows('validation'), test: rows('test') };
}

/**
 * Labels as indices into the model's classes (as quantizeModel aligns them): a sample may lack
 * a rare class, so its own classes can differ from the model's.
 */
function alignTarget(model: TrainedModel, target: EncodedTarget): EncodedTarget {
  if (model.task === 'regression') return target;
  const index = new Map(model.classes.map((name, i) => [name, i]));
  const labels = Float32Array.from(target.labels, (label) =>
    Number.isNaN(label) ? NaN : (index.get(target.classes[label] ?? '') ?? NaN),
  );
  return { ...target, classes: model.classes, labels };
}

/** sklearn's class_weight='balanced' over the fine-tuning rows, as training computes it. */
function balancedWeights(target: EncodedTarget, rows: number[]): Float32Array {
  const counts = new Float32Array(target.classes.length);
  for (const row of rows) {
    const label = target.labels[row] ?? 0;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts.map((count) => (count > 0 ? rows.length / (target.classes.length * count) : 0));
}

/** The train, validation and test rows of `source` with the model's own preprocessing. */
export function pruneRows(model: TrainedModel, source: PruneData): PruneRows {
  if (typeof source !== 'object' || source === null) {
    throw badPruneOption('no data was given (the training table or reference data)', {});
  }
  const reference = isReference(source);
  const split = reference ? referenceSplit(source) : splitFor(model, source);
  const table = reference ? source.table : source;
  const target = alignTarget(model, encodeTarget(table, model.target, model.task));
  // A sampled row of a class the model never saw cannot be scored or trained on.
  const labelled = (rows: number[]) => rows.filter((row) => !Number.isNaN(target.labels[row]));
  const [train, validation, test] = [split.train, split.validation, split.test].map(labelled) as [
    number[],
    number[],
    number[],
  ];
  if (train.length === 0 || test.length === 0) {
    throw new WorkbenchError(
      'no_prune_rows',
      `The ${reference ? 'reference data' : 'table'} gives ${train.length} training and ${test.length} test rows; pruning needs both, to fine-tune and to report.`,
      {
        hint: reference
          ? 'Load the training file itself instead of the reference sample.'
          : 'Train the model on a table with more labelled rows, then prune it.',
        details: { train: train.length, test: test.length },
      },
    );
  }
  const data: TrainingData = {
    table,
    target,
    preprocessing: model.preprocessing,
    targetScale: model.targetScale,
    classWeights: model.spec.classWeights === 'balanced' ? balancedWeights(target, train) : null,
  };
  return { train, validation, test, data, evaluatedOn: reference ? 'reference' : 'table' };
}
