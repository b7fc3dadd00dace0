/**
 * The trade-off between a model's score and what it costs to ship (bytes) or to run (latency):
 * the Pareto front of a project's versions, the ones no other version beats on both at once.
 */
import type { VersionRecord } from '../registry/types';

/** How a version was made smaller: as trained, pruned, quantized, or pruned then quantized. */
export type OptimizationKind = 'float' | 'pruned' | 'quantized' | 'pruned + quantized';

/** One version as the Pareto view plots it. */
export interface ParetoPoint {
  versionId: string;
  number: number;
  kind: OptimizationKind;
  precision: VersionRecord['precision'];
  stage: VersionRecord['stage'];
  /** Test accuracy (classes) or R² (regression); higher is better. Null when not recorded. */
  score: number | null;
  metricName: 'accuracy' | 'r2';
  /** The weights deflated (`compressedBytes`), else their raw size for older records. */
  bytes: number;
  /** Milliseconds to predict 1,000 rows, when measured. */
  latencyMs: number | null;
}

/** The tag the prune job gives a pruned version; its quantized children inherit "pruned". */
export const PRUNED_TAG = 'pruned';

/** A project's live versions as points, in version order. */
export function paretoPoints(versions: readonly VersionRecord[]): ParetoPoint[] {
  const byId = new Map(versions.map((version) => [version.id, version]));
  const pruned = (version: VersionRecord): boolean => {
    // Walks the lineage (bounded: a cycle edited in devtools must not hang the view).
    let current: VersionRecord | undefined = version;
    for (let depth = 0; current && depth < versions.length; depth++) {
      if (current.tags.includes(PRUNED_TAG)) return true;
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
    return false;
  };
  return versions
    .filter((version) => version.deletedAt === null)
    .sort((a, b) => a.number - b.number)
    .map((version) => {
      const metricName = version.task === 'regression' ? 'r2' : 'accuracy';
      const score = version.scores.test[metricName];
      const quantized = version.precision !== 'float32';
      const wasPruned = pruned(version);
      return {
        versionId: version.id,
        number: version.number,
        kind: wasPruned
          ? quantized
            ? 'pruned + quantized'
            : 'pruned'
          : quantized
            ? 'quantized'
            : 'float',
        precision: version.precision,
        stage: version.stage,
        score: typeof score === 'number' && Number.isFinite(score) ? score : null,
        metricName,
        bytes: version.compressedBytes ?? version.bytes,
        latencyMs: version.latency ? (version.latency.ms * 1000) / version.latency.rows : null,
      };
    });
}

/**
 * Indices of the points on the front: higher `score` is better, lower `cost` is better, and a
 * point is on the front unless another is at least as good on both and better on one. Points
 * missing either figure are left out. Equal points are all kept (none beats another).
 */
export function paretoFront<T>(
  points: readonly T[],
  score: (point: T) => number | null,
  cost: (point: T) => number | null,
): Set<number> {
  const known = points
    .map((point, index) => ({ index, score: score(point), cost: cost(point) }))
    .filter(
      (p): p is { index: number; score: number; cost: number } =>
        p.score !== null && p.cost !== null && Number.isFinite(p.score) && Number.isFinite(p.cost),
    )
    // Cheapest first; among equal costs, the best score first.
    .sort((a, b) => a.cost - b.cost || b.score - a.score);
  const front = new Set<number>();
  let best = -Infinity;
  let bestCost = NaN;
  for (const point of known) {
    if (point.score > best) {
      front.add(point.index);
      best = point.score;
      bestCost = point.cost;
    } else if (point.score === best && point.cost === bestCost) {
      front.add(point.index); // the same point twice: neither dominates the other
    }
  }
  return front;
}
