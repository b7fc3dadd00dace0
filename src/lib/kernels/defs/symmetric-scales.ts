/**
 * Per-channel min and max of a [rows, channels] tensor, and the symmetric int8 scale of each
 * channel, exactly as `int8PerChannel`: scale = f32(max|w| / 127), or 1 for an all-zero channel.
 * Magnitudes are compared as bits (for finite values, the order of |x|'s bits is the order of
 * |x|), so no float operation can flush or round anything.
 */
import { EXACT_MATH_WGSL } from '../wgsl/exact-math';
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

export const symmetricScalesKernel = registerKernel({
  key: 'symmetric-scales',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${EXACT_MATH_WGSL}
${flatIndexWgsl(WORKGROUP)}
struct Params { rows: u32, channels: u32, levels: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> w: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> scales: array<u32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let c = flat_index(gid, groups);
  if (c >= params.channels) { return; }
  var largest = 0u;
  for (var r = 0u; r < params.rows; r = r + 1u) {
    largest = max(largest, w[r * params.channels + c] & 0x7fffffffu);
  }
  if (largest == 0u) {
    scales[c] = 0x3f800000u;
    return;
  }
  let levels = bitcast<u32>(f32(params.levels));
  let scale = div_rn(largest, levels);
  scales[c] = select(scale, 0x3f800000u, scale == 0u);
}`,
});
