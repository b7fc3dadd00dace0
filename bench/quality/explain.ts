/**
 * How long explanations take on the shared datasets (issue 18): permutation importance of the
 * whole model (10 repeats on its validation rows), one prediction's Shapley values (against
 * 100 background rows, exact), and one feature's partial dependence (20 grid points x 100 rows),
 * for the default MLP (seed 42). Runs in Node on the tf.js CPU backend (the explanations
 * themselves use no tf.js): `npx tsx bench/quality/explain.ts`.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import {
  explainModel,
  explainPrediction,
  partialDependence,
  readCsv,
  trainModel,
} from '../../src/lib/index';

const CASES = [
  { dataset: 'iris.csv', target: 'species' },
  { dataset: 'seattle-weather.csv', target: 'weather' },
  { dataset: 'cars.csv', target: 'Miles_per_Gallon' },
] as const;

/** The median of `runs` timed calls, in ms. */
async function time(work: () => Promise<unknown>, runs = 5): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? NaN;
}

await tf.setBackend('cpu');
const lines = [
  '| dataset | features | validation rows | importance (10 repeats) | one prediction (exact SHAP, 100 background rows) | partial dependence (20 × 100) | largest additivity error |',
  '|---|---:|---:|---:|---:|---:|---:|',
];
for (const c of CASES) {
  const table = await readCsv(
    readFileSync(new URL(`../../public/samples/${c.dataset}`, import.meta.url)),
  );
  const model = await trainModel(table, { target: c.target, seed: 42 });
  const importance = await explainModel(model, table);
  const feature = importance.features[0]?.column ?? '';
  let worst = 0;
  for (let row = 0; row < table.rowCount; row += Math.ceil(table.rowCount / 20)) {
    const e = await explainPrediction(model, table, { row });
    const sum = e.baseline + e.attributions.reduce((s, a) => s + a.value, 0);
    worst = Math.max(worst, Math.abs(sum - e.prediction) / Math.max(1, Math.abs(e.prediction)));
  }
  const whole = await time(() => explainModel(model, table));
  const one = await time(() => explainPrediction(model, table, { row: 5 }));
  const pd = await time(() => partialDependence(model, table, { feature }));
  lines.push(
    `| ${c.dataset} | ${model.preprocessing.steps.length} | ${importance.rows} | ${whole.toFixed(1)} ms | ${one.toFixed(1)} ms | ${pd.toFixed(1)} ms | ${worst.toExponential(1)} |`,
  );
}
console.log('\nExplanation times (median of 5, Node, plain JS forward pass)\n');
console.log(lines.join('\n'));
