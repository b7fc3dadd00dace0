/**
 * The lib for code that runs in the page: everything of `./index` that does not need tfjs
 * (registry and reference data, reading and profiling data, errors, formats, zip, storage...).
 * Training, predicting and measuring backends pull in tfjs: the page reaches them through the
 * worker, or loads `./index` on demand. A test walks this module's static imports and fails if
 * any reaches '@tensorflow/', or if an export of `./index` that needs no tfjs is missing here.
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
  VersionLatency,
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
export { measureLatency, latencyRows, LATENCY_ROWS } from './deploy/latency';
export { compressedWeightBytes } from './model/compressed-size';
export { paretoFront, paretoPoints, PRUNED_TAG } from './optimize/pareto';
export { DEFAULT_SEARCH_SPACE } from './search/space';
export { detectPersonalData } from './privacy/detect';
export type { DetectOptions, PersonalDataFinding } from './privacy/detect';
export { DETECTORS, luhnValid, ibanValid } from './privacy/detectors';
export {
  createWorkspaceKey,
  unlockWorkspaceKey,
  changePassphrase,
  seal as sealBytes,
  open as openSealed,
  KDF,
  CIPHER,
} from './privacy/crypto';
export type { WrappedKey } from './privacy/crypto';
export { maskTable, newMaskSalt } from './privacy/mask';
export { isSealedBackup, MAX_SEALED_BACKUP_BYTES } from './registry/backup-sealed';
export { DEFAULT_IDLE_LOCK_SECONDS, IDLE_LOCK_BOUNDS } from './registry/encryption';
export type { EncryptionStatus } from './registry/vault';
export type { ColumnMask, MaskMethod } from './privacy/mask';
export type { PersonalDataDetector, PersonalDataKind } from './privacy/detectors';
export { explainModel } from './explain/importance';
export type {
  ExplainModelOptions,
  FeatureImportance,
  ModelExplanation,
} from './explain/importance';
export { explainPrediction } from './explain/prediction';
export type {
  Attribution,
  ExplainPredictionOptions,
  PredictionExplanation,
} from './explain/prediction';
export { partialDependence } from './explain/partial-dependence';
export type { PartialDependence, PartialDependenceOptions } from './explain/partial-dependence';
export type { ExplainData } from './explain/rows';
export type { ParetoPoint, OptimizationKind } from './optimize/pareto';

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

export { importModel } from './export/import-model';

export { toOnnx, onnxInterface, ONNX_IR_VERSION, ONNX_OPSET } from './export/onnx/to-onnx';
export type { OnnxInterface } from './export/onnx/to-onnx';
export { onnxInputs } from './export/onnx/onnx-inputs';
export type { OnnxInputs } from './export/onnx/onnx-inputs';
export { dateParts, DATE_PARTS } from './export/onnx/date-parts';
export { verifyOnnx } from './export/verify-onnx';
export type { OnnxRuntimeLike } from './export/verify-onnx';
export { modelCard, modelCardMarkdown, CARD_FORMAT } from './export/model-card';
export type { ModelCard, CardImportance, CardOptions, OnnxVerification } from './export/model-card';
export { BUNDLE_FORMAT, BUNDLE_FILES } from './export/bundle-format';
export type { BundleManifest, BundleFileEntry } from './export/bundle-format';
export { bundleFileName } from './export/bundle-name';
export { WORKBENCH_VERSION } from './version';
export { preprocessJson, PREPROCESS_FORMAT } from './export/preprocess-json';
export type { PreprocessJson } from './export/preprocess-json';
export * from './kernels/index';
export { scoreTableWith } from './deploy/score-table';
export type { ScoreFailure, ScoreOptions, ScoreResult } from './deploy/score-table';
export { scoredCsv, scoredCsvParts, csvField, csvText } from './deploy/scored-csv';
export { checkScoringColumns } from './deploy/check-columns';
export { predictionForm, checkField } from './deploy/prediction-form';
export type { FormField, FieldCheck } from './deploy/prediction-form';

export { DEFAULT_LOG_RETENTION, RETENTION_LIMITS } from './prediction-log/types';
export type {
  LogSource,
  LogRetention,
  LogBatchRecord,
  LogWriteResult,
  PredictionLog,
  PredictionLogEntry,
  PredictionLogQuery,
  PredictionLogStats,
  DamagedLogBatch,
} from './prediction-log/types';
export type { PredictionLogImport, ImportLogOptions } from './prediction-log/import-log';
export { predictionLogCsv } from './prediction-log/log-csv';

export { detectDrift } from './drift/detect-drift';
export { DRIFT_TESTS } from './drift/types';
export type {
  DriftTest,
  DriftKind,
  DriftOptions,
  ColumnDriftOptions,
  ColumnDrift,
  DriftFlags,
  DriftReport,
} from './drift/types';
export { monitorDrift } from './monitor/monitor';
export { autoWindowing, windowRanges } from './monitor/windows';
export type {
  MonitorOptions,
  MonitorReport,
  MonitorWindow,
  MonitorWindowing,
  WindowPerformance,
} from './monitor/types';
export type { FeatureDistribution } from './monitor/distributions';
export { evaluateAlerts, DEFAULT_ALERT_RULES } from './monitor/alerts';
export type { AlertRules, AlertKind, MonitorAlert } from './monitor/alerts';
export { monitorReportHtml, type ReportContext } from './monitor/report/report-html';
export type { LabelJoin } from './prediction-log/join-labels';
export { concatTables } from './data/concat-tables';
export { compareModelsWith } from './compare/compare-models';
export type {
  CompareOptions,
  ModelComparison,
  ModelResult,
  SliceResult,
  SignificanceTest,
} from './compare/compare-models';
export { mcnemarTest, pairedBootstrap } from './compare/statistics/index';
export { projectTimeline } from './improve/timeline';
export type { TimelineEvent } from './improve/timeline';
export { DECISION_KINDS } from './improve/decision-types';
export type {
  DecisionKind,
  DecisionRecord,
  DecisionInput,
  DecisionComparison,
} from './improve/decision-types';
export { DEFAULT_IMPROVE_POLICY } from './improve/policy-store';
export type { ImprovePolicy } from './improve/policy-store';
