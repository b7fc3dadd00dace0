import { WorkbenchError } from '../errors';
import { findColumn, type Table } from '../data/table';
import type { Task } from './types';

export interface EncodedTarget {
  task: Task;
  classes: string[];
  /** Class index (classification) or value (regression) per table row; NaN where missing. */
  labels: Float32Array;
}

/** Reads the target column as class indices or values and settles the task. */
export function encodeTarget(table: Table, target: string, task?: Task): EncodedTarget {
  const column = findColumn(table, target);
  if (!column) {
    throw new WorkbenchError('unknown_column', `No column is named "${target}".`, {
      hint: `Pick the target from: ${table.columns.map((c) => c.name).join(', ')}.`,
      details: { column: target },
    });
  }
  if (
    column.storage === 'number' &&
    column.kind !== 'boolean' &&
    (task === undefined || task === 'regression')
  ) {
    return { task: 'regression', classes: [], labels: Float32Array.from(column.values) };
  }
  if (task === 'regression') {
    throw new WorkbenchError(
      'target_not_usable',
      `The target "${target}" holds text, so it cannot be predicted as a number.`,
      { hint: 'Choose classification for this target, or pick a numeric target.' },
    );
  }
  let classes: string[];
  let labels: Float32Array;
  if (column.storage === 'dictionary') {
    const used = new Set<number>(Array.from(column.codes).filter((code) => code >= 0));
    const name = (code: number) => column.categories[code] ?? '';
    const kept = [...used].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
    classes = kept.map((code) => column.categories[code] ?? '');
    const indexOfCode = new Map(kept.map((code, index) => [code, index]));
    labels = Float32Array.from(column.codes, (code) => indexOfCode.get(code) ?? NaN);
  } else {
    const values = [...new Set(Array.from(column.values).filter((v) => !Number.isNaN(v)))];
    values.sort((a, b) => a - b);
    classes = values.map(String);
    const indexOfValue = new Map(values.map((value, index) => [value, index]));
    labels = Float32Array.from(column.values, (value) => indexOfValue.get(value) ?? NaN);
  }
  if (classes.length < 2) {
    throw new WorkbenchError(
      'target_one_class',
      `The target "${target}" has only one class${classes[0] === undefined ? '' : ` ("${classes[0]}")`}.`,
      { hint: 'Pick a target with at least two different values.', details: { column: target } },
    );
  }
  return { task: classes.length === 2 ? 'binary' : 'multiclass', classes, labels };
}
