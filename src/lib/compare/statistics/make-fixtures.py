"""Writes compare-fixtures.ts: expected values for McNemar's test and the paired bootstrap.

Run from this folder with `python3 make-fixtures.py && npx prettier --write compare-fixtures.ts`.

McNemar: the exact p-value is scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue (what
statsmodels' mcnemar(table, exact=True) gives as min(1, 2 * binom.cdf(min(b, c), b + c, 0.5)));
the asymptotic one is scipy.stats.chi2.sf((|b - c| - 1)^2 / (b + c), 1), as statsmodels'
mcnemar(table, exact=False, correction=True). statsmodels is not installed here. Printed, not
written: each exact p-value's error against mpmath at 60 digits.

Bootstrap: `paired_bootstrap` below is the algorithm of bootstrap.ts in plain Python (its own
mulberry32 with 32-bit masking, sums in draw order, numpy.percentile(method='linear')), so the
TypeScript must agree to rounding. Printed, not written: scipy.stats.bootstrap(paired=True,
method='percentile') on the same data, whose interval should be of similar width.
"""
import decimal
import math
import sys

import mpmath
import numpy as np
import scipy
from scipy import stats

M32 = 0xFFFFFFFF


def mulberry32(seed):
    a = seed & M32

    def draw():
        nonlocal a
        a = (a + 0x6D2B79F5) & M32
        t = ((a ^ (a >> 15)) * (a | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return draw


def finish(metric, total, n):
    return math.sqrt(total / n) if metric == 'rmse' else total / n


def paired_bootstrap(champion, challenger, metric, resamples=2000, seed=0, level=0.95):
    n = len(champion)
    sum_a = 0.0
    sum_z = 0.0
    for i in range(n):
        sum_a += champion[i]
        sum_z += challenger[i]
    difference = finish(metric, sum_z, n) - finish(metric, sum_a, n)
    draw = mulberry32(seed)
    diffs = []
    for _ in range(resamples):
        sum_a = 0.0
        sum_z = 0.0
        for _ in range(n):
            row = math.floor(draw() * n)
            sum_a += champion[row]
            sum_z += challenger[row]
        diffs.append(finish(metric, sum_z, n) - finish(metric, sum_a, n))
    lo, hi = np.percentile(
        np.array(diffs), [100 * (1 - level) / 2, 100 * (1 + level) / 2], method='linear'
    )
    at_most = sum(1 for d in diffs if d <= 0)
    at_least = sum(1 for d in diffs if d >= 0)
    p = min(1.0, 2 * min(at_most, at_least) / resamples)
    return difference, float(lo), float(hi), p


def num(x):
    x = float(x)
    if 0 < abs(x) < sys.float_info.min:
        # Subnormals as exact multiples of the smallest one: ESLint's no-loss-of-precision
        # flags their decimal literals.
        return '%d * 2 ** -1074' % int(x / 2.0 ** -1074)
    if x.is_integer() and abs(x) < 1e15 and math.copysign(1, x) > 0:
        return str(int(x))
    text = repr(x)
    if len(text.split('e')[0].replace('-', '').replace('.', '').lstrip('0')) == 17:
        # ESLint's no-loss-of-precision compares the literal with toPrecision(17), which rounds
        # exact ties up where repr may round down; write the tie rounded up (the same double).
        up = '{:e}'.format(decimal.Context(prec=17, rounding=decimal.ROUND_HALF_UP).plus(
            decimal.Decimal(x)))
        assert float(up) == x
        text = up
    return text


def arr(values):
    return '[' + ', '.join(num(v) for v in values) + ']'


def exact_mpmath(b, c):
    """min(1, 2 Pr(X <= k)) at 60 digits: C(n, k) / 2^n, then the terms below it by their
    ratios i / (n - i + 1) until they fall under 1e-70 of the sum (all of them when k is small).
    """
    mpmath.mp.dps = 60
    k, n = min(b, c), b + c
    term = mpmath.binomial(n, k) / mpmath.mpf(2) ** n
    total = term
    for i in range(k, 0, -1):
        term = term * i / (n - i + 1)
        total += term
        if term < total * mpmath.mpf(10) ** -70:
            break
    return min(mpmath.mpf(1), 2 * total)


def mcnemar_cases():
    rows = []
    exact_default = [(0, 1), (1, 0), (2, 9), (3, 7), (5, 5), (6, 7), (0, 24), (1, 23), (12, 12),
                     (11, 13), (10, 14), (24, 0)]
    exact_forced = [(40, 60), (400, 600), (1000, 1100), (4990, 5010), (0, 1000), (1, 1073),
                    (499999, 500001), (500000, 500000), (499000, 501000), (497000, 503000),
                    (495000, 505000), (490000, 510000), (400000, 600000)]
    for b, c in exact_default + exact_forced:
        k, n = min(b, c), b + c
        p = stats.binomtest(k, n, 0.5).pvalue
        truth = exact_mpmath(b, c)
        err = abs(p - truth) / truth if truth > 0 else abs(p)
        print('exact b=%d c=%d: scipy %r, mpmath %s, scipy rel. error %.2e'
              % (b, c, p, mpmath.nstr(truth, 17), float(err)))
        forced = 'true' if (b, c) in exact_forced else 'undefined'
        rows.append('  { b: %d, c: %d, exact: true, option: %s, statistic: %d, pValue: %s, '
                    'truth: %s },\n' % (b, c, forced, k, num(p), num(float(truth))))
    asymp_default = [(10, 15), (12, 13), (20, 30), (5, 40), (0, 25), (100, 150), (300, 300),
                     (1000, 1100), (100000, 101000), (499000, 501000), (450000, 550000)]
    asymp_forced = [(3, 7), (0, 5), (0, 1), (2, 2)]
    for b, c in asymp_default + asymp_forced:
        statistic = (abs(b - c) - 1) ** 2 / (b + c)
        p = stats.chi2.sf(statistic, 1)
        forced = 'false' if (b, c) in asymp_forced else 'undefined'
        rows.append('  { b: %d, c: %d, exact: false, option: %s, statistic: %s, pValue: %s },\n'
                    % (b, c, forced, num(statistic), num(p)))
    return rows


def bootstrap_cases():
    rng = np.random.default_rng(20250101)
    cases = []

    def add(name, a, z, metric, resamples, seed, level):
        a = [float(v) for v in a]
        z = [float(v) for v in z]
        difference, lo, hi, p = paired_bootstrap(a, z, metric, resamples, seed, level)
        cases.append((name, a, z, metric, resamples, seed, level, difference, lo, hi, p))
        check_with_scipy(name, a, z, metric, resamples, level, lo, hi)

    add('n = 1 (every resample is the row itself)', [0.5], [0.25], 'mean', 50, 3, 0.95)
    add('n = 5, mae', np.round(rng.gamma(2, 1, 5), 6), np.round(rng.gamma(2, 1, 5), 6),
        'mae', 200, 1, 0.95)
    e = rng.normal(0, 1, 37)
    add('n = 37, rmse, level 0.9', np.round(e ** 2, 6),
        np.round((e * 0.9 + rng.normal(0, 0.3, 37)) ** 2, 6), 'rmse', 500, 7, 0.9)
    g = rng.gamma(2, 1, 200)
    add('n = 200, mae, defaults', np.round(g, 6), np.round(g * 0.97 + rng.normal(0, 0.2, 200) ** 2, 6),
        'mae', 2000, 0, 0.95)
    add('n = 100, 0/1 losses (ties)', rng.integers(0, 2, 100), rng.integers(0, 2, 100),
        'mean', 1000, 42, 0.95)
    add('n = 150, rmse of integer errors (ties)', rng.integers(0, 4, 150) ** 2,
        rng.integers(0, 4, 150) ** 2, 'rmse', 1000, 9, 0.95)
    same = np.round(rng.gamma(1.5, 2, 300) ** 2, 6)
    add('n = 300, identical models', same, same, 'rmse', 1000, 5, 0.95)
    worse = np.round(rng.gamma(3, 1, 500), 6)
    add('n = 500, clearly better challenger', worse, np.round(worse * 0.5, 6), 'mae', 2000, 11, 0.95)
    add('n = 1000, signed losses, seed 2^32 - 1, level 0.99', np.round(rng.normal(0.2, 1, 1000), 6),
        np.round(rng.normal(0.1, 1, 1000), 6), 'mean', 2000, 4294967295, 0.99)
    rows = []
    for name, a, z, metric, resamples, seed, level, difference, lo, hi, p in cases:
        rows.append(
            '  { name: %r, champion: %s, challenger: %s, metric: %r, resamples: %d, seed: %d, '
            'level: %s, difference: %s, interval: [%s, %s], pValue: %s },\n'
            % (name, arr(a), arr(z), metric, resamples, seed, num(level), num(difference),
               num(lo), num(hi), num(p)))
    return rows


def check_with_scipy(name, a, z, metric, resamples, level, lo, hi):
    if len(a) < 2 or a == z:
        return
    def stat(x, y, axis=-1):
        mx, my = np.mean(x, axis=axis), np.mean(y, axis=axis)
        return np.sqrt(my) - np.sqrt(mx) if metric == 'rmse' else my - mx
    res = stats.bootstrap((np.array(a), np.array(z)), stat, paired=True, vectorized=True,
                          n_resamples=resamples, confidence_level=level, method='percentile',
                          rng=np.random.default_rng(0))
    ci = res.confidence_interval
    print('bootstrap %-50s ours [%.5f, %.5f] width %.5f; scipy [%.5f, %.5f] width %.5f'
          % (name, lo, hi, hi - lo, ci.low, ci.high, ci.high - ci.low))


def mulberry_rows():
    rows = []
    for seed in [0, 1, 42, 4294967295]:
        draw = mulberry32(seed)
        rows.append('  { seed: %d, first: %s },\n' % (seed, arr(draw() for _ in range(5))))
    return rows


def main():
    header = '''/**
 * Expected values for the challenger-vs-champion tests. GENERATED by make-fixtures.py
 * (python %s, numpy %s, scipy %s, mpmath %s); do not edit by hand.
 * Calls: exact McNemar p = scipy.stats.binomtest(min(b, c), b + c, 0.5).pvalue, and `truth`
 * the same with mpmath at 60 digits, min(1, 2 * sum_{i <= min(b, c)} C(b + c, i) / 2^(b + c));
 * asymptotic statistic = (abs(b - c) - 1) ** 2 / (b + c), p = scipy.stats.chi2.sf(statistic, 1).
 * `option` is the `exact` option passed (undefined: the default, exact when b + c < 25).
 * Bootstrap: paired_bootstrap in make-fixtures.py (mulberry32, sums in draw order,
 * numpy.percentile(diffs, [100 * (1 - level) / 2, 100 * (1 + level) / 2], method='linear')).
 */

export interface McNemarCase {
  b: number;
  c: number;
  exact: boolean;
  option: boolean | undefined;
  statistic: number;
  pValue: number;
  truth?: number;
}

export interface BootstrapCase {
  name: string;
  champion: number[];
  challenger: number[];
  metric: 'rmse' | 'mae' | 'mean';
  resamples: number;
  seed: number;
  level: number;
  difference: number;
  interval: [number, number];
  pValue: number;
}

''' % (sys.version.split()[0], np.__version__, scipy.__version__, mpmath.__version__)
    parts = [header]
    sections = [
        ('MCNEMAR_CASES', 'McNemarCase', mcnemar_cases()),
        ('BOOTSTRAP_CASES', 'BootstrapCase', bootstrap_cases()),
        ('MULBERRY32_DRAWS', '{ seed: number; first: number[] }', mulberry_rows()),
    ]
    for name, typ, rows in sections:
        parts.append('export const %s: %s[] = [\n%s];\n\n' % (name, typ, ''.join(rows)))
    with open('compare-fixtures.ts', 'w') as f:
        f.write(''.join(parts).rstrip() + '\n')


main()
