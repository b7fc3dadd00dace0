/**
 * Pr(D_n <= x) by Pomeranz's recursion (CACM Algorithm 487, 1974): each row is the previous
 * one convolved with (almost) Poisson probabilities, two rows kept, only their non-zero span.
 * A port of scipy 1.17's `_kolmogn_Pomeranz` (scipy/stats/_ksstats.py); kolmogn uses it for
 * n <= 140 and 0.754693 < n x^2 <= 4.
 */
import { ldexp } from './kolmogorov-durbin';

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;

export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  // (g/n)^m/m!, (2g/n)^m/m!, ((1-2g)/n)^m/m!: Poisson probabilities short of their factor.
  const gPower = powers(npwrs, g / n);
  const twoGPower = powers(npwrs, (2 * g) / n);
  const oneMinus2GPower = powers(npwrs, (1 - 2 * g) / n);

  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let exponent = 0;
  let [j1, j2] = rowBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = rowBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gPower : i % 2 ? twoGPower : oneMinus2GPower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // np.convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2])[j1-k1 : j2-k1+1]
      const start = k1 - v0s;
      const convStart = j1 - k1;
      const convLength = j2 - j1 + 1;
      let max = 0;
      for (let r = 0; r < convLength; r++) {
        const at = convStart + r;
        let sum = 0;
        for (let q = Math.max(0, at - ln2 + 1); q <= Math.min(at, ln2 - 1); q++) {
          sum += (v0[start + q] ?? 0) * pwrs[at - q]!;
        }
        v1[r] = sum;
        if (sum > max) max = sum;
      }
      // Scale to avoid underflow.
      if (max > 0 && max < EM128) {
        for (let r = 0; r < convLength; r++) v1[r]! *= EP128;
        exponent -= E128;
      }
      v1s = v0s + j1 - k1;
    }
  }
  // Multiply by n!
  let answer = v1[n - v1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > EP128) {
      answer *= EM128;
      exponent += E128;
    }
    answer *= m;
  }
  return Math.min(1, Math.max(0, ldexp(answer, exponent)));
}

function powers(count: number, ratio: number): Float64Array {
  const out = new Float64Array(count);
  out[0] = 1;
  for (let m = 1; m < count; m++) out[m] = (out[m - 1]! * ratio) / m;
  return out;
}

/** scipy `_pomeranz_compute_j1j2`: the span of row i that can be non-zero. */
function rowBounds(
  i: number,
  n: number,
  ll: number,
  ceilf: number,
  roundf: number,
): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    [j1, j2] = [-ll - ceilf - 1, ll + ceilf - 1];
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      // i is odd
      if (half === n + 1) [j1, j2] = [n - ll - ceilf - 1, n + ll + ceilf - 1];
      else [j1, j2] = [half - 1 - ll - roundf - 1, half + ll - 1 + ceilf - 1];
    } else {
      [j1, j2] = [half - 1 - ll - 1, half + ll + roundf - 1];
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
