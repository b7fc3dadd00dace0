/**
 * The Pareto points of issue 17 per shared dataset: the default model (seed 42) as trained, as
 * quantized to float16, uint8 and int8, pruned to 50% (per layer), and pruned then quantized to
 * int8; each scored on the same test rows, sized as a download (weights deflated) and timed on
 * 1,000 rows with the plain JS forward pass a deployed bundle uses. Runs in Node on the tf.js
 * CPU backend: `npx tsx bench/quality/pareto.ts`. Latency here is Node's; the app measures it
 * in the browser's worker.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import {
  compressedWeightBytes,
  latencyRows,
  measureLatency,
  paretoFront,
  pruneModel,
  quantizeModel,
  readCsv,
  trainModel,
  type QuantizationScheme,
  type TrainedModel,
} from '../../src/lib/index';

const CASES = [
  { dataset: 'iris.csv', target: 'species', metric: 'accuracy' },
  { dataset: 'seattle-weather.csv', target: 'weather', metric: 'accuracy' },
  { dataset: 'cars.csv', target: 'Miles_per_Gallon', metric: 'r2' },
] as const;
const SCHEMES: QuantizationScheme[] = ['float16', 'uint8', 'int8'];

interface Point {
  dataset: string;
  version: string;
  score: number;
  bytes: number;
  compressed: number;
  latencyMs: number;
  frontSize?: boolean;
  frontLatency?: boolean;
}

await tf.setBackend('cpu');
const points: Point[] = [];
const started = performance.now();
for (const c of CASES) {
  const table = await readCsv(
    readFileSync(new URL(`../../public/samples/${c.dataset}`, import.meta.url)),
  );
  const rows = latencyRows(table);
  const float = await trainModel(table, { target: c.target, seed: 42 });
  const pruned = await pruneModel(float, { sparsity: 0.5, data: table });
  const models: [string, TrainedModel][] = [
    ['float32', float],
    ...(await Promise.all(
      SCHEMES.map(async (scheme): Promise<[string, TrainedModel]> => [
        scheme,
        await quantizeModel(float, { scheme, calibration: table }),
      ]),
    )),
    ['pruned 50%', pruned],
    ['pruned 50% + int8', await quantizeModel(pruned, { scheme: 'int8', calibration: table })],
  ];
  const mine: Point[] = [];
  for (const [version, model] of models) {
    mine.push({
      dataset: c.dataset,
      version,
      score: model.metrics.test[c.metric] ?? NaN,
      bytes: model.bytes,
      compressed: compressedWeightBytes(model.weights),
      latencyMs: (await measureLatency(model, rows, 5)).ms,
    });
  }
  const bySize = paretoFront(
    mine,
    (p) => p.score,
    (p) => p.compressed,
  );
  const byLatency = paretoFront(
    mine,
    (p) => p.score,
    (p) => p.latencyMs,
  );
  mine.forEach((p, i) => {
    p.frontSize = bySize.has(i);
    p.frontLatency = byLatency.has(i);
  });
  points.push(...mine);
}

const lines = [
  '| dataset | version | test score | bytes | compressed | ms / 1,000 rows | front (size) | front (latency) |',
  '|---|---|---:|---:|---:|---:|:---:|:---:|',
  ...points.map(
    (p) =>
      `| ${p.dataset} | ${p.version} | ${p.score.toFixed(4)} | ${p.bytes} | ${p.compressed} | ${p.latencyMs.toFixed(2)} | ${p.frontSize ? 'yes' : ''} | ${p.frontLatency ? 'yes' : ''} |`,
  ),
];
console.log(
  `\nPareto points (seed 42, test rows, Node tf.js CPU, ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);
console.log(lines.join('\n'));
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/pareto.json',
  JSON.stringify({ createdAt: new Date().toISOString(), points }, null, 2),
);
