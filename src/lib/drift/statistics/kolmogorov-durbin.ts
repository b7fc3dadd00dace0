/**
 * Pr(D_n <= d) by Durbin's matrix algorithm as Marsaglia, Tsang & Wang (2003) evaluate it: the
 * k-th diagonal entry of (n!/n^n) H^n. A port of scipy 1.17's `_kolmogn_DMTW`
 * (scipy/stats/_ksstats.py), including its rescaling by 2^128 to keep H^n in range.
 * Time O(m^3 log n) with m = 2 ceil(n d) - 1; kolmogn calls it only while m stays small.
 */

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;

export function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // v: first column (and, reversed, last row) of H; w[j] = 1/j!
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j; // may underflow, which does no harm
    v[j - 1] = (1 - Math.pow(h, j)) * fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;

  let power = new Float64Array(m * m); // row-major m x m
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) power[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) power[r * m] = v[r]!;
  for (let c = 0; c < m; c++) power[(m - 1) * m + c] = v[m - 1 - c]!;

  let result = identity(m);
  let nn = n;
  let exponent = 0; // scaling of result
  let powerExponent = 0; // scaling of power
  while (nn > 0) {
    if (nn % 2) {
      result = multiply(result, power, m);
      exponent += powerExponent;
    }
    power = multiply(power, power, m);
    powerExponent *= 2;
    if (Math.abs(power[(k - 1) * m + (k - 1)]!) > EP128) {
      for (let i = 0; i < power.length; i++) power[i]! /= EP128;
      powerExponent += E128;
    }
    nn = Math.floor(nn / 2);
  }

  let p = result[(k - 1) * m + (k - 1)]!;
  // Multiply by n!/n^n, one factor at a time, rescaling before it underflows.
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      exponent -= E128;
    }
  }
  return clip(ldexp(p, exponent));
}

function identity(m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) out[i * m + i] = 1;
  return out;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += ail * b[l * m + j]!;
    }
  }
  return out;
}

/** p * 2^e without overflowing or underflowing 2^e on the way. */
export function ldexp(p: number, e: number): number {
  while (e > 1000) {
    p *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    p *= 2 ** -1000;
    e += 1000;
  }
  return p * 2 ** e;
}

const clip = (p: number): number => Math.min(1, Math.max(0, p));
