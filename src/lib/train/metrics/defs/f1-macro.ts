import type { MetricConfig } from '../../metric-registry';

/** Unweighted mean F1 over the classes (sklearn's f1_score, average='macro'). */
export const f1Macro: MetricConfig = {
  // The key under which version records keep it.
  name: 'f1Macro',
  label: 'macro F1',
  tasks: ['binary', 'multiclass'],
  higherIsBetter: true,
  format: 'number',
  read: (metrics) => metrics.macro?.f1,
};
