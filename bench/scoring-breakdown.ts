/**
 * Where `scoreTable`'s time goes: its work (src/lib/deploy/score-table.ts, and `predict` per
 * batch in src/lib/train/predict.ts) redone here step by step over the same batches, each step
 * on its own clock. A copy of that code, not a call into it: keep the two in step.
 */
import * as tf from '@tensorflow/tfjs';
import {
  checkScoringColumns,
  transformRows,
  validateModel,
  type Table,
  type TrainedModel,
} from '../src/lib/index';
import { dequantizeWeight } from '../src/lib/model/weight-dtypes';
import { buildNetwork } from '../src/lib/train/build-model';
import { checkedTable } from '../src/lib/train/predict-inputs';
import { checkedOutputs } from '../src/lib/train/predict-outputs';
import { rowRange } from '../src/lib/deploy/score-table';
import { ScoredOutputs, type RawOutputs } from '../src/lib/deploy/scored-outputs';
import { BATCH_ROWS } from './scoring-paths';
import type { ScoringBreakdown } from './scoring-types';

type Part = Exclude<keyof ScoringBreakdown, 'otherMs' | 'oursMs' | 'csvMs' | 'logMs'>;

function partClock() {
  const parts: Record<Part, number> = {
    checksMs: 0,
    rowViewMs: 0,
    preprocessMs: 0,
    networkSetupMs: 0,
    networkMs: 0,
    outputsMs: 0,
    resultArraysMs: 0,
  };
  const time = <T>(part: Part, work: () => T): T => {
    const start = performance.now();
    const value = work();
    parts[part] += performance.now() - start;
    return value;
  };
  return { parts, time };
}

/** What `predict` builds per call: the network with the model's (dequantized) weights. */
function batchNetwork(model: TrainedModel) {
  structuredClone({
    task: model.task,
    classes: model.classes,
    targetScale: model.targetScale,
    architecture: model.architecture,
    preprocessing: model.preprocessing,
  });
  const weights = model.weights.map((w) => tf.tensor(dequantizeWeight(w), [...w.shape]));
  const network = buildNetwork(model.architecture, 0);
  network.setWeights(weights);
  return { network, weights };
}

/** One batch as `predict` scores it, each step timed. */
async function scoreBatch(
  model: TrainedModel,
  batch: Table,
  clock: ReturnType<typeof partClock>,
): Promise<RawOutputs> {
  const { time, parts } = clock;
  time('checksMs', () => {
    validateModel(model);
    checkedTable(batch, model);
  });
  const count = batch.rowCount;
  const width = model.architecture.inputWidth;
  const inputs = time('preprocessMs', () =>
    transformRows(
      model.preprocessing,
      batch,
      Array.from({ length: count }, (_, i) => i),
    ),
  );
  const { network, weights } = time('networkSetupMs', () => batchNetwork(model));
  const start = performance.now();
  // As scoreTable runs it: one pass per batch (predict's default would pass 32 rows at a time).
  const output = tf.tidy(
    () => network.predict(tf.tensor2d(inputs, [count, width]), { batchSize: count }) as tf.Tensor,
  );
  const values = (await output.data()) as Float32Array;
  const outputs = output.shape[1] ?? 1;
  output.dispose();
  parts.networkMs += performance.now() - start;
  time('networkSetupMs', () => {
    network.dispose();
    tf.dispose(weights);
  });
  const checked = time('outputsMs', () => checkedOutputs(values, outputs, 0, model));
  return { values: checked, width: outputs };
}

/**
 * Times each part of scoring `table` once; `oursMs` is the fastest timed `scoreTable`; `after`
 * holds the CSV part of the fastest timed `scoreTable` + `scoredCsv` and the logging part of the
 * fastest timed `scoreTable` + `logPredictions`.
 */
export async function scoringBreakdown(
  model: TrainedModel,
  table: Table,
  oursMs: number,
  after: Pick<ScoringBreakdown, 'csvMs' | 'logMs'>,
): Promise<ScoringBreakdown> {
  const clock = partClock();
  const { time, parts } = clock;
  const total = table.rowCount;
  const kept = time('resultArraysMs', () => new ScoredOutputs(total, model));
  time('checksMs', () => {
    validateModel(model);
    checkedTable(table, model);
    checkScoringColumns(model, table);
  });
  for (let start = 0; start < total; start += BATCH_ROWS) {
    const rows = Math.min(BATCH_ROWS, total - start);
    const batch = time('rowViewMs', () => rowRange(table, start, start + rows));
    const raw = await scoreBatch(model, batch, clock);
    time('outputsMs', () => kept.setOutputs(start, raw));
  }
  const sum = Object.values(parts).reduce((a, b) => a + b, 0);
  return { ...parts, otherMs: oursMs - sum, oursMs, ...after };
}
