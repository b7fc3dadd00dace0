"""Writes scipy-fixtures.ts: the expected values of the drift statistics, computed by scipy.

Run from this folder with `python3 make-fixtures.py && npx prettier --write scipy-fixtures.ts`.
Data come from a seeded numpy Generator and are written into the fixture as decimal arrays
(repr round-trips doubles, so TypeScript reads the same values), except the large samples,
which are the sequence ((i * a) % 1) * scale + offset, i = 0..n-1, computed the same way in
both languages (one multiply, fmod, one multiply, one add: every step is correctly rounded).

Evidently cannot be installed here: `evidently_binned` below reproduces legacy
`evidently/calculations/stattests/utils.py::get_binned_data` from its description.
"""
import math
import sys
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

rng = np.random.default_rng(20240611)


def generated(n, a, scale, offset):
    return np.array([((i * a) % 1.0) * scale + offset for i in range(n)])


def num(x):
    x = float(x)
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    if x.is_integer() and abs(x) < 1e15 and math.copysign(1, x) > 0:
        return str(int(x))  # shorter, and the same double
    return repr(x)


def arr(values):
    return '[' + ', '.join(num(v) for v in values) + ']'


def sample(values, gen=None):
    if gen is not None:
        n, a, scale, offset = gen
        return '{ n: %d, a: %s, scale: %s, offset: %s }' % (n, num(a), num(scale), num(offset))
    return arr(values)


def ks_case(name, x, y, gen_x=None, gen_y=None):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        res = stats.ks_2samp(x, y)  # two-sided, method='auto'
    n1, n2 = len(x), len(y)
    method = 'exact' if max(n1, n2) <= 10000 else 'asymp'
    if any('Switching to method=asymp' in str(w.message) for w in caught):
        method = 'asymp'
    return (
        '  { name: %r, reference: %s, current: %s, statistic: %s, pValue: %s, method: %r },\n'
        % (name, sample(x, gen_x), sample(y, gen_y), num(res.statistic), num(res.pvalue), method)
    )


def ks_cases():
    out = []
    r = lambda *a: np.round(a[0], a[1])
    out.append(ks_case('5x7', rng.normal(size=5), rng.normal(0.5, 1, size=7)))
    out.append(ks_case('20x20 (equal sizes)', rng.normal(size=20), rng.normal(0.8, 1, size=20)))
    out.append(ks_case('100x80', rng.normal(size=100), rng.normal(0.3, 1.2, size=80)))
    out.append(ks_case('1000x1000', r(rng.normal(size=1000), 4), r(rng.normal(0.1, 1, 1000), 4)))
    out.append(ks_case('3000x2000', r(rng.normal(size=3000), 3), r(rng.standard_t(5, 2000), 3)))
    out.append(ks_case('ties', rng.integers(0, 5, 50).astype(float), rng.integers(0, 6, 60).astype(float)))
    same = rng.normal(size=40)
    out.append(ks_case('identical', same, same.copy()))
    out.append(ks_case('disjoint', np.arange(30.0), np.arange(100.0, 141.0)))
    out.append(ks_case('disjoint equal sizes', np.arange(25.0), np.arange(25.0) + 0.5 + 25))
    out.append(ks_case('one element each', np.array([1.0]), np.array([2.0])))
    out.append(ks_case('one element vs three', np.array([0.5]), np.array([0.2, 0.7, 0.9])))
    out.append(ks_case('infinities', np.array([-np.inf, 1.0, 2.0, np.inf]), np.array([0.0, 1.5, 3.0])))
    for name, gx, gy in [
        ('12000x9000 (asymp, smirnov)', (12000, 0.6180339887498949, 1.0, 0.0), (9000, 0.7548776662466927, 0.97, 0.03)),
        ('12000x9000 (asymp, Durbin)', (12000, 0.6180339887498949, 1.0, 0.0), (9000, 0.7548776662466927, 0.995, 0.003)),
        ('10001x10001 (en = 5000.5 rounds to even)', (10001, 0.6180339887498949, 1.0, 0.0), (10001, 0.7548776662466927, 0.99, 0.01)),
        ('12000x9000 (asymp, Pelz-Good)', (12000, 0.6180339887498949, 1.0, 0.0), (9000, 0.7548776662466927, 0.988, 0.012)),
        ('10001x60 (asymp, n = 60, Durbin)', (10001, 0.6180339887498949, 1.0, 0.0), (60, 0.7548776662466927, 0.9, 0.1)),
        ('10001x60 (asymp, n = 60, Pomeranz)', (10001, 0.6180339887498949, 1.0, 0.0), (60, 0.7548776662466927, 0.8, 0.2)),
        ('10000x9990 (exact at the limit)', (10000, 0.6180339887498949, 1.0, 0.0), (9990, 0.7548776662466927, 0.98, 0.02)),
        ('10000x10000 (exact at the limit, equal sizes)', (10000, 0.6180339887498949, 1.0, 0.0), (10000, 0.7548776662466927, 0.98, 0.02)),
    ]:
        out.append(ks_case(name, generated(*gx), generated(*gy), gx, gy))
    return out


def kstwo_grid():
    rows = []
    for n in [1, 3, 10, 50, 100, 140, 141, 1000, 5143, 100000, 100001, 500000, 2000000]:
        xs = {math.sqrt(c / n) for c in [0.2, 0.75, 1, 2.19, 2.21, 4, 4.1, 17, 200, 369]}
        xs |= {0.6 / n, 0.9 / n, 1.5 / n, 0.49, 0.5, 0.7, 1 - 1.5 / n, 1 - 0.5 / n}
        for x in sorted(v for v in xs if 0 < v < 1):
            rows.append('  [%s, %d, %s],\n' % (num(x), n, num(stats.kstwo.sf(x, n))))
    return rows


def chi2_case(name, ref, cur):
    ref, cur = np.array(ref, float), np.array(cur, float)
    keep = (ref + cur) > 0  # scipy raises on a zero expected frequency: drop empty categories
    table = np.array([ref[keep], cur[keep]])
    res = stats.chi2_contingency(table, correction=False)
    return '  { name: %r, reference: %s, current: %s, statistic: %s, pValue: %s, dof: %d },\n' % (
        name, arr(ref), arr(cur), num(res.statistic), num(res.pvalue), res.dof)


def chi2_cases():
    return [
        chi2_case('k=2', [30, 70], [45, 55]),
        chi2_case('k=5 with a zero column', [10, 0, 25, 40, 5], [12, 0, 20, 50, 9]),
        chi2_case('k=30', rng.integers(1, 200, 30), rng.integers(1, 200, 30)),
        chi2_case('large counts', [1_200_000, 3_400_000, 560_000], [1_150_000, 3_500_000, 610_000]),
        chi2_case('same proportions', [10, 20, 30], [20, 40, 60]),
        chi2_case('one category left', [5, 0], [7, 0]),
        chi2_case('tiny p-value', [1000, 10, 500], [10, 1000, 500]),
    ]


def chi2_grid():
    rows = []
    for dof in [1, 2, 3, 10, 29, 100, 1000, 10000]:
        for q in [1e-300, 1e-20, 1e-5, 0.01, 0.5, 0.99, 0.999999]:
            x = float(stats.chi2.isf(q, dof))
            rows.append('  [%s, %d, %s],\n' % (num(x), dof, num(special.chdtrc(dof, x))))
    return rows


def wasserstein_cases():
    cases = [
        ('5x7', rng.normal(size=5), rng.normal(1, 2, size=7)),
        ('ties, different sizes', rng.integers(0, 4, 40).astype(float), rng.integers(1, 6, 25).astype(float)),
        ('one element each', np.array([1.5]), np.array([-2.0])),
        ('1000x700', np.round(rng.exponential(2, 1000), 3), np.round(rng.gamma(2, 1.2, 700), 3)),
    ]
    out = ['  { name: %r, u: %s, v: %s, distance: %s },\n' % (n, sample(u), sample(v), num(stats.wasserstein_distance(u, v))) for n, u, v in cases]
    gu, gv = (12000, 0.6180339887498949, 1.0, 0.0), (9000, 0.7548776662466927, 0.97, 0.03)
    d = stats.wasserstein_distance(generated(*gu), generated(*gv))
    out.append('  { name: %r, u: %s, v: %s, distance: %s },\n' % ('12000x9000 generated', sample(None, gu), sample(None, gv), num(d)))
    return out


def js_cases():
    cases = [
        ('with zeros', [0.1, 0.0, 0.4, 0.5], [0.0, 0.3, 0.3, 0.4]),
        ('unnormalized counts', [3, 7, 12, 1], [5, 5, 9, 4]),
        ('identical', [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]),
        ('disjoint support', [1, 0], [0, 1]),
        ('k=30', list(rng.random(30)), list(rng.random(30))),
    ]
    return ['  { name: %r, p: %s, q: %s, distance: %s },\n' % (n, arr(p), arr(q), num(distance.jensenshannon(p, q, base=2))) for n, p, q in cases]


def evidently_binned(reference, current, numeric, fill_zeroes):
    if numeric and len(np.unique(reference)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([reference, current]), bins='sturges')
        ref = np.histogram(reference, bins)[0] / len(reference)
        cur = np.histogram(current, bins)[0] / len(current)
    else:
        keys = np.unique(np.concatenate([reference, current]))
        ref = np.array([np.sum(reference == k) for k in keys]) / len(reference)
        cur = np.array([np.sum(current == k) for k in keys]) / len(current)
    if fill_zeroes:
        for p in (ref, cur):
            m = min(p[p != 0])
            np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return ref, cur


def binned_case(name, reference, current, kind):
    numeric = kind == 'numeric'
    ref_f, cur_f = evidently_binned(reference, current, numeric, True)
    ref_j, cur_j = evidently_binned(reference, current, numeric, False)
    psi = np.sum((ref_f - cur_f) * np.log(ref_f / cur_f))
    js = distance.jensenshannon(ref_j, cur_j, base=2)
    return (
        '  { name: %r, kind: %r, reference: %s, current: %s,\n    filled: { reference: %s, current: %s },\n'
        '    unfilled: { reference: %s, current: %s }, psi: %s, jensenShannon: %s },\n'
        % (name, kind, arr(reference), arr(current), arr(ref_f), arr(cur_f), arr(ref_j), arr(cur_j), num(psi), num(js))
    )


def binned_cases():
    return [
        binned_case('numeric, > 20 distinct', np.round(rng.normal(size=500), 3), np.round(rng.normal(0.4, 1.3, 400), 3), 'numeric'),
        binned_case('numeric on bin edges, 1024 values (log2 exact)', np.arange(0.0, 101.0)[rng.integers(0, 101, 512)], np.arange(0.0, 101.0)[rng.integers(0, 81, 512)], 'numeric'),
        binned_case('numeric, <= 20 distinct', rng.integers(0, 10, 300).astype(float), rng.integers(2, 13, 200).astype(float), 'numeric'),
        binned_case('numeric, rare bins (min share <= 1e-4)', np.concatenate([np.zeros(10001), [1.0]]), np.concatenate([np.ones(100), [2.0] * 50]), 'numeric'),
        binned_case('categorical codes', rng.integers(0, 6, 250).astype(float), rng.integers(1, 8, 150).astype(float), 'categorical'),
    ]


def main():
    header = '''/**
 * Expected values computed by scipy for the drift statistics' tests. GENERATED by
 * make-fixtures.py (python %s, numpy %s, scipy %s); do not edit by hand.
 * Calls: scipy.stats.ks_2samp(reference, current) (two-sided, method 'auto');
 * scipy.stats.kstwo.sf(x, n); scipy.stats.chi2_contingency([ref, cur], correction=False) after
 * dropping all-zero categories; scipy.special.chdtrc(dof, x);
 * scipy.stats.wasserstein_distance(u, v); scipy.spatial.distance.jensenshannon(p, q, base=2);
 * Evidently's get_binned_data reproduced with numpy.histogram_bin_edges(bins='sturges') and
 * numpy.histogram (see make-fixtures.py), PSI = sum((ref - cur) * log(ref / cur)).
 * A sample written as { n, a, scale, offset } is ((i * a) %% 1) * scale + offset, i = 0..n-1.
 */
import type {
  BinnedCase,
  Chi2Case,
  JsCase,
  KsCase,
  WassersteinCase,
} from './fixture-types';

''' % (sys.version.split()[0], np.__version__, scipy.__version__)
    parts = [header]
    sections = [
        ('KS_CASES', 'KsCase', ks_cases()),
        ('KSTWO_SF', '[x: number, n: number, sf: number]', kstwo_grid()),
        ('CHI2_CASES', 'Chi2Case', chi2_cases()),
        ('CHDTRC', '[x: number, dof: number, q: number]', chi2_grid()),
        ('WASSERSTEIN_CASES', 'WassersteinCase', wasserstein_cases()),
        ('JS_CASES', 'JsCase', js_cases()),
        ('BINNED_CASES', 'BinnedCase', binned_cases()),
    ]
    for name, typ, rows in sections:
        parts.append('export const %s: %s[] = [\n%s];\n\n' % (name, typ, ''.join(rows)))
    with open('scipy-fixtures.ts', 'w') as f:
        f.write(''.join(parts).rstrip() + '\n')


main()
