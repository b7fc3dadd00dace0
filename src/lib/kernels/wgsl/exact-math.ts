/**
 * WGSL helpers that compute exactly what the CPU reference computes, bit for bit, on any GPU.
 *
 * WGSL lets f32 division be off by 2.5 ULP, lets an i32-to-f32 conversion round either way, and
 * lets implementations flush subnormals; so these helpers never divide or convert in floating
 * point. Values travel as their IEEE 754 bits (`u32`) and the arithmetic is on integers:
 * - `div_rn(x, s)`: the f32 nearest to x / s, ties to even (as the CPU's `Math.fround(x / s)`
 *   of two float32 values, and as C's `x / s` in float). Results below the normal range flush
 *   to zero: callers only round them to integers, which gives 0 either way.
 * - `round_half_even(b)`: numpy's `np.round` of an f32, clamped to ±2^30 so that adding a zero
 *   point cannot overflow (NaN gives 0).
 * - `i32_to_f32(v)`: the f32 nearest to an i32, ties to even (JavaScript's `Math.fround`).
 * - `f32_to_f16(b)`: binary16 bits, round to nearest, ties to even (float32ToFloat16Bits).
 * WGSL's `+`, `-` and `*` on f32 are correctly rounded, so a product of two normal f32 values
 * is exact to the CPU's too.
 */
export const EXACT_MATH_WGSL = /* wgsl */ `
fn unpack_mantissa(e: u32, f: u32) -> vec2<i32> {
  // value = m * 2^(E - 150), m normalised to [2^23, 2^24)
  if (e == 0u) {
    let sh = countLeadingZeros(f) - 8u;
    return vec2<i32>(i32(f << sh), 1 - i32(sh));
  }
  return vec2<i32>(i32(f | 0x800000u), i32(e));
}

fn div_rn(xb: u32, sb: u32) -> u32 {
  let sign = (xb ^ sb) & 0x80000000u;
  let xe = (xb >> 23u) & 0xffu;
  let se = (sb >> 23u) & 0xffu;
  let xf = xb & 0x7fffffu;
  let sf = sb & 0x7fffffu;
  let x_nan = xe == 255u && xf != 0u;
  let s_nan = se == 255u && sf != 0u;
  let x_inf = xe == 255u && xf == 0u;
  let s_inf = se == 255u && sf == 0u;
  let x_zero = (xb & 0x7fffffffu) == 0u;
  let s_zero = (sb & 0x7fffffffu) == 0u;
  if (x_nan || s_nan || (x_inf && s_inf) || (x_zero && s_zero)) { return 0x7fc00000u; }
  if (x_inf || s_zero) { return sign | 0x7f800000u; }
  if (x_zero || s_inf) { return sign; }
  let x = unpack_mantissa(xe, xf);
  let s = unpack_mantissa(se, sf);
  let mx = u32(x.x);
  let ms = u32(s.x);
  // q = floor(mx * 2^26 / ms) by restoring division: 27 bits, the top one at 25 or 26.
  var r = mx;
  var q = 0u;
  for (var i = 0u; i < 27u; i = i + 1u) {
    q = q << 1u;
    if (r >= ms) {
      r = r - ms;
      q = q | 1u;
    }
    r = r << 1u;
  }
  let sticky = r != 0u;
  var shift = 2u;
  if (q >= (1u << 26u)) { shift = 3u; }
  var mant = q >> shift;
  let rest = q & ((1u << shift) - 1u);
  let half = 1u << (shift - 1u);
  if (rest > half || (rest == half && (sticky || (mant & 1u) == 1u))) { mant = mant + 1u; }
  var e = x.y - s.y - 26 + i32(shift);
  if (mant == (1u << 24u)) {
    mant = mant >> 1u;
    e = e + 1;
  }
  let biased = e + 150;
  if (biased >= 255) { return sign | 0x7f800000u; }
  if (biased <= 0) { return sign; }
  return sign | (u32(biased) << 23u) | (mant & 0x7fffffu);
}

fn round_half_even(b: u32) -> i32 {
  let e = i32((b >> 23u) & 0xffu);
  let neg = (b >> 31u) == 1u;
  if (e == 255) {
    if ((b & 0x7fffffu) != 0u) { return 0; }
    return select(1 << 30u, -(1 << 30u), neg);
  }
  if (e == 0) { return 0; }
  let m = (b & 0x7fffffu) | 0x800000u;
  let p = e - 150;
  var k = 0u;
  if (p >= 0) {
    if (p >= 7) { k = 1u << 30u; } else { k = m << u32(p); }
  } else {
    let sh = u32(-p);
    if (sh < 25u) {
      let whole = m >> sh;
      let rest = m & ((1u << sh) - 1u);
      let half = 1u << (sh - 1u);
      k = whole;
      if (rest > half || (rest == half && (whole & 1u) == 1u)) { k = whole + 1u; }
    }
  }
  let v = i32(min(k, 1u << 30u));
  return select(v, -v, neg);
}

fn i32_to_f32(v: i32) -> u32 {
  if (v == 0) { return 0u; }
  let neg = v < 0;
  let a = bitcast<u32>(select(v, -v, neg));
  let top = 31u - countLeadingZeros(a);
  var exponent = top;
  var mant = 0u;
  if (top <= 23u) {
    mant = a << (23u - top);
  } else {
    let sh = top - 23u;
    mant = a >> sh;
    let rest = a & ((1u << sh) - 1u);
    let half = 1u << (sh - 1u);
    if (rest > half || (rest == half && (mant & 1u) == 1u)) { mant = mant + 1u; }
    if (mant == (1u << 24u)) {
      mant = mant >> 1u;
      exponent = exponent + 1u;
    }
  }
  return select(0u, 0x80000000u, neg) | ((exponent + 127u) << 23u) | (mant & 0x7fffffu);
}

fn f32_to_f16(bits: u32) -> u32 {
  let sign = (bits >> 16u) & 0x8000u;
  let exponent = i32((bits >> 23u) & 0xffu);
  let mantissa = bits & 0x7fffffu;
  if (exponent == 255) {
    if (mantissa != 0u) { return sign | 0x7c00u | 0x200u | (mantissa >> 13u); }
    return sign | 0x7c00u;
  }
  let he = exponent - 112;
  if (he >= 31) { return sign | 0x7c00u; }
  if (he >= 1) {
    let rest = mantissa & 0x1fffu;
    var half = sign | (u32(he) << 10u) | (mantissa >> 13u);
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u) == 1u)) { half = half + 1u; }
    return half;
  }
  let shift = u32(14 - he);
  if (shift > 24u) { return sign; }
  let full = mantissa | 0x800000u;
  let rest = full & ((1u << shift) - 1u);
  let halfway = 1u << (shift - 1u);
  var half = sign | (full >> shift);
  if (rest > halfway || (rest == halfway && (half & 1u) == 1u)) { half = half + 1u; }
  return half;
}
`;
