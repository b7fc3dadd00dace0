import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VersionRecord } from '../registry/types';
import { paretoFront, paretoPoints } from './pareto';

type Point = { score: number | null; cost: number | null };
const front = (points: Point[]) =>
  [
    ...paretoFront(
      points,
      (p) => p.score,
      (p) => p.cost,
    ),
  ].sort((a, b) => a - b);

/** The definition, checked pair by pair: what the sweep must agree with. */
function bruteFront(points: Point[]): number[] {
  const known = (p: Point) => p.score !== null && p.cost !== null;
  return points
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => known(p))
    .filter(
      ({ p }) =>
        !points.some(
          (q) =>
            known(q) &&
            q.score! >= p.score! &&
            q.cost! <= p.cost! &&
            (q.score! > p.score! || q.cost! < p.cost!),
        ),
    )
    .map(({ i }) => i);
}

describe('paretoFront', () => {
  it('keeps the versions nothing beats on both score and cost', () => {
    const points = [
      { score: 0.96, cost: 4000 }, // float: best score
      { score: 0.96, cost: 1200 }, // int8 at the same score, smaller: beats the float
      { score: 0.93, cost: 700 }, // pruned + int8: smaller still, a little worse
      { score: 0.9, cost: 900 }, // worse and bigger than the one before: dominated
      { score: null, cost: 100 }, // no score: left out
    ];
    expect(front(points)).toEqual([1, 2]);
  });

  it('keeps equal points together and agrees with the definition on random sets', () => {
    expect(
      front([
        { score: 1, cost: 1 },
        { score: 1, cost: 1 },
      ]),
    ).toEqual([0, 1]);
    const point = fc.record({
      score: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
      cost: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), (points) => {
        expect(front(points)).toEqual(bruteFront(points));
      }),
    );
  });
});

function record(overrides: Partial<VersionRecord>): VersionRecord {
  return {
    id: 'v1',
    projectId: 'p',
    number: 1,
    format: 'tabular-workbench/model@1',
    task: 'multiclass',
    target: 'species',
    kind: 'mlp',
    parentId: null,
    stage: 'none',
    stageHistory: [{ stage: 'none', at: 0 }],
    note: '',
    tags: [],
    createdAt: 0,
    weightBytes: 400,
    storedBytes: 900,
    bytes: 400,
    precision: 'float32',
    referenceBytes: null,
    backend: 'cpu',
    datasetSha256: null,
    schema: [],
    scores: { validation: {}, test: { accuracy: 0.9 } },
    deletedAt: null,
    ...overrides,
  };
}

describe('paretoPoints', () => {
  it('names how each version was made smaller, through its lineage', () => {
    const versions = [
      record({ id: 'a', number: 1, compressedBytes: 380 }),
      record({ id: 'b', number: 2, parentId: 'a', tags: ['pruned'], compressedBytes: 200 }),
      record({ id: 'c', number: 3, parentId: 'b', precision: 'int8', bytes: 100 }),
      record({ id: 'd', number: 4, parentId: 'a', precision: 'float16', bytes: 200 }),
      record({ id: 'e', number: 5, deletedAt: 5 }),
    ];
    const points = paretoPoints(versions);
    expect(points.map((p) => [p.number, p.kind, p.bytes])).toEqual([
      [1, 'float', 380],
      [2, 'pruned', 200],
      [3, 'pruned + quantized', 100],
      [4, 'quantized', 200],
    ]);
  });

  it('reads R² for regression and latency per 1,000 rows, and survives a lineage cycle', () => {
    const versions = [
      record({
        id: 'a',
        parentId: 'b',
        task: 'regression',
        scores: { validation: {}, test: { r2: 0.7 } },
        latency: { ms: 5, rows: 2000, backend: 'js', measuredAt: 0 },
      }),
      record({ id: 'b', number: 2, parentId: 'a' }),
    ];
    const [first, second] = paretoPoints(versions);
    expect(first).toMatchObject({ score: 0.7, metricName: 'r2', latencyMs: 2.5, kind: 'float' });
    expect(second).toMatchObject({ score: 0.9, latencyMs: null });
  });
});
