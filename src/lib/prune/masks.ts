/**
 * Magnitude masks, computed in plain TypeScript: the weights with the smallest |w| are pruned
 * (mask 0), the rest kept (mask 1). Deterministic, so the same weights always give the same mask.
 */
import type { PruningScope } from './types';

/**
 * Weights pruned out of `n` at `sparsity`: TFMOT keeps round(n * (1 - s)) (pruning_impl.py's
 * `_update_mask`) and so prunes the rest.
 */
export function prunedCount(n: number, sparsity: number): number {
  return n - Math.round(n * (1 - sparsity));
}

/**
 * Masks pruning the `count` smallest |w| over a group of kernels taken together. Ties at the
 * threshold go to the earlier weight (kernel order, then row-major index); TFMOT keeps every tie
 * and so can prune fewer than asked.
 */
function smallestOf(kernels: readonly Float32Array[], count: number): Uint8Array[] {
  const masks = kernels.map((kernel) => new Uint8Array(kernel.length).fill(1));
  if (count <= 0) return masks;
  const total = kernels.reduce((sum, kernel) => sum + kernel.length, 0);
  const magnitudes = new Float32Array(total);
  let offset = 0;
  for (const kernel of kernels) {
    for (let i = 0; i < kernel.length; i++) magnitudes[offset + i] = Math.abs(kernel[i] ?? 0);
    offset += kernel.length;
  }
  // A numeric typed-array sort: no comparator, fast on the largest kernels.
  const threshold = magnitudes.sort()[Math.min(count, total) - 1] ?? 0;
  let below = 0;
  for (const value of magnitudes) if (value < threshold) below++;
  let ties = count - below;
  for (const [k, kernel] of kernels.entries()) {
    const mask = masks[k] as Uint8Array;
    for (let i = 0; i < kernel.length; i++) {
      const magnitude = Math.abs(kernel[i] ?? 0);
      if (magnitude < threshold || (magnitude === threshold && ties-- > 0)) mask[i] = 0;
    }
  }
  return masks;
}

/** One mask per kernel at `sparsity`: per kernel ('layer') or over all kernels ('global'). */
export function magnitudeMasks(
  kernels: readonly Float32Array[],
  sparsity: number,
  scope: PruningScope,
): Uint8Array[] {
  if (scope === 'layer') {
    return kernels.map(
      (kernel) => smallestOf([kernel], prunedCount(kernel.length, sparsity))[0] as Uint8Array,
    );
  }
  const total = kernels.reduce((sum, kernel) => sum + kernel.length, 0);
  return smallestOf(kernels, prunedCount(total, sparsity));
}

/** A copy of `values` with the masked-out weights set to +0 (never -0). */
export function applyMask(values: Float32Array, mask: Uint8Array): Float32Array {
  return values.map((value, i) => (mask[i] ? value : 0));
}

/** Values that are exactly 0 (+0 or -0). */
export function countZeros(values: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros;
}
