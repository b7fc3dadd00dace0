/**
 * The quality bar of issue 17 for pruning: the default model on iris, seattle-weather and cars,
 * 3 seeds each, pruned to 50% sparsity (layer and global scope) with the default fine-tuning,
 * scored before and after on the same test rows. The bar: at most 0.5 accuracy points lost on
 * average on iris and seattle-weather. Runs in Node on the tf.js CPU backend:
 * `npx tsx bench/quality/prune.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { pruneModel, readCsv, trainModel, type PruningScope } from '../../src/lib/index';

interface Case {
  dataset: string;
  target: string;
  metric: 'accuracy' | 'r2';
  /** Whether the 0.5-point bar applies (accuracy datasets). */
  barred: boolean;
}

const CASES: Case[] = [
  { dataset: 'iris.csv', target: 'species', metric: 'accuracy', barred: true },
  { dataset: 'seattle-weather.csv', target: 'weather', metric: 'accuracy', barred: true },
  { dataset: 'cars.csv', target: 'Miles_per_Gallon', metric: 'r2', barred: false },
];
const SEEDS = [1, 2, 3];
const SCOPES: PruningScope[] = ['layer', 'global'];
const SPARSITY = 0.5;
/** Accuracy points (percent) a 50% pruned model may lose on average. */
const BAR_POINTS = 0.5;

interface Result {
  dataset: string;
  seed: number;
  scope: PruningScope;
  metric: Case['metric'];
  testRows: number;
  before: number;
  after: number;
  /**
   * The same fine-tuning at sparsity 0: what the extra epochs alone do, so that a gain from
   * fine-tuning is not read as a gain from pruning.
   */
  control: number;
  /** Percentage points (accuracy) or R^2 x 100 lost; negative is a gain. */
  pointsLost: number;
  compressedBefore: number;
  compressedAfter: number;
  achievedSparsity: number;
  seconds: number;
}

await tf.setBackend('cpu');
const results: Result[] = [];
const started = performance.now();
for (const c of CASES) {
  const table = await readCsv(
    readFileSync(new URL(`../../public/samples/${c.dataset}`, import.meta.url)),
  );
  for (const seed of SEEDS) {
    const model = await trainModel(table, { target: c.target, seed });
    const unpruned = await pruneModel(model, { sparsity: 0, data: table });
    const control = unpruned.metrics.test[c.metric] ?? NaN;
    for (const scope of SCOPES) {
      const t0 = performance.now();
      const pruned = await pruneModel(model, { sparsity: SPARSITY, data: table, scope });
      const seconds = (performance.now() - t0) / 1000;
      const before = pruned.pruning.parentMetrics.test[c.metric] ?? NaN;
      const after = pruned.metrics.test[c.metric] ?? NaN;
      const result: Result = {
        dataset: c.dataset,
        seed,
        scope,
        metric: c.metric,
        testRows: pruned.metrics.test.rowCount,
        before,
        after,
        control,
        pointsLost: (before - after) * 100,
        compressedBefore: pruned.pruning.parentCompressedBytes,
        compressedAfter: pruned.pruning.compressedBytes,
        achievedSparsity: pruned.pruning.achievedSparsity,
        seconds,
      };
      results.push(result);
      console.log(JSON.stringify(result));
    }
  }
}

const signed = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(2)}`;
const rows = results.map(
  (r) =>
    `| ${r.dataset} | ${r.seed} | ${r.scope} | ${r.metric} | ${r.before.toFixed(4)} | ${r.after.toFixed(4)} | ${r.control.toFixed(4)} | ${signed(r.pointsLost)} | ${r.compressedBefore} | ${r.compressedAfter} | ${r.achievedSparsity.toFixed(3)} | ${r.seconds.toFixed(1)} |`,
);
const summary: string[] = [];
let failures = 0;
for (const c of CASES) {
  for (const scope of SCOPES) {
    const runs = results.filter((r) => r.dataset === c.dataset && r.scope === scope);
    const mean = runs.reduce((sum, r) => sum + r.pointsLost, 0) / runs.length;
    const worst = Math.max(...runs.map((r) => r.pointsLost));
    const pass = !c.barred || mean <= BAR_POINTS;
    if (!pass) failures++;
    const rowPoints = 100 / (runs[0]?.testRows ?? 1);
    summary.push(
      `| ${c.dataset} | ${scope} | ${c.metric} | ${signed(mean)} | ${signed(worst)} | ${rowPoints.toFixed(2)} | ${c.barred ? (pass ? 'yes' : 'NO') : 'n/a'} |`,
    );
  }
}
console.log(
  `\nPruning to ${SPARSITY * 100}% sparsity (${SEEDS.length} seeds, default fine-tuning, tf.js CPU backend, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);
console.log(
  [
    '| dataset | seed | scope | metric | test before | test after | fine-tuned at 0% | points lost | compressed bytes before | after | sparsity | seconds |',
    '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n'),
);
console.log(
  `\nMean points lost per dataset (the bar: at most ${BAR_POINTS} accuracy points on average)\n`,
);
console.log(
  [
    '| dataset | scope | metric | mean points lost | worst run | one test row, in points | within bar |',
    '|---|---|---|---:|---:|---:|:---:|',
    ...summary,
  ].join('\n'),
);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/prune-quality.json',
  JSON.stringify({ createdAt: new Date().toISOString(), sparsity: SPARSITY, results }, null, 2),
);
process.exitCode = failures > 0 ? 1 : 0;
