/**
 * The four timed paths of the scoring benchmark, on the active tf.js backend: raw tf.js
 * `predict` on an input matrix built beforehand, `scoreTable` end to end, `scoreTable` with its
 * result logged into the prediction log (IndexedDB), and `scoreTable` with the scored CSV written
 * into a Blob (what the Deploy screen's worker does after reading).
 */
import * as tf from '@tensorflow/tfjs';
import {
  scoreTable,
  scoredCsv,
  transformRows,
  type Registry,
  type Table,
  type TrainedModel,
} from '../src/lib/index';
import { dequantizeWeight } from '../src/lib/model/weight-dtypes';
import { buildNetwork } from '../src/lib/train/build-model';

/** scoreTable's batch, and the raw path's. */
export const BATCH_ROWS = 8192;

/** The model's network built and given its weights once, as `predict` does per call. */
export interface RawNetwork {
  network: tf.Sequential;
  width: number;
  dispose(): void;
}

export function rawNetwork(model: TrainedModel): RawNetwork {
  const network = buildNetwork(model.architecture, 0);
  const weights = model.weights.map((w) => tf.tensor(dequantizeWeight(w), [...w.shape]));
  network.setWeights(weights);
  return {
    network,
    width: model.architecture.inputWidth,
    dispose() {
      network.dispose();
      tf.dispose(weights);
    },
  };
}

export const rowRange = (start: number, count: number): Uint32Array =>
  Uint32Array.from({ length: count }, (_, i) => start + i);

/** Every row preprocessed, row-major: the raw path's input, built before its clock starts. */
export function inputMatrix(model: TrainedModel, table: Table): Float32Array {
  return transformRows(model.preprocessing, table, rowRange(0, table.rowCount));
}

/**
 * Raw tf.js: `predict(tensor2d(batch))` and `data()` per batch of the prepared matrix. Returns
 * the first batch's outputs (to check that both paths compute the same thing).
 */
export async function rawPredict(raw: RawNetwork, matrix: Float32Array): Promise<Float32Array> {
  const rows = matrix.length / raw.width;
  let first: Float32Array = new Float32Array(0);
  for (let start = 0; start < rows; start += BATCH_ROWS) {
    const count = Math.min(BATCH_ROWS, rows - start);
    const batch = matrix.subarray(start * raw.width, (start + count) * raw.width);
    const output = tf.tidy(
      // One pass per batch, as the workbench does (predict's default passes 32 rows at a time).
      () =>
        raw.network.predict(tf.tensor2d(batch, [count, raw.width]), {
          batchSize: count,
        }) as tf.Tensor,
    );
    const values = (await output.data()) as Float32Array;
    output.dispose();
    if (start === 0) first = values;
  }
  return first;
}

/** `scoreTable` end to end; throws unless every row was scored. */
export async function ours(model: TrainedModel, table: Table): ReturnType<typeof scoreTable> {
  const result = await scoreTable(model, table, { batchRows: BATCH_ROWS });
  if (result.scored !== table.rowCount) {
    throw new Error(`scoreTable scored ${result.scored} of ${table.rowCount} rows`);
  }
  return result;
}

/**
 * `scoreTable`, then `scoredCsv` joined into a Blob, as the Deploy screen's worker does; the
 * Blob's size and the CSV part's own time.
 */
export async function oursCsv(
  model: TrainedModel,
  table: Table,
): Promise<{ bytes: number; csvMs: number }> {
  const result = await ours(model, table);
  const start = performance.now();
  const blob = new Blob(scoredCsv(model, table, result), { type: 'text/csv' });
  return { bytes: blob.size, csvMs: performance.now() - start };
}

/** Where the log path writes: the bench's own registry and the version of its model. */
export interface LogTarget {
  registry: Registry;
  versionId: string;
  /** The database's name, deleted after the bench. */
  name: string;
}

type Scored = Awaited<ReturnType<typeof scoreTable>>;

/** `logPredictions` of a whole `scoreTable` result; throws unless every scored row was kept. */
export async function logResult(
  target: LogTarget,
  table: Table,
  result: Scored,
  latencyMs: number,
): Promise<void> {
  const { versionId, registry } = target;
  const predictions = result.outputs;
  const written = await registry.logPredictions({ versionId, table, predictions, latencyMs });
  if (written.rows !== result.scored || written.trimmed.rows > 0) {
    throw new Error(
      `logPredictions logged ${written.rows} of ${result.scored} rows and retention removed ` +
        `${written.trimmed.rows}`,
    );
  }
}

/**
 * `scoreTable`, then `logPredictions` of its whole result (latency: the scoring time), awaited
 * until IndexedDB has committed it; the logging part's own time.
 */
export async function oursLog(
  model: TrainedModel,
  table: Table,
  target: LogTarget,
): Promise<{ logMs: number }> {
  const start = performance.now();
  const result = await ours(model, table);
  const scored = performance.now();
  await logResult(target, table, result, scored - start);
  return { logMs: performance.now() - scored };
}
