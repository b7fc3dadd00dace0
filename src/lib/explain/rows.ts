/**
 * The rows an explanation reads: the validation rows of the training table (its own split,
 * `splitFor`) or of a version's reference sample, else every labelled row of another table.
 */
import type { Table } from '../data/table';
import { WorkbenchError } from '../errors';
import type { ReferenceData } from '../reference/types';
import { splitFor } from '../train/split-for';
import { encodeTarget } from '../train/target';
import type { TrainedModel } from '../train/types';

/** The training table, a version's reference data, or any table with the model's columns. */
export type ExplainData = Table | Pick<ReferenceData, 'table' | 'splits'>;

export interface ExplainRows {
  table: Table;
  rows: number[];
  /** Class indices into `model.classes`, or values; NaN where a row has no usable label. */
  truth: Float32Array;
  /** 'validation': the model's validation rows; 'all': every labelled row of another table. */
  source: 'validation' | 'test' | 'all';
}

function isReference(value: ExplainData): value is Pick<ReferenceData, 'table' | 'splits'> {
  return 'splits' in value && Array.isArray(value.splits);
}

/** Labels in the model's own class order (a sample may lack a class, or hold an unseen one). */
function modelTruth(model: TrainedModel, table: Table): Float32Array {
  if (!table.columns.some((column) => column.name === model.target)) {
    return new Float32Array(table.rowCount).fill(NaN);
  }
  const target = encodeTarget(table, model.target, model.task);
  if (model.task === 'regression') return target.labels;
  const index = new Map(model.classes.map((name, i) => [name, i]));
  return Float32Array.from(target.labels, (label) =>
    Number.isNaN(label) ? NaN : (index.get(target.classes[label] ?? '') ?? NaN),
  );
}

/**
 * Validation rows where there are some (else test rows), else every labelled row; `which`
 * 'all' takes every labelled row of the table at once.
 */
export function explainRows(
  model: TrainedModel,
  data: ExplainData,
  which: 'validation' | 'all' = 'validation',
): ExplainRows {
  const table = isReference(data) ? data.table : data;
  const truth = modelTruth(model, table);
  const labelled = (rows: number[]) => rows.filter((row) => !Number.isNaN(truth[row] ?? NaN));
  let parts: { validation: number[]; test: number[] } | null = null;
  if (which === 'all') {
    parts = null;
  } else if (isReference(data)) {
    const of = (name: string) => data.splits.flatMap((split, row) => (split === name ? [row] : []));
    parts = { validation: of('validation'), test: of('test') };
  } else if (model.split) {
    try {
      parts = splitFor(model, table);
    } catch (error) {
      // Another table: every labelled row it has is fair to score on.
      if (!(error instanceof WorkbenchError) || error.code !== 'dataset_mismatch') throw error;
    }
  }
  const validation = labelled(parts?.validation ?? []);
  const test = labelled(parts?.test ?? []);
  if (validation.length > 0) return { table, rows: validation, truth, source: 'validation' };
  if (test.length > 0) return { table, rows: test, truth, source: 'test' };
  const all = labelled(Array.from({ length: table.rowCount }, (_, row) => row));
  if (all.length === 0) {
    throw new WorkbenchError(
      'no_explain_rows',
      `The table has no rows with a value in "${model.target}" to measure the model on.`,
      {
        hint: `Explain with the training table, or a table that has the "${model.target}" column filled in.`,
      },
    );
  }
  return { table, rows: all, truth, source: 'all' };
}
