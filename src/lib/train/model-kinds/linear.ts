import type { ModelKindConfig } from './registry';

/**
 * Linear, logistic or softmax regression: no hidden layer, so the output layer alone (its
 * activation follows the task). Hidden widths and dropout in the spec are ignored.
 */
export const linear: ModelKindConfig = {
  kind: 'linear',
  label: 'linear / logistic regression',
  settings: [],
  layers: () => ({ hidden: [], dropout: 0 }),
};
