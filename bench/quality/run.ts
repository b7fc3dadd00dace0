/**
 * The quality bar of issue 4: test scores of the workbench's defaults against scikit-learn's on
 * the shared datasets, with the references' protocol (80/20 split, stratified for classes, mean
 * of 5 seeds). Runs in Node on the tf.js CPU backend: `npm run bench:quality`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { readCsv, trainModel, type ModelKind, type Table } from '../../src/lib/index';

interface Case {
  dataset: string;
  target: string;
  metric: 'accuracy' | 'r2';
  /** scikit-learn 1.2.1 references from shared/NOTES.md: logistic or linear, and MLP 64. */
  reference: Record<ModelKind, number>;
  /** Columns the references leave out; the workbench may use them ("all columns") or not. */
  referenceDrops: string[];
}

const CASES: Case[] = [
  {
    dataset: 'iris.csv',
    target: 'species',
    metric: 'accuracy',
    reference: { linear: 0.953, mlp: 0.953 },
    referenceDrops: [],
  },
  {
    dataset: 'seattle-weather.csv',
    target: 'weather',
    metric: 'accuracy',
    reference: { linear: 0.765, mlp: 0.835 },
    referenceDrops: ['date'],
  },
  {
    dataset: 'cars.csv',
    target: 'Miles_per_Gallon',
    metric: 'r2',
    reference: { linear: 0.728, mlp: 0.734 },
    referenceDrops: ['Name', 'Year'],
  },
];
const SEEDS = [1, 2, 3, 4, 5];
/** The bar: no worse than 1.5 accuracy points or 0.03 R^2 below the reference. */
const TOLERANCE = { accuracy: 0.015, r2: 0.03 };

async function meanScore(
  table: Table,
  c: Case,
  model: ModelKind,
  features?: string[],
): Promise<number> {
  let sum = 0;
  for (const seed of SEEDS) {
    const trained = await trainModel(table, {
      target: c.target,
      model,
      seed,
      ...(features ? { features } : {}),
    });
    sum += trained.metrics.test[c.metric] ?? NaN;
  }
  return sum / SEEDS.length;
}

await tf.setBackend('cpu');
const rows: string[] = [];
const results: unknown[] = [];
let failures = 0;
const started = performance.now();
for (const c of CASES) {
  const table = await readCsv(
    readFileSync(new URL(`../../public/samples/${c.dataset}`, import.meta.url)),
  );
  const sameColumns = table.columns
    .map((col) => col.name)
    .filter((n) => n !== c.target && !c.referenceDrops.includes(n));
  for (const model of ['linear', 'mlp'] as const) {
    const reference = c.reference[model];
    const bar = reference - TOLERANCE[c.metric];
    const same = await meanScore(table, c, model, sameColumns);
    const all = c.referenceDrops.length > 0 ? await meanScore(table, c, model) : same;
    // The bar applies to what a user gets: default settings, default columns.
    const pass = all >= bar;
    if (!pass) failures++;
    results.push({
      dataset: c.dataset,
      model,
      metric: c.metric,
      reference,
      sameColumns: same,
      allColumns: all,
      bar,
      pass,
    });
    rows.push(
      `| ${c.dataset} | ${model === 'linear' ? (c.metric === 'r2' ? 'linear' : 'logistic') : 'MLP (64)'} | ${c.metric} | ${reference.toFixed(3)} | ${same.toFixed(3)} | ${all.toFixed(3)} | ${(all - reference >= 0 ? '+' : '') + (all - reference).toFixed(3)} | ${pass ? 'yes' : 'NO'} |`,
    );
    console.log(rows.at(-1));
  }
}
const table = [
  '| dataset | model | metric | scikit-learn | workbench, same columns | workbench, default columns | default − sklearn | within bar |',
  '|---|---|---|---:|---:|---:|---:|:---:|',
  ...rows,
].join('\n');
console.log(
  `\nQuality vs scikit-learn (mean of ${SEEDS.length} seeds, 80/20 split, tf.js CPU backend, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);
console.log(table);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/quality.json',
  JSON.stringify({ createdAt: new Date().toISOString(), seeds: SEEDS, results }, null, 2),
);
process.exitCode = failures > 0 ? 1 : 0;
