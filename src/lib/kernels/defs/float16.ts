/** float32 to IEEE binary16 bits, round to nearest, ties to even (`float32ToFloat16Bits`). */
import { EXACT_MATH_WGSL } from '../wgsl/exact-math';
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

export const float16Kernel = registerKernel({
  key: 'float16',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${EXACT_MATH_WGSL}
${flatIndexWgsl(WORKGROUP)}
struct Params { count: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> half: array<u32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.count) { return; }
  half[i] = f32_to_f16(x[i]);
}`,
});
