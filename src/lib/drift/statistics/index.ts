/** Two-sample drift statistics, each equal to its scipy (or Evidently) counterpart. */
export { ksTwoSample, MAX_AUTO_N, type KsResult } from './ks';
export { kolmogorovSurvival } from './kolmogorov-n';
export { chiSquareHomogeneity, chiSquareSurvival, type Chi2Result } from './chi2';
export { wassersteinDistance } from './wasserstein';
export { jensenShannonDistance } from './jensen-shannon';
export { binnedPercents, DISTINCT_VALUE_LIMIT, type BinnedPercents } from './binned';
export { populationStabilityIndex, psiBand, type PsiBand } from './psi';
