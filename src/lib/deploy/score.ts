/** `scoreTable` with tf.js's `predict` on the active backend (int8 on our kernels or the CPU). */
import type { Table } from '../data/table';
import { predict } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { scoreTableWith, type ScoreOptions, type ScoreResult } from './score-table';

export function scoreTable(
  model: TrainedModel,
  table: Table,
  options: Partial<ScoreOptions> = {},
): Promise<ScoreResult> {
  return scoreTableWith(model, table, { predictor: predict, ...options });
}
