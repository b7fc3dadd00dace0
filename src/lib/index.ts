/**
 * The public headless API: the UI, the workers, the tests and scripting users all go through
 * these functions. Names here are a contract; add freely, rename never.
 */
import { setGpuRunnerProvider } from './kernels/active';
import { runnerOnTfjsDevice } from './kernels/tfjs-device';

// Everything that needs no tfjs lives in page.ts (the page imports that); this adds the rest.
export * from './page';

export { trainModel } from './train/train-model';
export { predict } from './train/predict';
export { probeBackends, activateBackend, backendReady } from './backends/backends';
export { measureBackends, MEASURE_PRESETS } from './backends/measure';
export { toTfjsArtifacts } from './export/tfjs-artifacts';
export { exportModel } from './export/export-model';
export { scoreTable } from './deploy/score';
export { retrainModel, retrainTables, trainChallenger } from './compare/retrain';
export type { RetrainOptions, RetrainTables } from './compare/retrain';
export { compareModels } from './compare/compare';
export {
  pruneModel,
  type PrunedModel,
  type PruneOptions,
  type PruningInfo,
  type PruningSchedule,
  type PruningScheduleOptions,
  type PruningScope,
  type PrunedLayer,
  type PruneData,
} from './prune/prune-model';
export { searchHyperparameters } from './search/search';
export type {
  SearchOptions,
  SearchParams,
  SearchProgress,
  SearchResult,
  SearchRung,
  SearchSpace,
  SearchSpec,
  SearchStrategyName,
  SearchTrial,
  SearchTrialStatus,
} from './search/types';
export { runnerOnTfjsDevice } from './kernels/tfjs-device';

// Quantization and int8 inference use our WGSL kernels on tf.js's device when it runs webgpu.
setGpuRunnerProvider(runnerOnTfjsDevice);
