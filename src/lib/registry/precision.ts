/** The figures a version record keeps about its weights: their precision and their size. */
import { modelPrecision } from '../model/weight-dtypes';
import type { WeightTensor } from '../train/types';
import { PRECISIONS, type Precision } from './types';

/**
 * The dtype every weight shares, or 'mixed' (float32 for weights without a dtype, stored
 * before weights had dtypes). Reads a model value or a stored model's JSON half alike.
 */
export function precisionOf(model: unknown): Precision {
  const weights = (model as { weights?: unknown } | null | undefined)?.weights;
  if (!Array.isArray(weights)) return 'float32';
  // A stored JSON half is not validated yet: anything but a known dtype counts as 'mixed'.
  const plain = weights.every((weight) => typeof weight === 'object' && weight !== null);
  const precision = plain ? modelPrecision({ weights: weights as WeightTensor[] }) : 'mixed';
  return PRECISIONS.includes(precision) ? precision : 'mixed';
}

/** The model's own `bytes` (what the Train screen shows), else the stored weights' size. */
export function bytesOf(model: unknown, weightBytes: number): number {
  const bytes = (model as { bytes?: unknown } | null | undefined)?.bytes;
  return typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes >= 0
    ? bytes
    : weightBytes;
}

/** `precision` and `bytes` of a version record, from its model (or the model's JSON half). */
export function recordFields(model: unknown, weightBytes: number) {
  return { precision: precisionOf(model), bytes: bytesOf(model, weightBytes) };
}
