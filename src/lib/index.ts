/**
 * The public headless API: the UI, the workers, the tests and scripting users all go through
 * these functions. Names here are a contract; add freely, rename never.
 */
export { WorkbenchError, ERROR_CATALOGUE, toWorkbenchError, isSerializedError } from './errors';
export type { ErrorCode, SerializedError } from './errors';

export { readCsv, DEFAULT_MISSING_MARKERS } from './data/read-csv';
export type { ReadCsvOptions, ReadProgress } from './data/read-csv';
export { findColumn } from './data/table';
export type {
  Table,
  Column,
  ColumnKind,
  ColumnStorage,
  NumericColumn,
  CategoricalColumn,
  TableIssue,
  TableSource,
} from './data/table';
export { profileTable } from './data/profile';
export type { TableProfile, ColumnProfile } from './data/profile';
export { DELIMITERS } from './data/csv/sniff';
export type { Delimiter } from './data/csv/sniff';

export { fitPreprocessing, transformRows } from './features/preprocess';
export type { Preprocessing, FeatureStep, PreprocessOptions } from './features/preprocess';
export type { Imputation } from './features/types';

export { trainModel } from './train/train-model';
export { predict } from './train/predict';
export { PauseController } from './train/pause';
export { tableFromRecords } from './train/records';
export type { RecordRow } from './train/records';
export { defaultFeatures } from './train/default-features';
export type { FeatureChoice } from './train/default-features';
export type {
  TrainSpec,
  TrainOptions,
  TrainedModel,
  ResolvedSpec,
  CrossValidation,
  Activation,
  Prediction,
  EpochReport,
  Metrics,
  Task,
  ModelKind,
} from './train/types';

export { BACKEND_NAMES, fastestBackend, isBackendName } from './backends/choice';
export type { BackendName, BackendInfo, BackendMeasurement } from './backends/choice';
export { probeBackends, activateBackend } from './backends/backends';
export { measureBackends, MEASURE_PRESETS } from './backends/measure';
export type { MeasureOptions } from './backends/measure';

export { openRegistry, Registry } from './registry/registry';
export type { VersionFilter, DamagedRecord } from './registry/registry';
export { validateModel, registerModelFormat } from './model/formats';
export type { ModelFormat } from './model/formats';
export { MODEL_LIMITS } from './model/limits';
export { openZip, ZipError, ZIP_LIMITS } from './archive/zip-reader';
export { classifyFiles } from './files/classify-files';
export type { FileRoute } from './files/classify-files';
export type { ZipArchive, ZipEntry, ZipLimits, ZipProblem } from './archive/zip-reader';
export type {
  Stage,
  ProjectRecord,
  VersionRecord,
  StageChange,
  SaveMeta,
  VersionPatch,
  RegistryOptions,
  StorableModel,
} from './registry/types';
export { STAGES } from './registry/types';
export type { BackupOptions } from './registry/backup-write';
export type { ImportSummary, ImportOptions } from './registry/backup-import';
export type { StorageEstimate } from './registry/storage';
export { estimateStorage, requestPersistence } from './registry/storage';

export { splitFor } from './train/split-for';
export { tableFingerprint } from './train/table-fingerprint';
export type { Split } from './train/split';
export {
  dequantizeWeight,
  dequantizeWeightIn,
  int32BiasScales,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  modelPrecision,
  modelWeightBytes,
  toFloat16Weight,
  weightBytes,
  weightPrecision,
} from './model/weight-dtypes';
export type {
  WeightTensor,
  WeightDtype,
  ModelPrecision,
  Float32Weight,
  Float16Weight,
  Uint8Weight,
  Int8Weight,
  QuantizedWeight,
  AffineParameters,
  SplitDescriptor,
} from './train/types';

export type { VersionDetails } from './registry/registry';
export type { Precision } from './registry/types';
export { PRECISIONS } from './registry/types';
export { summarizeTable, QUANTILE_PROBABILITIES, HISTOGRAM_BINS } from './reference/summaries';
export { DEFAULT_REFERENCE_ROWS, MAX_REFERENCE_ROWS } from './reference/sample';
export type {
  ReferenceData,
  ReferenceOptions,
  ColumnSummary,
  NumericSummary,
  CategoricalSummary,
  SplitName,
} from './reference/types';

export {
  registerMetric,
  unregisterMetric,
  getMetric,
  allMetrics,
  metricsFor,
  headlineMetric,
  formatMetric,
} from './train/metric-registry';
export type { MetricConfig, MetricFormat } from './train/metric-registry';
export {
  registerModelKind,
  unregisterModelKind,
  getModelKind,
  modelKinds,
  DEFAULT_MODEL_KIND,
} from './train/model-kinds/registry';
export type { ModelKindConfig, KindSetting } from './train/model-kinds/registry';
export { predictWithoutTfjs } from './train/forward-pass';

export { quantizeModel } from './quantize/quantize-model';
export {
  registerQuantizationScheme,
  unregisterQuantizationScheme,
  getQuantizationScheme,
  quantizationSchemes,
} from './quantize/scheme-registry';
export type {
  QuantizedModel,
  QuantizationInfo,
  QuantizationScheme,
  QuantizationMethod,
  QuantizationSchemeConfig,
  QuantizeOptions,
  WeightQuantizeOptions,
} from './quantize/types';
export type { Int32Weight } from './train/types';
export type { ActivationRange } from './quantize/types';
export { quantizeLinear } from './quantize/int8-inference';
export { toTfjsArtifacts } from './export/tfjs-artifacts';
