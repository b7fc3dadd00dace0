/**
 * `scoreTable` with tf.js on the active backend (int8 on our kernels or the CPU): the network's
 * outputs are kept columnar, with no object per row.
 */
import type { Table } from '../data/table';
import { predictOutputs } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { scoreTableWith, type ScoreOptions, type ScoreResult } from './score-table';

export function scoreTable(
  model: TrainedModel,
  table: Table,
  options: Partial<ScoreOptions> = {},
): Promise<ScoreResult> {
  return scoreTableWith(model, table, { predictor: predictOutputs, ...options });
}
