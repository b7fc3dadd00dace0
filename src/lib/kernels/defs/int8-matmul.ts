/**
 * int8 x int8 matrix multiply with int32 accumulation, fused with the bias, the requantization
 * to f32 and the activation: for row m and output channel n,
 *   acc = bias'[n] + sum_k x_q[m, k] * w_q[k, n]      (int32, exact; wrapping is harmless:
 *                                                      the true sum fits, so the residue is it)
 *   y   = activation(f32(acc) * scale[n])
 * where bias'[n] = b_q[n] - zp_x * sum_k w_q[k, n] folds the input zero point in, so both
 * operands stay int8 for `dot4I8Packed`. That is `runInt8Dense`'s arithmetic: the accumulator,
 * its f32 and the product are bit for bit the CPU's; relu and linear outputs are exact, tanh,
 * elu and sigmoid within WGSL's accuracy. x arrives packed by rows [M, K/4], w by output channel
 * [N, K/4] (pack-int8). Without the `packed_4x8_integer_dot_product` language feature, the
 * bytes are unpacked with `extractBits` and multiplied one by one.
 */
import { EXACT_MATH_WGSL } from '../wgsl/exact-math';
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

/** The activation codes of the kernel's `activation` parameter. */
export const MATMUL_ACTIVATIONS = { linear: 0, relu: 1, tanh: 2, elu: 3, sigmoid: 4 } as const;

const PORTABLE_DOT = /* wgsl */ `
fn dot4(a: u32, b: u32) -> i32 {
  let x = bitcast<i32>(a);
  let y = bitcast<i32>(b);
  var sum = 0;
  for (var j = 0u; j < 4u; j = j + 1u) {
    sum = sum + extractBits(x, 8u * j, 8u) * extractBits(y, 8u * j, 8u);
  }
  return sum;
}`;

const PACKED_DOT = /* wgsl */ `
fn dot4(a: u32, b: u32) -> i32 {
  return dot4I8Packed(a, b);
}`;

export const int8MatMulKernel = registerKernel({
  key: 'int8-matmul',
  workgroupSize: WORKGROUP,
  bindings: ['read', 'read', 'read', 'read', 'uniform', 'write', 'write'],
  wgsl: (features) => /* wgsl */ `
${features.packedDot ? 'requires packed_4x8_integer_dot_product;' : ''}
${EXACT_MATH_WGSL}
${flatIndexWgsl(WORKGROUP)}
${features.packedDot ? PACKED_DOT : PORTABLE_DOT}
struct Params { rows: u32, units: u32, words: u32, activation: u32 }
@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read> w: array<u32>;
@group(0) @binding(2) var<storage, read> bias: array<i32>;
@group(0) @binding(3) var<storage, read> scales: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;
@group(0) @binding(6) var<storage, read_write> acc_out: array<i32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= params.rows * params.units) { return; }
  let m = i / params.units;
  let n = i % params.units;
  var acc = bias[n];
  let xs = m * params.words;
  let ws = n * params.words;
  for (var k = 0u; k < params.words; k = k + 1u) {
    acc = acc + dot4(x[xs + k], w[ws + k]);
  }
  acc_out[i] = acc;
  let v = bitcast<f32>(i32_to_f32(acc)) * scales[n];
  var out = v;
  switch (params.activation) {
    case 1u: { out = select(v, 0.0, v < 0.0); }
    case 2u: { out = tanh(v); }
    case 3u: { out = select(v, exp(v) - 1.0, v < 0.0); }
    case 4u: { out = 1.0 / (1.0 + exp(-v)); }
    default: {}
  }
  y[i] = out;
}`,
});
