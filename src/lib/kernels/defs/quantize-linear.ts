/**
 * ONNX QuantizeLinear, exactly as the CPU reference (`quantizeLinear`, `int8PerChannel`):
 * code = saturate(round_half_even(f32(x / scale)) + zeroPoint), per tensor (channels = 1) or per
 * channel of the last axis (channel = index mod channels). x and the scales arrive as f32 bits.
 */
import { EXACT_MATH_WGSL } from '../wgsl/exact-math';
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

export const quantizeLinearKernel = registerKernel({
  key: 'quantize-linear',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'read', 'read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${EXACT_MATH_WGSL}
${flatIndexWgsl(WORKGROUP)}
struct Params { count: u32, channels: u32, low: i32, high: i32 }
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read> scales: array<u32>;
@group(0) @binding(2) var<storage, read> zero_points: array<i32>;
@group(0) @binding(3) var<uniform> params: Params;
@group(0) @binding(4) var<storage, read_write> codes: array<i32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.count) { return; }
  let c = i % params.channels;
  let q = round_half_even(div_rn(x[i], scales[c])) + zero_points[c];
  codes[i] = clamp(q, params.low, params.high);
}`,
});
