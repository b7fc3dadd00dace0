import type { MetricConfig } from '../../metric-registry';

/** Root mean squared error, in the target's units. */
export const rmse: MetricConfig = {
  name: 'rmse',
  label: 'RMSE',
  tasks: ['regression'],
  higherIsBetter: false,
  format: 'number',
  read: (metrics) => metrics.rmse,
};
