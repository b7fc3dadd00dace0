/**
 * Weight quantization on the GPU (src/lib/kernels): the same tensors as the CPU reference, bit
 * for bit, which the kernel suite checks in Chromium. The tensor is checked (finite float32)
 * on the CPU first, as the reference does.
 */
import { WorkbenchError } from '../errors';
import type { GpuRunner } from '../kernels/gpu-runner';
import { float16Gpu, int8PerChannelGpu } from '../kernels/ops';
import type { Float16Weight, Int8Weight, WeightTensor } from '../train/types';
import { float32Source } from './float32-source';
import { symmetricInt8Weight } from './int8-codes';

/** `toFloat16Weight` on the GPU. */
export async function float16WeightGpu(
  runner: GpuRunner,
  weight: WeightTensor,
): Promise<Float16Weight> {
  const { name, shape, values } = float32Source(weight);
  return { name, shape: [...shape], dtype: 'float16', values: await float16Gpu(runner, values) };
}

/** `int8PerChannel` on the GPU: symmetric per output channel (the last axis). */
export async function int8WeightGpu(runner: GpuRunner, weight: WeightTensor): Promise<Int8Weight> {
  const { name, shape, values } = float32Source(weight);
  const channels = shape[shape.length - 1] ?? 1;
  const { codes, scale } = await int8PerChannelGpu(runner, values, channels);
  return symmetricInt8Weight(name, shape, codes, scale);
}

/**
 * `onGpu` when a runner is given, else `onCpu`; a tensor larger than the GPU binds
 * (`kernel_too_large`) is quantized on the CPU instead (the same result). `used` says where.
 */
export async function onGpuOrCpu<T>(
  gpu: GpuRunner | null,
  onGpu: (runner: GpuRunner) => Promise<T>,
  onCpu: () => T,
  used: { cpu: boolean },
): Promise<T> {
  if (gpu) {
    try {
      return await onGpu(gpu);
    } catch (error) {
      if (!(error instanceof WorkbenchError) || error.code !== 'kernel_too_large') throw error;
    }
  }
  used.cpu = true;
  return onCpu();
}
