/**
 * The one-sided Kolmogorov-Smirnov survival function Pr(D+_n >= x), i.e. scipy.special.smirnov
 * (xsf/cephes/kolmogorov.h, `_smirnov`, scipy 1.17): the same branches, the same early stop,
 * but in doubles with each term taken through its logarithm, where xsf keeps double-doubles.
 * The terms of the lower sum are all positive, so this costs ~1e-12 relative at n = 5000 and
 * ~1e-10 at n = 500000 (measured against scipy in statistics.spec.ts), not cancellation.
 *
 * Birnbaum & Tingey (1951): Pr(D+_n >= x) = x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x + v/n)^(v-1)
 * (1 - x - v/n)^(n-v). Only the lower sum is needed here: scipy's upper sum is chosen only for
 * n x^2 <= 1/4, and kolmogn (its only caller here) asks for smirnov only when n x^2 >= 2.2 or
 * x >= 1/2 (or n <= 140 and n x^2 > 4).
 */

const EPSILON = Number.EPSILON;
/** cephes MINLOG = log(2^-1022): exp() of anything below underflows. */
const MINLOG = -708.3964185322641;
/** n beyond which xsf uses an approximation instead of summing n terms. */
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxfl, alpha } = floorAndFraction(n, x);
  // The last index of the sum: floor(n(1-x)), less one when n x is an integer (that term is
  // 0^(n-v), which xsf leaves out); both cases come to n - floor(n x) - 1.
  const n1mxfl = n - nxfl - 1;
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    // x <= 1/n: cdf = x (1 + x)^(n-1).
    return clip(1 - x * Math.exp((n - 1) * Math.log1p(x)));
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clip(Math.exp(n * Math.log1p(-x)));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    // xsf: p ~ e^(-(6nx+1)^2 / 18n)
    const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
    return clip(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }
  return clip(x * lowerSum(n, x, nxfl, alpha, n1mxfl + 1));
}

/** sum_{v < nTerms} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v), stopping when it can. */
function lowerSum(n: number, x: number, nxfl: number, alpha: number, nTerms: number): number {
  const vmid = Math.floor(n / 2);
  let sum = Math.exp(n * Math.log1p(-x)) / x;
  // C(n, v) as mantissa * 2^exponent: it overflows a double long before n = 10^6.
  let cMantissa = n;
  let cExponent = 0;
  for (let v = 1; v < nTerms; v++) {
    // x + v/n and 1 - x - v/n from the exact integer and fractional parts of n x, as xsf does.
    const t1x = (v + nxfl + alpha) / n;
    const t2x = (n - v - nxfl - alpha) / n;
    const logTerm =
      Math.log(cMantissa) +
      cExponent * Math.LN2 +
      (v - 1) * Math.log(t1x) +
      (n - v) * Math.log(t2x);
    const term = Math.exp(logTerm);
    if (Number.isFinite(term) && term !== 0) sum += term;
    if (term !== 0) {
      if (4 * (nTerms - v) * Math.abs(term) < EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
    cMantissa *= (n - v) / (v + 1);
    // Renormalized both ways: past v = n/2 it shrinks again, into subnormals if let.
    if (cMantissa > 2 ** 512) {
      cMantissa /= 2 ** 512;
      cExponent += 512;
    } else if (cMantissa < 2 ** -512) {
      cMantissa *= 2 ** 512;
      cExponent -= 512;
    }
  }
  return sum;
}

/** floor(n x) and n x - floor(n x), exactly (n x as an unevaluated sum, Dekker's product). */
export function floorAndFraction(n: number, x: number): { floor: number; alpha: number } {
  const p = n * x;
  const error = productError(n, x, p);
  let floor = Math.floor(p);
  let alpha: number;
  if (floor === p) {
    const low = Math.floor(error);
    floor += low;
    alpha = error - low;
  } else {
    alpha = p - floor + error;
  }
  if (alpha >= 1) {
    floor += 1;
    alpha = 0;
  }
  return { floor, alpha };
}

/** The rounding error of p = a * b, so that a * b = p + error exactly (Dekker 1971). */
function productError(a: number, b: number, p: number): number {
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const high = c - (c - a);
  return [high, a - high];
}

const clip = (p: number): number => Math.min(1, Math.max(0, p));
