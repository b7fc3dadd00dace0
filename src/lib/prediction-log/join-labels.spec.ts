import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../data/table';
import { fakeModel } from '../registry/fake-model';
import { categoryColumn, freshRegistries, numberColumn } from '../registry/test-registries';
import { refusal } from '../test-refusal';

const freshRegistry = freshRegistries('join-labels-test');

const ids = (rows: number, first: number): Column => ({
  ...numberColumn('order', rows, (i) => first + i),
  kind: 'identifier',
});

function scored(rows: number, first: number): Table {
  return {
    rowCount: rows,
    columns: [
      ids(rows, first),
      numberColumn('x', rows, (i) => i),
      categoryColumn('colour', rows, () => 0, ['red']),
    ],
    issues: [],
  };
}

const yes = { label: 'yes', probabilities: [0.2, 0.8] };

describe('labels joined to logged predictions by key', () => {
  it('gives each matched row its label, counts the rest, and keeps the other values', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(fakeModel());
    for (const first of [100, 200]) {
      await registry.logPredictions({
        versionId: version.id,
        table: scored(30, first),
        predictions: new Array(30).fill(yes),
        latencyMs: 1,
      });
    }
    const before = await registry.readPredictionLog();
    expect(before.table.columns.map((c) => c.name)).toEqual(['x', 'colour', 'order']);
    // Labels for orders 110 to 119 and 205, and two orders never logged.
    const keys = [...Array.from({ length: 10 }, (_, i) => 110 + i), 205, 999, 1000];
    const labels: Table = {
      rowCount: keys.length,
      columns: [
        categoryColumn('y', keys.length, (i) => i % 2, ['no', 'yes']),
        { ...numberColumn('order', keys.length, (i) => keys[i] ?? NaN), kind: 'numeric' },
      ],
      issues: [],
    };
    expect(await registry.joinLabels(version.id, labels)).toEqual({
      key: 'order',
      labelled: 11,
      unmatched: 2,
      batches: 2,
    });
    const after = await registry.readPredictionLog();
    const y = after.table.columns.find((c) => c.name === 'y');
    if (y?.storage !== 'dictionary') throw new Error('no labels');
    const label = (row: number) => (y.codes[row]! < 0 ? null : y.categories[y.codes[row]!]);
    expect(label(10)).toBe('no');
    expect(label(11)).toBe('yes');
    expect(label(9)).toBeNull();
    expect(label(35)).toBe('no'); // order 205 is the 11th label
    expect(after.predictions).toEqual(before.predictions);
    expect(after.table.columns.find((c) => c.name === 'x')).toEqual(
      before.table.columns.find((c) => c.name === 'x'),
    );
  });

  it('refuses labels without the target or the key, and a log without keys', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(fakeModel());
    const noKeys: Table = { rowCount: 2, columns: [numberColumn('x', 2, (i) => i)], issues: [] };
    await registry.logPredictions({
      versionId: version.id,
      table: noKeys,
      predictions: [yes, yes],
      latencyMs: 1,
    });
    const labels: Table = {
      rowCount: 1,
      columns: [numberColumn('order', 1, () => 1), categoryColumn('y', 1, () => 0, ['no'])],
      issues: [],
    };
    const none = await refusal(registry.joinLabels(version.id, labels));
    expect(none).toMatchObject({ code: 'unknown_column' });
    expect(none.message).toContain('No logged prediction of v1 has a key column');
    await registry.logPredictions({
      versionId: version.id,
      table: scored(20, 1),
      predictions: new Array(20).fill(yes),
      latencyMs: 1,
    });
    const withoutTarget = { ...labels, columns: [labels.columns[0]!] };
    expect((await refusal(registry.joinLabels(version.id, withoutTarget))).message).toContain(
      'no column "y"',
    );
    const otherKey = {
      ...labels,
      columns: [numberColumn('ticket', 1, () => 1), labels.columns[1]!],
    };
    expect((await refusal(registry.joinLabels(version.id, otherKey))).message).toContain('"order"');
  });
});
