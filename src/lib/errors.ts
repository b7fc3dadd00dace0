/**
 * The one catalogue of error codes. Every failure a user can meet has a stable `code` (for
 * scripts and tests) and a message that says what is wrong and what to do next (for people).
 */
export const ERROR_CATALOGUE = {
  empty_file: 'The file is empty.',
  binary_file: 'The file does not look like text.',
  invalid_encoding: 'The file has bytes that are not valid in its text encoding.',
  no_data_rows: 'The file has a header but no data rows.',
  table_too_large: 'The table would be too large to read.',
  unterminated_quote: 'A quoted field is never closed.',
  unknown_column: 'No column has that name.',
  target_one_class: 'The target has only one class.',
  target_not_usable: 'The target column cannot be predicted.',
  too_few_rows: 'There are too few rows to split into training and test sets.',
  no_features: 'No usable feature columns remain.',
  feature_all_missing: 'A feature column has no values.',
  non_finite_input: 'A value reaching the model is not a finite number.',
  invalid_cell: 'A value in the rows is not text, a number, a boolean or null.',
  invalid_rows: 'The rows to predict are not a table or a list of row objects.',
  prediction_not_finite: "The model's output is not a finite number.",
  training_diverged: 'Training diverged.',
  invalid_spec: 'A training setting is out of range.',
  invalid_search_options: 'A hyperparameter search setting is out of range.',
  invalid_explain_options: 'An explanation setting is out of range.',
  no_explain_rows: 'There are no labelled rows to explain the model on.',
  weak_passphrase: 'The passphrase is too short.',
  invalid_mask_options: 'A masking setting is not valid.',
  wrong_passphrase: 'That passphrase does not unlock this workspace.',
  data_tampered: 'Stored data failed its integrity check.',
  workspace_locked: 'The workspace is locked.',
  passphrase_mismatch: 'The two passphrases differ.',
  encryption_state: 'Encryption is already on, or already off, for this workspace.',
  backup_encrypted: 'The backup is encrypted and needs its passphrase.',
  backend_unavailable: 'That compute backend is not available here.',
  aborted: 'The work was cancelled.',
  worker_crashed: 'The background worker stopped unexpectedly.',
  storage_unavailable: 'This browser does not let the workbench store data.',
  storage_blocked: 'Another tab holds the workbench storage open.',
  registry_closed: 'The model registry was closed.',
  storage_newer: 'The stored models were upgraded by a newer version of the workbench.',
  quota_exceeded: 'There is not enough storage space to save this.',
  version_not_found: 'No saved model version has that id.',
  project_not_found: 'No project has that id.',
  invalid_model: 'That is not a valid model.',
  dataset_mismatch: 'The table is not the one the model was trained on.',
  split_not_recorded: 'The model does not record how its training rows were split.',
  registry_corrupt: 'A record in the model storage is damaged.',
  backup_corrupt: 'The backup file is damaged.',
  backup_foreign: 'The file is not a workbench backup.',
  backup_truncated: 'The backup file is incomplete.',
  backup_newer: 'The backup was made by a newer version of the workbench.',
  backup_too_large: 'The backup file exceeds the sizes the workbench reads.',
  no_dataset: 'No dataset is loaded yet.',
  no_trained_model: 'There is no trained model to save yet.',
  unsupported_file: 'The workbench cannot open that kind of file.',
  not_yet_supported: 'The workbench cannot do that yet.',
  invalid_stage: 'That is not a stage (none, staging, production or archived).',
  reference_not_found: 'That version has no reference data.',
  reference_too_large: "The version's reference data is larger than a version may store.",
  internal: 'Something went wrong inside the workbench.',
  already_quantized: 'The model is already quantized.',
  no_calibration_rows: 'The calibration table has no rows to check the quantized model on.',
  quantization_too_lossy: 'No layer can be quantized without losing too much accuracy.',
  invalid_quantization_options: 'A quantization setting is out of range.',
  prune_needs_float: 'Only a float32 model can be pruned.',
  invalid_prune_options: 'A pruning setting is out of range.',
  no_prune_rows: 'The data has no training or test rows to prune the model with.',
  export_unsupported: 'The model cannot be exported in that format.',
  invalid_export_options: 'That is not an export format (tfjs, onnx or bundle).',
  export_check_failed: 'The exported model did not predict what the workbench predicts.',
  model_file_corrupt: 'The model file is damaged.',
  model_file_foreign: 'The file is not a model the workbench can import.',
  model_file_too_large: 'The model file exceeds the sizes the workbench reads.',
  model_layer_unsupported: 'The model uses a layer the workbench cannot run.',
  column_mistyped: 'A column holds another kind of value than the model was trained on.',
  kernel_too_large: 'The tensor is larger than this GPU can process at once.',
  gpu_lost: 'The GPU device was lost.',
  invalid_log_entry: 'What was given to log is not a table with one prediction per row.',
  invalid_log_options: 'A prediction log setting is out of range.',
  prediction_log_invalid: "The file is not a prediction log in predict.mjs's format.",
  prediction_log_mismatch: 'The prediction log was written by another model than this version.',
  invalid_drift_options: 'A drift setting is out of range or does not fit the column.',
  invalid_decision: 'That decision cannot be recorded.',
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** A failure with a stable code, a human message, and what to try next. */
export class WorkbenchError extends Error {
  override readonly name = 'WorkbenchError';
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint ?? '';
    this.details = options.details ?? {};
  }

  /** A plain object that survives structured clone (postMessage drops Error subclasses). */
  toJSON(): SerializedError {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint: string;
  details: Record<string, unknown>;
}

/** True for anything that quacks like a serialized WorkbenchError. */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && code in ERROR_CATALOGUE;
}

/** Turns any thrown value into a WorkbenchError, keeping codes that are already ours. */
export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  if (isSerializedError(error)) {
    return new WorkbenchError(error.code, error.message, {
      hint: error.hint,
      details: error.details,
    });
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new WorkbenchError('aborted', ERROR_CATALOGUE.aborted);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WorkbenchError('internal', `${ERROR_CATALOGUE.internal} ${message}`, {
    hint: 'Reload the page and try again; if it happens again, please report it.',
    cause: error,
  });
}
