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
 * [N, K/4] (pack-int8); each invocation computes a 4 x 4 tile of outputs. Without the `packed_4x8_integer_dot_product` language feature, the
 * bytes are unpacked with `extractBits` and multiplied one by one.
 */
import { EXACT_MATH_WGSL } from '../wgsl/exact-math';
import { flatIndexWgsl, registerKernel } from '../registry';

const WORKGROUP = 64;

/** Invocations of one dispatch: one per 4 x 4 tile of outputs. */
export function int8MatMulInvocations(rows: number, units: number): number {
  return Math.ceil(rows / 4) * Math.ceil(units / 4);
}

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

fn finish(acc: i32, n: u32) -> f32 {
  let v = bitcast<f32>(i32_to_f32(acc)) * scales[n];
  switch (params.activation) {
    case 1u: { return select(v, 0.0, v < 0.0); }
    case 2u: { return tanh(v); }
    case 3u: { return select(v, exp(v) - 1.0, v < 0.0); }
    case 4u: { return 1.0 / (1.0 + exp(-v)); }
    default: { return v; }
  }
}

// One invocation computes a 4 x 4 tile of outputs: each packed word of x and of w is read once
// per tile instead of once per output (rows and channels past the edge repeat the last one
// and are not written).
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let t = flat_index(gid, groups);
  let tiles_n = (params.units + 3u) / 4u;
  let tiles_m = (params.rows + 3u) / 4u;
  if (t >= tiles_m * tiles_n) { return; }
  let m0 = (t / tiles_n) * 4u;
  let n0 = (t % tiles_n) * 4u;
  var xs: array<u32, 4>;
  var ws: array<u32, 4>;
  for (var i = 0u; i < 4u; i = i + 1u) {
    xs[i] = min(m0 + i, params.rows - 1u) * params.words;
    ws[i] = min(n0 + i, params.units - 1u) * params.words;
  }
  var acc: array<vec4<i32>, 4>;
  for (var i = 0u; i < 4u; i = i + 1u) {
    acc[i] = vec4<i32>(bias[min(n0, params.units - 1u)], bias[min(n0 + 1u, params.units - 1u)],
      bias[min(n0 + 2u, params.units - 1u)], bias[min(n0 + 3u, params.units - 1u)]);
  }
  for (var k = 0u; k < params.words; k = k + 1u) {
    let w0 = w[ws[0] + k];
    let w1 = w[ws[1] + k];
    let w2 = w[ws[2] + k];
    let w3 = w[ws[3] + k];
    for (var i = 0u; i < 4u; i = i + 1u) {
      let a = x[xs[i] + k];
      acc[i] = acc[i] + vec4<i32>(dot4(a, w0), dot4(a, w1), dot4(a, w2), dot4(a, w3));
    }
  }
  for (var i = 0u; i < 4u; i = i + 1u) {
    let m = m0 + i;
    if (m >= params.rows) { break; }
    for (var j = 0u; j < 4u; j = j + 1u) {
      let n = n0 + j;
      if (n >= params.units) { break; }
      let index = m * params.units + n;
      acc_out[index] = acc[i][j];
      y[index] = finish(acc[i][j], n);
    }
  }
}`,
});
