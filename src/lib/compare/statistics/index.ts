/** Significance tests for a challenger model against the champion on the same rows. */
export {
  mcnemarTest,
  mcnemarFromCounts,
  EXACT_BELOW,
  type McNemarOptions,
  type McNemarResult,
} from './mcnemar';
export {
  pairedBootstrap,
  type BootstrapMetric,
  type PairedBootstrapOptions,
  type PairedBootstrapResult,
} from './bootstrap';
export { mulberry32 } from './mulberry32';
export { binomialHalfCdf } from './binomial-half';
