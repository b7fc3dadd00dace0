import { describe, expect, it } from 'vitest';
import type { Table } from '../data/table';
import { categoryColumn, numberColumn } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { detectDrift } from './detect-drift';
import { chiSquareHomogeneity, ksTwoSample, wassersteinDistance } from './statistics/index';

/** mulberry32: a small seeded generator, so every scenario is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal draws (Box-Muller). */
function normals(count: number, seed: number, mean = 0, sd = 1): number[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const u = 1 - next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  });
}

/** Categories drawn with these weights. */
function draws(count: number, seed: number, weights: number[]): number[] {
  const next = random(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: count }, () => {
    let r = next() * total;
    return weights.findIndex((w) => (r -= w) < 0);
  });
}

const CATEGORIES = ['red', 'green', 'blue', 'violet'];

function table(x: number[], colour: number[]): Table {
  return {
    rowCount: x.length,
    columns: [
      numberColumn('x', x.length, (i) => x[i] ?? NaN),
      categoryColumn('colour', colour.length, (i) => colour[i] ?? -1, CATEGORIES),
    ],
    issues: [],
  };
}

describe('detectDrift', () => {
  it('uses ks and chi2 on small samples, with the statistics scipy gives', async () => {
    const reference = table(normals(300, 1), draws(300, 2, [5, 3, 2]));
    const current = table(normals(200, 3, 0.5), draws(200, 4, [5, 3, 2]));
    const report = await detectDrift(reference, current);
    const [x, colour] = report.columns;
    const ks = ksTwoSample(normals(300, 1), normals(200, 3, 0.5));
    expect(x).toMatchObject({
      name: 'x',
      kind: 'numeric',
      test: 'ks',
      threshold: 0.05,
      drifted: true,
    });
    expect(x?.statistic).toBe(ks.statistic);
    expect(x?.pValue).toBe(ks.pValue);
    expect(colour).toMatchObject({ kind: 'categorical', test: 'chi2', drifted: false });
    const counts = (codes: number[]) => [0, 1, 2].map((c) => codes.filter((v) => v === c).length);
    const chi2 = chiSquareHomogeneity(
      counts(draws(300, 2, [5, 3, 2])),
      counts(draws(200, 4, [5, 3, 2])),
    );
    expect(colour?.statistic).toBeCloseTo(chi2.statistic, 12);
    expect(colour?.psi?.band).toBe('none');
    expect(report).toMatchObject({
      share: 0.5,
      drifted: true,
      shareThreshold: 0.5,
      referenceRows: 300,
    });
  });

  it('uses the normed Wasserstein distance and Jensen-Shannon above 1,000 reference rows', async () => {
    const ref = normals(5000, 5, 10, 2);
    const cur = normals(3000, 6, 10.5, 2);
    const report = await detectDrift(
      table(ref, draws(5000, 7, [1, 1, 1])),
      table(cur, draws(3000, 8, [1, 1, 2])),
    );
    const [x, colour] = report.columns;
    const mean = ref.reduce((a, b) => a + b, 0) / ref.length;
    const std = Math.sqrt(ref.reduce((a, b) => a + (b - mean) ** 2, 0) / ref.length);
    expect(x).toMatchObject({ test: 'wasserstein', threshold: 0.1, pValue: null, drifted: true });
    expect(x?.statistic).toBeCloseTo(wassersteinDistance(ref, cur) / std, 12);
    expect(x?.statistic).toBeCloseTo(0.25, 1);
    expect(colour).toMatchObject({ test: 'jensenshannon', drifted: true });
  });

  it('detects a mean shift, a variance change, a new category and a label flip', async () => {
    const base = normals(500, 11);
    const colours = draws(500, 12, [6, 3, 1]);
    const cases: [string, Table, string][] = [
      ['mean shift', table(normals(500, 13, 0.4), colours), 'x'],
      ['variance change', table(normals(500, 14, 0, 1.8), colours), 'x'],
      ['new category', table(base, draws(500, 15, [5, 3, 1, 1])), 'colour'],
      // A label flip: the classes' shares swap (80/20 becomes 20/80).
      ['label flip', table(base, draws(500, 16, [1, 4, 0])), 'colour'],
    ];
    const reference = table(base, draws(500, 17, [4, 1, 0]));
    for (const [scenario, current, column] of cases) {
      const ref = scenario === 'label flip' ? reference : table(base, colours);
      const drift = (await detectDrift(ref, current)).columns.find((c) => c.name === column);
      expect(drift?.drifted, scenario).toBe(true);
    }
    const unseen = (await detectDrift(table(base, colours), cases[2]![1])).columns[1]?.flags;
    expect(unseen?.unseenCategories).toMatchObject({ values: ['violet'] });
    expect(unseen?.unseenCategories?.rows).toBeGreaterThan(20);
  });

  it('raises a false alarm about 5% of the time when nothing shifted (400 seeds)', async () => {
    let ks = 0;
    let chi2 = 0;
    const seeds = 400;
    for (let seed = 0; seed < seeds; seed++) {
      const report = await detectDrift(
        table(normals(200, 1000 + seed), draws(200, 3000 + seed, [3, 2, 1])),
        table(normals(150, 2000 + seed), draws(150, 4000 + seed, [3, 2, 1])),
      );
      if (report.columns[0]?.drifted) ks++;
      if (report.columns[1]?.drifted) chi2++;
    }
    // 5% of 400 is 20; a binomial count lies within 8 to 34 with probability above 0.999.
    for (const alarms of [ks, chi2]) {
      expect(alarms).toBeGreaterThanOrEqual(8);
      expect(alarms).toBeLessThanOrEqual(34);
    }
  }, 30_000);

  it('flags a jump in the missing rate and values outside the reference range', async () => {
    const x = normals(400, 21);
    const current = x.map((v, i) => (i % 4 === 0 ? NaN : i === 1 ? 99 : i === 2 ? -99 : v));
    const report = await detectDrift(
      table(x, draws(400, 22, [1, 1])),
      table(current, draws(400, 23, [1, 1])),
    );
    const flags = report.columns[0]?.flags;
    expect(flags?.missingRate).toEqual({ reference: 0, current: 0.25, jumped: true });
    expect(flags?.outOfRange).toEqual({ below: 1, above: 1, share: 2 / 300 });
  });

  it('takes a test and threshold per column, and refuses what does not fit', async () => {
    const reference = table(normals(300, 31), draws(300, 32, [1, 1]));
    const current = table(normals(300, 33), draws(300, 34, [1, 1]));
    const report = await detectDrift(reference, current, {
      perColumn: { x: { test: 'psi', threshold: 0.2 }, colour: { test: 'jensenshannon' } },
      columns: ['colour', 'x'],
    });
    expect(report.columns.map((c) => [c.name, c.test, c.threshold])).toEqual([
      ['colour', 'jensenshannon', 0.1],
      ['x', 'psi', 0.2],
    ]);
    expect(report.columns[1]?.statistic).toBe(report.columns[1]?.psi?.value);
    const bad: [Parameters<typeof detectDrift>[2], string][] = [
      [{ perColumn: { colour: { test: 'ks' } } }, 'invalid_drift_options'],
      [{ perColumn: { x: { test: 'nope' as never } } }, 'invalid_drift_options'],
      [{ share: 0 }, 'invalid_drift_options'],
      [{ columns: ['y'] }, 'unknown_column'],
      [{ signal: AbortSignal.abort() }, 'aborted'],
    ];
    for (const [options, code] of bad) {
      expect((await refusal(detectDrift(reference, current, options))).code).toBe(code);
    }
    expect((await refusal(detectDrift({ rows: [] } as never, current))).code).toBe(
      'invalid_drift_options',
    );
  });

  it('says so when a side has no values, and leaves the column out of the verdict', async () => {
    const report = await detectDrift(
      table(normals(50, 41), draws(50, 42, [1, 1])),
      table(new Array<number>(30).fill(NaN), draws(30, 43, [1, 1])),
    );
    expect(report.columns[0]).toMatchObject({
      statistic: null,
      drifted: false,
      note: 'The current rows have no values in this column.',
    });
    expect(report.share).toBe(0);
  });
});
