/**
 * int8 codes (one per i32) packed four to a u32 along each row, rows padded with zero codes to
 * a multiple of four: the operand layout of `dot4I8Packed`. Byte j of word k holds code 4k + j
 * (`pack4xI8`'s order).
 */
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

export const packInt8Kernel = registerKernel({
  key: 'pack-int8',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'uniform', 'write'],
  wgsl: () => /* wgsl */ `
${flatIndexWgsl(WORKGROUP)}
struct Params { rows: u32, width: u32, words: u32, pad: u32 }
@group(0) @binding(0) var<storage, read> codes: array<i32>;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> packed: array<u32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.rows * params.words) { return; }
  let row = i / params.words;
  let word = i % params.words;
  var value = 0u;
  for (var j = 0u; j < 4u; j = j + 1u) {
    let k = word * 4u + j;
    if (k < params.width) {
      value = value | ((bitcast<u32>(codes[row * params.width + k]) & 0xffu) << (8u * j));
    }
  }
  packed[i] = value;
}`,
});
