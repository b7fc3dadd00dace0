/**
 * Runs registered kernels on a GPUDevice: tf.js's WebGPU device when that backend is active (so
 * our kernels share the GPU with tf.js), or any device. Pipelines are built once per kernel;
 * buffers are made per call and destroyed after it. Sizes are checked against the device's
 * limits before anything is allocated: a tensor the device cannot bind is refused with
 * `kernel_too_large`, never sent to the GPU to lose the device.
 */
import { WorkbenchError } from '../errors';
import type { KernelDef, KernelFeatures } from './registry';

/** Workgroups in one dimension of a dispatch (WebGPU's default limit). */
const MAX_GROUPS_PER_DIMENSION = 65_535;

export class GpuRunner {
  readonly device: GPUDevice;
  readonly features: KernelFeatures;
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  #lost: string | null = null;

  constructor(device: GPUDevice, features: KernelFeatures) {
    this.device = device;
    this.features = features;
    void device.lost.then((info) => {
      this.#lost = info.message || info.reason;
    });
  }

  /** A runner on a fresh device of the browser's default adapter; null without WebGPU. */
  static async create(): Promise<GpuRunner | null> {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return null;
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    return new GpuRunner(await adapter.requestDevice(), featuresOf(gpu));
  }

  /** Refuses a buffer the device cannot bind. */
  checkSize(bytes: number, what: string): void {
    const limit = this.device.limits.maxStorageBufferBindingSize;
    if (bytes > limit) {
      throw new WorkbenchError(
        'kernel_too_large',
        `${what} takes ${bytes} bytes; this GPU binds at most ${limit} bytes per buffer.`,
        {
          hint: 'Use a smaller model or batch, or the cpu backend.',
          details: { bytes, limit },
        },
      );
    }
  }

  #pipeline(kernel: KernelDef): GPUComputePipeline {
    const key = `${kernel.key}|${this.features.packedDot ? 'dot4' : 'portable'}`;
    let pipeline = this.#pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ code: kernel.wgsl(this.features) });
      pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
      });
      this.#pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /** A storage (or uniform) buffer holding `data` (zero-filled to a multiple of 4 bytes). */
  upload(data: ArrayBufferView, uniform = false): GPUBuffer {
    const size = Math.max(16, Math.ceil(data.byteLength / 4) * 4);
    if (!uniform) this.checkSize(size, 'An input');
    const buffer = this.device.createBuffer({
      size,
      usage: uniform
        ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
        : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      mappedAtCreation: true,
    });
    new Uint8Array(buffer.getMappedRange()).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    buffer.unmap();
    return buffer;
  }

  /** An output storage buffer of `bytes` bytes. */
  output(bytes: number): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 4) * 4);
    this.checkSize(size, 'An output');
    return this.device.createBuffer({
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
  }

  /** Runs `kernel` over `invocations` flat invocations with its buffers bound in order. */
  dispatch(kernel: KernelDef, buffers: GPUBuffer[], invocations: number): void {
    this.#assertAlive();
    const pipeline = this.#pipeline(kernel);
    const entries = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    const bindGroup = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries,
    });
    const groups = Math.max(1, Math.ceil(invocations / kernel.workgroupSize));
    const x = Math.min(groups, MAX_GROUPS_PER_DIMENSION);
    const y = Math.ceil(groups / x);
    if (y > MAX_GROUPS_PER_DIMENSION) {
      throw new WorkbenchError(
        'kernel_too_large',
        `${invocations} invocations do not fit one dispatch.`,
        {
          hint: 'Use a smaller model or batch, or the cpu backend.',
          details: { invocations },
        },
      );
    }
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  /** The first `bytes` bytes of a buffer, copied back from the GPU. */
  async read(buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    const size = Math.max(16, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (error) {
      this.#assertAlive();
      throw error;
    }
    const copy = staging.getMappedRange().slice(0, bytes);
    staging.destroy();
    return copy;
  }

  #assertAlive(): void {
    if (this.#lost !== null) {
      throw new WorkbenchError('gpu_lost', `The GPU device was lost: ${this.#lost}.`, {
        hint: 'Try again: the work runs on the CPU until the page is reloaded.',
      });
    }
  }

  get lost(): boolean {
    return this.#lost !== null;
  }
}

/** What the browser's WGSL offers. */
export function featuresOf(gpu: GPU): KernelFeatures {
  return { packedDot: gpu.wgslLanguageFeatures.has('packed_4x8_integer_dot_product') };
}
