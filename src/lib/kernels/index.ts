/**
 * Our WGSL kernels: quantization (min/max, symmetric scales, QuantizeLinear, DequantizeLinear,
 * float16) and int8 inference (packing, int8 matrix multiply fused with bias, requantization
 * and activation), each equal to its CPU reference. Importing this module registers them all.
 */
export { GpuRunner, featuresOf } from './gpu-runner';
export { activeGpuRunner, setGpuRunnerProvider } from './active';
export { getKernel, kernels, registerKernel } from './registry';
export type { KernelDef, KernelFeatures, BindingKind } from './registry';
export {
  dequantizeLinearGpu,
  float16Gpu,
  int8MatMulGpu,
  prepareInt8Layer,
  runInt8Layer,
  int8PerChannelGpu,
  minMaxGpu,
  orderStatisticsGpu,
  quantizeLinearGpu,
  symmetricScalesGpu,
} from './ops';
export type { Int8MatMulInput, PreparedInt8Layer } from './ops';
