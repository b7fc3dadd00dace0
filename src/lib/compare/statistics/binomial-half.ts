/**
 * The lower tail Pr(X <= k) of X ~ Binomial(n, 1/2), for McNemar's exact test, as a sum of
 * terms in log space (not the regularized incomplete beta): the largest term, Pr(X = k), by
 * Loader's saddle-point form ("Fast and accurate computation of binomial probabilities", 2000;
 * R's nmath dbinom.c, stirlerr.c and bd0.c), then the terms below it by their ratios
 * Pr(X = i - 1) / Pr(X = i) = i / (n - i + 1), summed until they no longer change the sum.
 * No ln Γ(n) of size n ln n is formed and subtracted, so the relative error stays near 1e-15
 * for n = 10^6 (statistics.spec.ts); the ratios need about 4.4 sqrt(n) steps at worst
 * (k near n / 2), a few thousand for n = 10^6.
 */
import { stirlingCorrection } from '../../drift/statistics/stirling';

/**
 * stirlerr(m) = ln m! - (m + 1/2) ln m + m - ln(2π)/2 for m = 1..9, computed with mpmath at
 * 40 digits; from 10 on, Stirling's series is good to a few ulp.
 */
const STIRLERR_SMALL = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
  0.009255462182712733,
];

/** Stop adding terms once one is below this share of the sum (2^-60, below an ulp). */
const NEGLIGIBLE = 2 ** -60;

/** Pr(X <= k) for X ~ Binomial(n, 1/2); integers 0 <= k <= n, n >= 1. */
export function binomialHalfCdf(k: number, n: number): number {
  if (k >= n) return 1;
  let sum = 1;
  let term = 1;
  for (let i = k; i >= 1; i--) {
    term *= i / (n - i + 1);
    sum += term;
    if (term < sum * NEGLIGIBLE) break;
  }
  return binomialHalfPmf(k, n) * sum;
}

/** Pr(X = k) for X ~ Binomial(n, 1/2), as R's dbinom_raw with p = q = 1/2. */
export function binomialHalfPmf(k: number, n: number): number {
  // 2^-n is exact in binary (a subnormal down to n = 1074, then 0).
  if (k === 0 || k === n) return 2 ** -n;
  const mean = n / 2;
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, mean) - bd0(n - k, mean);
  const lf = Math.log(2 * Math.PI) + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(lc - 0.5 * lf);
}

function stirlerr(m: number): number {
  return m < STIRLERR_SMALL.length ? STIRLERR_SMALL[m]! : stirlingCorrection(m);
}

/**
 * x ln(x / np) + np - x without cancellation: near x = np by the series in
 * v = (x - np) / (x + np), as Loader's bd0.
 */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    const v = (x - np) / (x + np);
    const v2 = v * v;
    let s = (x - np) * v;
    let ej = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}
