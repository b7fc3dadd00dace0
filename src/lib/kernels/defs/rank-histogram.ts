/**
 * One pass of an exact radix select: for each of up to four wanted ranks, a 256-bin histogram
 * of the next 8 bits of the order-preserving keys of the values whose higher bits match that
 * rank's prefix so far. Four passes (bits 31-24, 23-16, 15-8, 7-0) pin each rank's key
 * exactly: the value at that rank of the sorted tensor, as a sort would give it. Percentile
 * calibration uses it (the GPU's histogram, with no binning error).
 */
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 256;
/** Invocations of one pass (each reduces a strided slice into its workgroup's histograms). */
export const RANK_HISTOGRAM_INVOCATIONS = WORKGROUP * 32;
/** Ranks one pass selects at once. */
export const RANKS_PER_PASS = 4;

export const rankHistogramKernel = registerKernel({
  key: 'rank-histogram',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${flatIndexWgsl(WORKGROUP)}
struct Params {
  count: u32,
  shift: u32,
  invocations: u32,
  pad: u32,
  prefix: vec4<u32>,
  mask: vec4<u32>,
}
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>, 1024>;
var<workgroup> local_counts: array<atomic<u32>, 1024>;

fn key(b: u32) -> u32 {
  return select(b | 0x80000000u, ~b, (b >> 31u) == 1u);
}

@compute @workgroup_size(${WORKGROUP})
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  for (var b = local; b < 1024u; b = b + ${WORKGROUP}u) { atomicStore(&local_counts[b], 0u); }
  workgroupBarrier();
  let p = flat_index(gid, groups);
  for (var i = p; i < params.count; i = i + params.invocations) {
    let k = key(x[i]);
    let bin = (k >> params.shift) & 0xffu;
    for (var r = 0u; r < 4u; r = r + 1u) {
      if ((k & params.mask[r]) == params.prefix[r]) {
        atomicAdd(&local_counts[r * 256u + bin], 1u);
      }
    }
  }
  workgroupBarrier();
  for (var b = local; b < 1024u; b = b + ${WORKGROUP}u) {
    let n = atomicLoad(&local_counts[b]);
    if (n != 0u) { atomicAdd(&counts[b], n); }
  }
}`,
});
