/**
 * A model's weights as a download costs them: their stored bytes deflated (level 6, as the
 * bundle's zip writes them). Pruning leaves the raw size unchanged and shows up only here, which
 * is how the TensorFlow Model Optimization Toolkit reports it ("gzipped model size").
 */
import { deflateSync } from 'fflate';
import type { WeightTensor } from '../train/types';

/** Bytes of every weight's stored values deflated together, in the model's weight order. */
export function compressedWeightBytes(weights: readonly WeightTensor[]): number {
  const total = weights.reduce((sum, weight) => sum + weight.values.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const weight of weights) {
    const { buffer, byteOffset, byteLength } = weight.values;
    joined.set(new Uint8Array(buffer, byteOffset, byteLength), offset);
    offset += byteLength;
  }
  return deflateSync(joined, { level: 6 }).byteLength;
}
