/** Sorting and filtering of the version list: pure functions, so they are tested in Node. */
import type { ProjectRecord, Stage, VersionRecord } from '../lib/page';
import { headlineMetric } from '../lib/page';

export type SortKey = 'number' | 'createdAt' | 'stage' | 'score' | 'size';
export interface VersionSort {
  key: SortKey;
  descending: boolean;
}

export interface VersionFilterState {
  /** Matched against version number, note, tags, model kind and project name. */
  text: string;
  stage: Stage | 'all';
  /** A project id, or 'all'. */
  projectId: string;
}

export const DEFAULT_SORT: VersionSort = { key: 'createdAt', descending: true };
export const DEFAULT_FILTER: VersionFilterState = { text: '', stage: 'all', projectId: 'all' };

const STAGE_ORDER: Record<Stage, number> = { production: 0, staging: 1, none: 2, archived: 3 };

/** The score a list shows for a version: test accuracy for classes, test R² for regression. */
export function headlineScore(version: VersionRecord): { name: string; value: number } | null {
  const metric = headlineMetric(version.task);
  const value = metric ? version.scores.test[metric.name] : undefined;
  return metric && value !== undefined ? { name: metric.label, value } : null;
}

function sortValue(version: VersionRecord, key: SortKey): number {
  switch (key) {
    case 'number':
      return version.number;
    case 'createdAt':
      return version.createdAt;
    case 'stage':
      return STAGE_ORDER[version.stage];
    case 'score':
      return headlineScore(version)?.value ?? -Infinity;
    case 'size':
      return version.bytes;
  }
}

export function filterVersions(
  versions: readonly VersionRecord[],
  filter: VersionFilterState,
  projects: ReadonlyMap<string, ProjectRecord>,
): VersionRecord[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return versions.filter((version) => {
    if (filter.stage !== 'all' && version.stage !== filter.stage) return false;
    if (filter.projectId !== 'all' && version.projectId !== filter.projectId) return false;
    if (words.length === 0) return true;
    const haystack = [
      `v${version.number}`,
      version.note,
      version.kind,
      version.target,
      version.stage,
      ...version.tags,
      projects.get(version.projectId)?.name ?? '',
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** A stable sort: ties keep creation order. */
export function sortVersions(
  versions: readonly VersionRecord[],
  sort: VersionSort,
): VersionRecord[] {
  const sign = sort.descending ? -1 : 1;
  return [...versions].sort(
    (a, b) => sign * (sortValue(a, sort.key) - sortValue(b, sort.key)) || a.createdAt - b.createdAt,
  );
}

/** Which rows of a fixed-height list to render for a scroll position (plus a small margin). */
export function visibleWindow(options: {
  count: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  overscan?: number;
}): { start: number; end: number } {
  const overscan = options.overscan ?? 8;
  const first = Math.floor(options.scrollTop / options.rowHeight);
  const shown = Math.ceil(options.viewportHeight / options.rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(options.count, first + shown + overscan);
  return { start, end: Math.max(start, end) };
}

/** Items by a key (a plain lookup, rebuilt from each new list). */
export function indexBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [keyOf(item), item]));
}

/** Items by their id. */
export function byId<T extends { id: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  return indexBy(items, (item) => item.id);
}
