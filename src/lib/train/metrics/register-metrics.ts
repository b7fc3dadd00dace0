/**
 * Every built-in metric, in the order panels and comparisons show them; the registry registers
 * them in one loop, as tf.js's register_all_kernels.ts does. Adding a metric is adding a file
 * in `defs/` and a line here.
 */
import type { MetricConfig } from '../metric-registry';
import { accuracy } from './defs/accuracy';
import { f1Macro } from './defs/f1-macro';
import { logLoss } from './defs/log-loss';
import { mae } from './defs/mae';
import { r2 } from './defs/r2';
import { rmse } from './defs/rmse';
import { rocAuc } from './defs/roc-auc';

export const METRIC_CONFIGS: readonly MetricConfig[] = [
  accuracy,
  f1Macro,
  rocAuc,
  logLoss,
  r2,
  rmse,
  mae,
];
