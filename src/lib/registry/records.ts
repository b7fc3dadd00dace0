/** Builds the registry's records from a model: the version's metadata and its project. */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import { compressedWeightBytes } from '../model/compressed-size';
import { recordFields } from './precision';
import { firstIssue } from './record-schemas';
import type { Task, WeightTensor } from '../train/types';
import type { ProjectRecord, SaveMeta, Stage, StorableModel, VersionRecord } from './types';
import { STAGES } from './types';

const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];
/** Headline scores kept in the version record, so lists and comparisons need no model load. */
const SCORE_FIELDS = ['accuracy', 'logLoss', 'rocAuc', 'r2', 'rmse', 'mae', 'mse'] as const;

/** Checks the parts of a model the registry relies on; anything else is stored as it is. */
export function assertStorable(model: unknown): asserts model is StorableModel {
  const value = model as Partial<StorableModel> | null;
  const problem =
    typeof value !== 'object' || value === null
      ? 'it is not an object'
      : typeof value.format !== 'string' || value.format === ''
        ? 'it has no format tag'
        : !TASKS.includes(value.task as Task)
          ? 'its task is not regression, binary or multiclass'
          : typeof value.target !== 'string'
            ? 'it has no target'
            : null;
  if (problem) {
    throw new WorkbenchError('invalid_model', `The registry cannot store this model: ${problem}.`, {
      hint: 'Save a model returned by trainModel, quantizeModel, pruneModel or importModel.',
    });
  }
}

/** Refuses save or edit options of the wrong shape (a script's typo, a tag that is not text). */
export function checkOptions<T>(
  schema: v.GenericSchema<unknown, T>,
  value: unknown,
  what: string,
): T {
  const result = v.safeParse(schema, value ?? {});
  if (result.success) return result.output;
  throw new WorkbenchError(
    'invalid_spec',
    `The ${what} are not valid: ${firstIssue(result.issues)}.`,
    {
      hint: 'See the headless API in the README for the options each call takes.',
    },
  );
}

export function assertStage(stage: unknown): asserts stage is Stage {
  if (!STAGES.includes(stage as Stage)) {
    throw new WorkbenchError('invalid_stage', `"${String(stage)}" is not a stage.`, {
      hint: `Use one of: ${STAGES.join(', ')}.`,
    });
  }
}

/** The numbers worth showing in a list: accuracy, log loss, AUC, macro F1, R², RMSE, MAE. */
export function headlineScores(metrics: unknown): Record<string, number> {
  const scores: Record<string, number> = {};
  if (typeof metrics !== 'object' || metrics === null) return scores;
  const source = metrics as Record<string, unknown>;
  for (const field of SCORE_FIELDS) {
    const value = source[field];
    if (typeof value === 'number' && Number.isFinite(value)) scores[field] = value;
  }
  const macro = source['macro'] as { f1?: unknown } | undefined;
  if (typeof macro?.f1 === 'number' && Number.isFinite(macro.f1)) scores['f1Macro'] = macro.f1;
  return scores;
}

/** The columns a model reads, with their kinds, from its preprocessing. */
export function inputSchema(model: StorableModel): ProjectRecord['schema'] {
  return (model.preprocessing?.steps ?? []).map((step) => ({
    name: step.column,
    kind: step.kind === 'one-hot' ? 'categorical' : (step.kind ?? 'unknown'),
  }));
}

/** The project this model belongs to by default: same dataset, target and task. */
export function matchProject(projects: ProjectRecord[], model: StorableModel) {
  const dataset = model.datasetSha256 ?? null;
  return projects.find(
    (project) =>
      project.datasetSha256 === dataset &&
      project.target === model.target &&
      project.task === model.task,
  );
}

export function newProject(model: StorableModel, meta: SaveMeta, id: string, now: number) {
  const dataset = model.datasetSha256 ?? null;
  const name =
    meta.projectName?.trim() ||
    `${model.target} (${dataset ? `data ${dataset.slice(0, 8)}` : 'no file'})`;
  const project: ProjectRecord = {
    id,
    name,
    target: model.target,
    task: model.task,
    datasetSha256: dataset,
    schema: inputSchema(model),
    createdAt: now,
    updatedAt: now,
    nextNumber: 1,
  };
  return project;
}

export function newVersion(options: {
  model: StorableModel;
  meta: SaveMeta;
  id: string;
  project: ProjectRecord;
  now: number;
  weightBytes: number;
  storedBytes: number;
  referenceBytes: number | null;
}): VersionRecord {
  const { model, meta, project, now } = options;
  const stage = meta.stage ?? 'none';
  return {
    id: options.id,
    projectId: project.id,
    number: project.nextNumber,
    format: model.format,
    task: model.task,
    target: model.target,
    kind: model.kind ?? 'unknown',
    parentId: meta.parentId ?? null,
    stage,
    stageHistory: [{ stage, at: now }],
    note: String(meta.note ?? ''),
    tags: normaliseTags(meta.tags ?? []),
    createdAt: now,
    weightBytes: options.weightBytes,
    storedBytes: options.storedBytes,
    ...recordFields(model, options.weightBytes),
    ...compressedField(model),
    ...(meta.latency ? { latency: { ...meta.latency } } : {}),
    referenceBytes: options.referenceBytes,
    backend: model.backend ?? '',
    datasetSha256: model.datasetSha256 ?? null,
    schema: inputSchema(model),
    scores: {
      validation: headlineScores(model.metrics?.validation),
      test: headlineScores(model.metrics?.test),
    },
    deletedAt: null,
  };
}

/**
 * Weights up to this size are deflated at save for `compressedBytes` (a tabular MLP's weights
 * take a few KiB, under a millisecond). Deflating 4 MiB costs about 40 ms, which tripled the
 * save of a 1,000,000-parameter version; such versions show their raw size in the Pareto view.
 */
export const COMPRESS_AT_SAVE_BYTES = 1024 * 1024;

/** `compressedBytes` of a validated model: its weights deflated (none when it has no weights). */
function compressedField(model: StorableModel): { compressedBytes?: number } {
  const weights = model.weights as readonly WeightTensor[] | undefined;
  if (!weights || weights.length === 0) return {};
  let bytes = 0;
  for (const weight of weights) bytes += weight.values.byteLength;
  return bytes <= COMPRESS_AT_SAVE_BYTES ? { compressedBytes: compressedWeightBytes(weights) } : {};
}

/** Trimmed, non-empty, unique tags in the order given. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => String(tag).trim()).filter((tag) => tag !== ''))];
}

/** The versions in the trash, most recently deleted first. */
export function trashOf(records: readonly VersionRecord[]): VersionRecord[] {
  return records
    .filter((record) => record.deletedAt !== null)
    .sort((a, b) => (b.deletedAt ?? 0) - (a.deletedAt ?? 0));
}
