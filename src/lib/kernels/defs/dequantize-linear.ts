/**
 * ONNX DequantizeLinear: real = f32(scale x (code - zeroPoint)), per tensor or per channel of
 * the last axis, as `dequantizeWeight` computes it (the integer difference is exact in f32 and
 * WGSL's f32 product is correctly rounded, as the CPU's rounding of the exact product is).
 */
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

export const dequantizeLinearKernel = registerKernel({
  key: 'dequantize-linear',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'read', 'read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${flatIndexWgsl(WORKGROUP)}
struct Params { count: u32, channels: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<storage, read> codes: array<i32>;
@group(0) @binding(1) var<storage, read> scales: array<f32>;
@group(0) @binding(2) var<storage, read> zero_points: array<i32>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> real: array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.count) { return; }
  let c = i % params.channels;
  real[i] = scales[c] * f32(codes[i] - zero_points[c]);
}`,
});
