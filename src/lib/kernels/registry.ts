/**
 * The registry of our WGSL compute kernels, as tf.js registers its own: each kernel is one
 * small file (its WGSL source, its key and how it is dispatched) registered here once, and the
 * runner builds each pipeline the first time it is used.
 */

/** How a binding is used: a storage buffer read, one written, or the uniform parameters. */
export type BindingKind = 'read' | 'write' | 'uniform';

export interface KernelDef {
  /** Stable key: pipelines are cached by it (and by the WGSL variant, when there is one). */
  key: string;
  /** Invocations per workgroup (one dimension; kernels index by a flat invocation id). */
  workgroupSize: number;
  /** Binding i of group 0, in order. */
  bindings: readonly BindingKind[];
  /** The WGSL module; `features` says what the device's WGSL offers. */
  wgsl(features: KernelFeatures): string;
}

/** What a device's WGSL offers that a kernel may use. */
export interface KernelFeatures {
  /** `dot4I8Packed` (the `packed_4x8_integer_dot_product` language feature). */
  packedDot: boolean;
}

const KERNELS = new Map<string, KernelDef>();

export function registerKernel(kernel: KernelDef): KernelDef {
  KERNELS.set(kernel.key, kernel);
  return kernel;
}

export function getKernel(key: string): KernelDef | undefined {
  return KERNELS.get(key);
}

export function kernels(): KernelDef[] {
  return [...KERNELS.values()];
}

/**
 * WGSL's prologue of every kernel: the flat invocation index over a 2-D grid of workgroups
 * (one dimension holds at most 65,535 workgroups).
 */
export function flatIndexWgsl(workgroupSize: number): string {
  return /* wgsl */ `
fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * ${workgroupSize}u;
}`;
}
