/**
 * Whether a table can be scored by a model at all: every feature column the model was trained
 * on is there, stored as in training (numbers as numbers, categories as categories). Checked
 * before any row is scored, so that a wrong file is refused whole, with the column named.
 */
import { findColumn, type Table } from '../data/table';
import { WorkbenchError } from '../errors';
import type { TrainedModel } from '../train/types';

const KIND_WORDS = { numeric: 'numbers', datetime: 'dates', 'one-hot': 'categories' } as const;

export function checkScoringColumns(model: TrainedModel, table: Table): void {
  const missing = model.preprocessing.steps
    .map((step) => step.column)
    .filter((name) => !findColumn(table, name));
  if (missing.length > 0) {
    throw new WorkbenchError(
      'unknown_column',
      `The file has no column ${missing.map((m) => `"${m}"`).join(', ')}, which the model needs.`,
      {
        hint: `The model was trained on: ${model.spec.features.join(', ')}. The file has: ${table.columns.map((c) => c.name).join(', ')}.`,
        details: { missing },
      },
    );
  }
  for (const step of model.preprocessing.steps) {
    const column = findColumn(table, step.column);
    const wanted = step.kind === 'one-hot' ? 'dictionary' : 'number';
    if (!column || column.storage === wanted) continue;
    throw new WorkbenchError(
      'column_mistyped',
      `Column "${step.column}" holds ${column.storage === 'number' ? 'numbers' : 'text'}, but the model was trained on ${KIND_WORDS[step.kind]} there.`,
      {
        hint:
          column.storage === 'dictionary'
            ? 'Some cells in that column are not numbers (or dates); fix them, or mark them as missing, and score again.'
            : 'Check that it is the same column as in training.',
        details: { column: step.column, expected: KIND_WORDS[step.kind] },
      },
    );
  }
}
