import type { MetricConfig } from '../../metric-registry';

/** Share of rows whose class is predicted right (sklearn's accuracy_score). */
export const accuracy: MetricConfig = {
  name: 'accuracy',
  label: 'accuracy',
  tasks: ['binary', 'multiclass'],
  higherIsBetter: true,
  format: 'percent',
  headline: true,
  read: (metrics) => metrics.accuracy,
};
