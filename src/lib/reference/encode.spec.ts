import { describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import type { Prediction } from '../train/types';
import { checkStoredReference } from './check';
import { decodeReference, encodeReference, type ReferenceParts } from './encode';
import { summarizeTable } from './summaries';

const bits = (values: ArrayLike<number>) =>
  Array.from(new Uint8Array(Float64Array.from(values).buffer));

async function parts(predictions: Prediction[], classes: string[] = []): Promise<ReferenceParts> {
  const sample: Table = {
    rowCount: 3,
    issues: [],
    columns: [
      {
        name: 'exact',
        kind: 'numeric',
        storage: 'number',
        missing: 1,
        values: Float64Array.from([0.1, -0, NaN]),
      },
      {
        name: 'flag',
        kind: 'boolean',
        storage: 'number',
        missing: 0,
        values: Float64Array.from([0, 1, 1]),
      },
      {
        name: 'c',
        kind: 'categorical',
        storage: 'dictionary',
        missing: 1,
        codes: Int32Array.from([1, -1, 0]),
        categories: ['a', 'b'],
      },
    ],
  };
  return {
    sample,
    rows: Uint32Array.from([0, 4, 9]),
    splits: Uint8Array.from([0, 1, 2]),
    // As if summarised over a training table of 10 rows.
    summaries: (await summarizeTable(sample)).map((summary) => ({ ...summary, rows: 10 })),
    predictions,
    classes,
    sourceRows: 10,
    datasetSha256: null,
    seed: 5,
  };
}

describe('reference encoding', () => {
  it('gives the table back bit for bit, storing each array in the smallest exact type', async () => {
    const input = await parts([{ value: 1.5 }, { value: 0.1 }, { value: -2 }]);
    const stored = encodeReference(input);
    expect(stored.columns[0]?.storage === 'number' && stored.columns[0].values).toBeInstanceOf(
      Float64Array,
    );
    expect(stored.columns[1]?.storage === 'number' && stored.columns[1].values).toBeInstanceOf(
      Float32Array,
    );
    expect(stored.columns[2]?.storage === 'dictionary' && stored.columns[2].codes).toBeInstanceOf(
      Uint8Array,
    );
    expect(checkStoredReference(stored)).toMatchObject({ ok: true });
    const data = decodeReference(stored);
    const [exact, flag, c] = data.table.columns;
    expect(exact?.storage === 'number' && bits(exact.values)).toEqual(bits([0.1, -0, NaN]));
    expect(flag?.storage === 'number' && [...flag.values]).toEqual([0, 1, 1]);
    expect(c).toEqual(input.sample.columns[2]);
    expect(data.splits).toEqual(['train', 'validation', 'test']);
    expect(data.rows).toEqual([0, 4, 9]);
    expect(data.predictions).toEqual([{ value: 1.5 }, { value: 0.1 }, { value: -2 }]);
    expect(data.seed).toBe(5);
  });

  it('keeps class probabilities exact, storing a binary model only once per row', async () => {
    const p = Math.fround(0.3);
    const binary: Prediction[] = [
      { label: 'yes', probabilities: [1 - Math.fround(0.7), Math.fround(0.7)] },
      { label: 'no', probabilities: [1 - p, p] },
      { label: 'no', probabilities: [1, 0] },
    ];
    const stored = encodeReference(await parts(binary, ['no', 'yes']));
    expect(stored.predictions).toMatchObject({ task: 'classes', complement: true, width: 2 });
    expect(
      stored.predictions.task === 'classes' && stored.predictions.probabilities,
    ).toBeInstanceOf(Float32Array);
    expect(decodeReference(stored).predictions).toEqual(binary);

    const multi: Prediction[] = [0.2, 0.5, 0.7].map((q) => ({
      label: 'b',
      probabilities: [Math.fround(q / 2), Math.fround(1 - q), Math.fround(q / 2)],
    }));
    const three = encodeReference(await parts(multi, ['a', 'b', 'c']));
    expect(three.predictions).toMatchObject({ complement: false, width: 3 });
    expect(decodeReference(three).predictions).toEqual(multi);
  });

  it('refuses damaged snapshots with a reason', async () => {
    const good = encodeReference(await parts([{ value: 1 }, { value: 2 }, { value: 3 }]));
    expect(checkStoredReference(good).ok).toBe(true);
    const damaged = [
      { ...good, splits: Uint8Array.from([0, 3, 0]) },
      { ...good, rows: Uint32Array.from([2, 1, 0]) },
      { ...good, rows: Uint32Array.from([0, 1, 10]) },
      { ...good, predictions: { task: 'regression', values: new Float32Array(2) } },
      { ...good, columns: good.columns.slice(1) },
      { ...good, extra: 1 },
      {
        ...good,
        columns: [
          { ...good.columns[2], codes: Uint8Array.from([0, 1, 9]) },
          ...good.columns.slice(1),
        ],
      },
      { ...good, summaries: good.summaries.map((s) => ({ ...s, missingRate: 2 })) },
      { ...good, seed: 'x' },
    ];
    for (const value of damaged) {
      const result = checkStoredReference(value);
      expect(result.ok).toBe(false);
    }
  });
});
