import type { MetricConfig } from '../../metric-registry';

/** Mean absolute error, in the target's units (sklearn's mean_absolute_error). */
export const mae: MetricConfig = {
  name: 'mae',
  label: 'MAE',
  tasks: ['regression'],
  higherIsBetter: false,
  format: 'number',
  read: (metrics) => metrics.mae,
};
