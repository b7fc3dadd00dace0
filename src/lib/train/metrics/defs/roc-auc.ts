import type { MetricConfig } from '../../metric-registry';

/** Binary AUC, or macro one-vs-rest AUC (sklearn's roc_auc_score); absent when undefined. */
export const rocAuc: MetricConfig = {
  name: 'rocAuc',
  label: 'ROC-AUC',
  tasks: ['binary', 'multiclass'],
  higherIsBetter: true,
  format: 'number',
  // null when a class it needs is absent from the truth: nothing to show.
  read: (metrics) => metrics.rocAuc ?? undefined,
};
