import type { MetricConfig } from '../../metric-registry';

/** Cross-entropy of the true class (sklearn's log_loss). */
export const logLoss: MetricConfig = {
  name: 'logLoss',
  label: 'log loss',
  tasks: ['binary', 'multiclass'],
  higherIsBetter: false,
  format: 'number',
  read: (metrics) => metrics.logLoss,
};
