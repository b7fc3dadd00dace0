/**
 * Stirling's series: ln Γ(a) = (a - 1/2) ln a - a + ln(2π)/2 + S(a), with
 * S(a) = sum_j B_2j / (2j (2j - 1) a^(2j-1)), j = 1..8. The coefficients are scipy's
 * `_STIRLING_COEFFS` (scipy/stats/_ksstats.py, "lifted from _loggamma.pxd"), as doubles.
 * Eight terms give a few ulp for a >= 10.
 */
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** S(a), evaluated as scipy does: rn * polyval(coeffs, rn / a) with rn = 1 / a. */
export function stirlingCorrection(a: number): number {
  const rn = 1.0 / a;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / a) + c;
  return rn * poly;
}
