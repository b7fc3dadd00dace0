/** `compareModels` with tf.js's `predict` on the active backend. */
import type { Table } from '../data/table';
import { predict } from '../train/predict';
import type { TrainedModel } from '../train/types';
import { compareModelsWith, type CompareOptions, type ModelComparison } from './compare-models';

export function compareModels(
  champion: TrainedModel,
  challenger: TrainedModel,
  table: Table,
  options: Partial<CompareOptions> = {},
): Promise<ModelComparison> {
  return compareModelsWith(champion, challenger, table, { predictor: predict, ...options });
}
