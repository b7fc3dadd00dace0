/**
 * The int8 scheme: symmetric per-channel int8 weights, int32 biases and calibrated int8
 * activations (int8-codes.ts), computed in integers at predict time (int8-inference.ts).
 */
import { calibrateInt8 } from './int8-calibrate';
import { int8PerChannel } from './int8-codes';
import { float32Source } from './float32-source';
import type { QuantizationSchemeConfig } from './types';
import { int8WeightGpu } from './gpu-weights';

export const int8Scheme: QuantizationSchemeConfig = {
  scheme: 'int8',
  label: 'int8 (per channel, calibrated, integer inference)',
  // Without calibration (a single tensor): symmetric per channel along the last axis.
  quantizeWeight: (weight) => int8PerChannel(float32Source(weight)),
  quantizeWeightGpu: (runner, weight) => int8WeightGpu(runner, weight),
  calibrate: calibrateInt8,
};
