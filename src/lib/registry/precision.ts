/** The figures a version record keeps about its weights: their precision and their size. */
import type { Precision } from './types';

const DTYPES: readonly string[] = ['float32', 'float16', 'uint8', 'int8'];

/**
 * The dtype every weight shares, or 'mixed' (float32 for weights without a dtype, stored
 * before weights had dtypes). Reads a model value or a stored model's JSON half alike.
 */
export function precisionOf(model: unknown): Precision {
  const weights = (model as { weights?: unknown } | null | undefined)?.weights;
  if (!Array.isArray(weights) || weights.length === 0) return 'float32';
  const dtypes = new Set(
    weights.map((weight) => (weight as { dtype?: unknown } | null)?.dtype ?? 'float32'),
  );
  const [only] = dtypes;
  return dtypes.size === 1 && typeof only === 'string' && DTYPES.includes(only)
    ? (only as Precision)
    : 'mixed';
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
