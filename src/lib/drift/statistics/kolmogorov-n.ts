/**
 * The survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n for a
 * finite n: scipy.stats.kstwo.sf(x, n), which is `_kolmogn(n, x, cdf=False)` in scipy 1.17
 * (scipy/stats/_ksstats.py). The choice among exact and approximate methods is Simard &
 * L'Ecuyer (2011), "Computing the Two-Sided Kolmogorov-Smirnov Distribution", as scipy has it.
 */
import { durbinCdf } from './kolmogorov-durbin';
import { pelzGoodCdf } from './kolmogorov-pelz-good';
import { pomeranzCdf } from './kolmogorov-pomeranz';
import { smirnovSf } from './smirnov';
import { stirlingCorrection } from './stirling';

/** Pr(D_n >= x) for an integer n >= 1. */
export function kolmogorovSurvival(x: number, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n is ${n}; it must be an integer >= 1.`);
  if (Number.isNaN(x)) throw new RangeError('x is NaN.');
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben-Gambino: for 1/2n <= x <= 1/n, Pr(D_n <= x) = n!/n^n (2t - 1)^n.
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1.0 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n); // Ruben-Gambino
  if (x >= 0.5) return clip(2 * smirnovSf(n, x)); // exact: D_n >= x iff D+ or D- >= x, disjoint
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - durbinCdf(n, x));
    if (nxSquared <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x)); // Miller's approximation
  }
  // scipy splits the CDF and the SF here; these are its SF cut-offs.
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  // (scipy's `nxsquared >= 18: cdf = 1` cannot be reached on the SF path.)
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/** log(n! / n^n) by Stirling's series with n log n taken out first (no cancellation). */
function logFactorialOverPower(n: number): number {
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + stirlingCorrection(n);
}

const clip = (p: number): number => Math.min(1, Math.max(0, p));
