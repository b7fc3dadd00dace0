import { invalidModel } from '../model/invalid-model';
import type { Float32Weight, WeightTensor } from '../train/types';

/** The tensor as float32 weights, refusing other dtypes and any NaN or infinity. */
export function float32Source(weight: WeightTensor): Float32Weight {
  if (weight.dtype !== undefined && weight.dtype !== 'float32') {
    throw invalidModel(`it is already ${weight.dtype}, not float32`, weight.name);
  }
  const bad = weight.values.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw invalidModel(`value ${bad} is ${weight.values[bad]}, not a finite number`, weight.name);
  }
  return weight;
}
