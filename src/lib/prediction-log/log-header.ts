/**
 * A prediction log's header line, checked twice: its shape (the format, as predict.mjs writes
 * it), then against the version it is imported into, so that rows of another model are never
 * monitored as this one's. The model.onnx hash cannot be compared (a version keeps no ONNX
 * file); the task, target, feature columns and classes are what a prediction means.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import { PREDICTION_LOG_FORMAT } from '../export/prediction-log-format';
import type { FeatureStep } from '../features/types';
import { MODEL_LIMITS } from '../model/limits';
import type { Task } from '../train/types';
import { invalidLog } from './read-lines';

/** What the import needs of the version's model. */
export interface LoggedModel {
  task: Task;
  target: string;
  classes: readonly string[];
  steps: readonly FeatureStep[];
}

/** A checked header: what its batches are read with. */
export interface RunHeader {
  features: readonly string[];
  file: string | null;
  /** The scored file wrote numbers with a decimal comma (3,25). */
  decimalComma: boolean;
}

const name = v.pipe(v.string(), v.maxLength(10_000));
export const isoTime = v.pipe(
  v.string(),
  v.maxLength(100),
  v.regex(/^\d{4}-\d{2}-\d{2}(T|$)/, 'not an ISO 8601 time'),
  v.check((text) => !Number.isNaN(Date.parse(text)), 'not a time Date.parse reads'),
);

const headerSchema = v.strictObject({
  format: v.literal(PREDICTION_LOG_FORMAT),
  createdAt: isoTime,
  target: name,
  task: v.picklist(['regression', 'binary', 'multiclass'] as const satisfies readonly Task[]),
  features: v.pipe(v.array(name), v.minLength(1), v.maxLength(MODEL_LIMITS.maxColumns)),
  classes: v.pipe(v.array(name), v.maxLength(MODEL_LIMITS.maxUnits)),
  model: v.strictObject({ sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) }),
  input: v.optional(v.strictObject({ file: name })),
  decimal: v.optional(v.picklist([',', '.'])),
});

/** The first problem valibot found, as `field: why`. */
export function issueText(issues: readonly v.BaseIssue<unknown>[]): { field: string; why: string } {
  const issue = issues[0];
  return { field: (issue && v.getDotPath(issue)) || '(the line)', why: issue?.message ?? '' };
}

/** Names quoted for a message, at most five. */
function quoted(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((n) => JSON.stringify(n.slice(0, 80)));
  return shown.join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
}

function mismatch(line: number, field: string, problem: string): WorkbenchError {
  return new WorkbenchError('prediction_log_mismatch', `Line ${line}: ${field}: ${problem}.`, {
    hint: 'Import the log into the version whose bundle wrote it (the same model.onnx and preprocess.json); another model’s rows cannot be monitored as this one’s.',
    details: { line, field },
  });
}

function featuresProblem(logged: readonly string[], read: readonly string[]): string | null {
  const logSet = new Set(logged);
  const modelSet = new Set(read);
  const extra = logged.filter((f) => !modelSet.has(f));
  const absent = read.filter((f) => !logSet.has(f));
  if (extra.length > 0 && absent.length > 0) {
    return `the log has ${quoted(extra)}, the model reads ${quoted(absent)}`;
  }
  if (extra.length > 0) return `the log has ${quoted(extra)}, which the model does not read`;
  if (absent.length > 0) return `the log lacks ${quoted(absent)}, which the model reads`;
  return null;
}

/** The header a line holds, checked against the model; throws on any difference. */
export function checkHeader(value: object, line: number, model: LoggedModel): RunHeader {
  const format = (value as { format?: unknown }).format;
  if (format !== PREDICTION_LOG_FORMAT) {
    const named = typeof format === 'string' ? `"${format.slice(0, 80)}"` : 'an unnamed format';
    throw invalidLog(
      `The header is of ${named}, not ${PREDICTION_LOG_FORMAT}, the only format this workbench reads.`,
      line,
      'format',
    );
  }
  const parsed = v.safeParse(headerSchema, value);
  if (!parsed.success) {
    const { field, why } = issueText(parsed.issues);
    throw invalidLog(
      `The header's \`${field}\` is not as predict.mjs writes it: ${why}.`,
      line,
      field,
    );
  }
  const header = parsed.output;
  if (new Set(header.features).size !== header.features.length) {
    throw invalidLog('The header names a feature twice.', line, 'features');
  }
  if (header.task !== model.task) {
    throw mismatch(
      line,
      'task',
      `the log is of a ${header.task} model, this version is ${model.task}`,
    );
  }
  if (header.target !== model.target) {
    throw mismatch(
      line,
      'target',
      `the log predicts ${quoted([header.target])}, the model ${quoted([model.target])}`,
    );
  }
  const problem = featuresProblem(
    header.features,
    model.steps.map((step) => step.column),
  );
  if (problem) throw mismatch(line, 'features', problem);
  const sameClasses =
    header.classes.length === model.classes.length &&
    header.classes.every((label, i) => label === model.classes[i]);
  if (!sameClasses) {
    throw mismatch(
      line,
      'classes',
      `the log has ${quoted(header.classes) || 'none'}, the model ${quoted(model.classes) || 'none'}, in this order`,
    );
  }
  return {
    features: header.features,
    file: header.input?.file ?? null,
    decimalComma: header.decimal === ',',
  };
}
