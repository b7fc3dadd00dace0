import type { MetricConfig } from '../../metric-registry';

/** Coefficient of determination (sklearn's r2_score). */
export const r2: MetricConfig = {
  name: 'r2',
  label: 'R²',
  tasks: ['regression'],
  higherIsBetter: true,
  format: 'number',
  headline: true,
  read: (metrics) => metrics.r2,
};
