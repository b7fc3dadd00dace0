/**
 * float16: IEEE 754 binary16, round to nearest with ties to even, stored as Uint16 bit
 * patterns (what the TF.js converter's `data.astype(np.float16)` gives). A value beyond the
 * half range (|w| >= 65520) becomes infinity, which no model may hold: `quantizeModel` keeps
 * such a layer in float32.
 */
import { toFloat16Weight } from '../model/weight-dtypes';
import { float32Source } from './float32-source';
import type { QuantizationSchemeConfig } from './types';
import { float16WeightGpu } from './gpu-weights';

export const float16Scheme: QuantizationSchemeConfig = {
  scheme: 'float16',
  label: 'float16 (half precision)',
  quantizeWeight: (weight) => toFloat16Weight(float32Source(weight)),
  quantizeWeightGpu: (runner, weight) => float16WeightGpu(runner, weight),
};
