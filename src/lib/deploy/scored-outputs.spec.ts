import { describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { encodeLogChunks } from '../prediction-log/encode-chunk';
import { categoryColumn, numberColumn } from '../registry/test-registries';
import type { Prediction } from '../train/types';
import { rowRange } from './score-table';
import { ScoredOutputs } from './scored-outputs';

const f = Math.fround;

/** Predictions as predict gives them: float32 outputs, 1 - p for the first of two classes. */
const cases: {
  task: 'binary' | 'multiclass' | 'regression';
  classes: string[];
  predictions: (Prediction | null)[];
}[] = [
  {
    task: 'binary',
    classes: ['no', 'yes'],
    predictions: [0.1, 0.5, 0.9, null, 0.7].map((p) =>
      p === null
        ? null
        : { label: f(p) > 1 - f(p) ? 'yes' : 'no', probabilities: [1 - f(p), f(p)] },
    ),
  },
  {
    task: 'multiclass',
    classes: ['a', 'b', 'c'],
    predictions: [
      { label: 'b', probabilities: [f(0.2), f(0.7), f(0.1)] },
      null,
      { label: 'a', probabilities: [f(0.4), f(0.4), f(0.2)] },
    ],
  },
  { task: 'regression', classes: [], predictions: [{ value: f(1.5) }, null, { value: f(-3.25) }] },
];

describe('scoring outputs kept columnar', () => {
  for (const { task, classes, predictions } of cases) {
    it(`give back ${task} predictions exactly, and log them as the objects are logged`, () => {
      const outputs = new ScoredOutputs(predictions.length, { task, classes });
      predictions.forEach((p, row) => p && outputs.setPredictions(row, [p]));
      expect(outputs.predictions()).toEqual(predictions);
      const table: Table = {
        rowCount: predictions.length,
        columns: [numberColumn('x', predictions.length, (i) => i / 3)],
        issues: [],
      };
      const info = { columns: [{ name: 'x', kind: 'numeric' }], classes };
      expect(encodeLogChunks(info, table, outputs)).toEqual(
        encodeLogChunks(info, table, predictions),
      );
    });
  }
});

describe('a range of rows as views', () => {
  it('counts the missing cells of its own rows', () => {
    const table: Table = {
      rowCount: 6,
      columns: [
        numberColumn('x', 6, (i) => (i < 3 ? NaN : i)),
        categoryColumn('y', 6, (i) => [-1, 0, 0, 0, -1, -1][i] ?? -1, ['a']),
      ],
      issues: [],
    };
    const range = rowRange(table, 2, 5);
    expect(range.columns.map((c) => c.missing)).toEqual([1, 1]);
    expect(range.rowCount).toBe(3);
  });
});
