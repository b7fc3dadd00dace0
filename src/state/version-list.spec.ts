import { describe, expect, it } from 'vitest';
import type { ProjectRecord, VersionRecord } from '../lib/page';
import {
  byId,
  DEFAULT_FILTER,
  filterVersions,
  headlineScore,
  sortVersions,
  visibleWindow,
} from './version-list';

function version(number: number, overrides: Partial<VersionRecord> = {}): VersionRecord {
  return {
    id: `id-${number}`,
    projectId: 'p1',
    number,
    format: 'tabular-workbench/model@1',
    task: 'multiclass',
    target: 'species',
    kind: 'mlp',
    parentId: null,
    stage: 'none',
    stageHistory: [],
    note: '',
    tags: [],
    createdAt: 1000 + number,
    weightBytes: 100 * number,
    storedBytes: 150 * number,
    bytes: 96 * number,
    precision: 'float32',
    referenceBytes: null,
    backend: 'wasm',
    datasetSha256: null,
    schema: [],
    scores: { validation: {}, test: { accuracy: 0.9 + number / 100 } },
    deletedAt: null,
    ...overrides,
  };
}

const projects = byId<ProjectRecord>([
  {
    id: 'p1',
    name: 'iris.csv → species',
    target: 'species',
    task: 'multiclass',
    datasetSha256: null,
    schema: [],
    createdAt: 0,
    updatedAt: 0,
    nextNumber: 5,
  },
]);

describe('version list', () => {
  const list = [
    version(1, { stage: 'archived', note: 'first try' }),
    version(2, { stage: 'production', tags: ['int8'] }),
    version(3, { projectId: 'p2', scores: { validation: {}, test: {} } }),
  ];

  it('filters by words across number, note, tags and project, and by stage and project', () => {
    const ids = (filter: Partial<typeof DEFAULT_FILTER>) =>
      filterVersions(list, { ...DEFAULT_FILTER, ...filter }, projects).map((v) => v.number);
    expect(ids({})).toEqual([1, 2, 3]);
    expect(ids({ text: 'V2' })).toEqual([2]);
    expect(ids({ text: 'first try' })).toEqual([1]);
    expect(ids({ text: 'int8' })).toEqual([2]);
    expect(ids({ text: 'iris' })).toEqual([1, 2]);
    expect(ids({ stage: 'production' })).toEqual([2]);
    expect(ids({ projectId: 'p2' })).toEqual([3]);
  });

  it('sorts by score (missing last when descending), stage order and size', () => {
    const numbers = (key: Parameters<typeof sortVersions>[1]['key'], descending: boolean) =>
      sortVersions(list, { key, descending }).map((v) => v.number);
    expect(numbers('score', true)).toEqual([2, 1, 3]);
    expect(numbers('stage', false)).toEqual([2, 3, 1]);
    expect(numbers('size', true)).toEqual([3, 2, 1]);
    expect(numbers('createdAt', false)).toEqual([1, 2, 3]);
  });

  it('shows accuracy for classes and R² for regression', () => {
    expect(headlineScore(version(1))).toEqual({ name: 'accuracy', value: 0.91 });
    const regression = version(1, {
      task: 'regression',
      scores: { validation: {}, test: { r2: 0.5 } },
    });
    expect(headlineScore(regression)).toEqual({ name: 'R²', value: 0.5 });
  });

  it('renders only the rows in view, plus a margin', () => {
    const window = (scrollTop: number) =>
      visibleWindow({ count: 1000, scrollTop, viewportHeight: 440, rowHeight: 44, overscan: 5 });
    expect(window(0)).toEqual({ start: 0, end: 15 });
    expect(window(44 * 500)).toEqual({ start: 495, end: 515 });
    expect(window(44 * 999)).toEqual({ start: 994, end: 1000 });
    expect(visibleWindow({ count: 0, scrollTop: 0, viewportHeight: 440, rowHeight: 44 })).toEqual({
      start: 0,
      end: 0,
    });
  });
});
