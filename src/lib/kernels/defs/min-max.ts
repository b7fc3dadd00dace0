/**
 * Min and max over a tensor, in two steps: each invocation reduces a strided slice to a
 * partial pair, and the caller reduces the partials (a few thousand). Values are compared as
 * order-preserving keys of their bits, so the result is exact; NaN is skipped, as the CPU
 * observer's comparisons skip it.
 */
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;
/** Invocations of one reduction: the partials the caller reduces. */
export const MIN_MAX_PARTIALS = WORKGROUP * 64;

export const minMaxKernel = registerKernel({
  key: 'min-max',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${flatIndexWgsl(WORKGROUP)}
struct Params { count: u32, partials: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> partial: array<u32>;

// Keys that sort as the floats do: negative values reversed below the positive ones.
fn key(b: u32) -> u32 {
  return select(b | 0x80000000u, ~b, (b >> 31u) == 1u);
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let p = flat_index(gid, groups);
  if (p >= params.partials) { return; }
  var low = 0xffffffffu;
  var high = 0u;
  for (var i = p; i < params.count; i = i + params.partials) {
    let b = x[i];
    let nan = (b & 0x7f800000u) == 0x7f800000u && (b & 0x7fffffu) != 0u;
    if (!nan) {
      let k = key(b);
      low = min(low, k);
      high = max(high, k);
    }
  }
  partial[2u * p] = low;
  partial[2u * p + 1u] = high;
}`,
});
