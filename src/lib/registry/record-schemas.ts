/**
 * Schemas for every registry record that crosses a trust boundary: read back from IndexedDB
 * (which devtools can edit) or from a backup file (which anyone can write). valibot needs no
 * `eval`, so these run under the app's strict CSP. Records are strict: an unknown field is
 * refused, not carried along unseen.
 */
import * as v from 'valibot';
import { MODEL_LIMITS } from '../model/limits';
import { MAX_REFERENCE_ROWS } from '../reference/sample';
import { tableProblem } from '../reference/table-shape';
import type { Table } from '../data/table';
import { PRECISIONS, STAGES } from './types';

/** Ids become parts of file names in backups, so they are plain: letters, digits and dashes. */
export const idSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'Expected a plain id'));
/** A time in ms since 1970, within what Date can show (a larger one would crash a date format). */
const time = v.pipe(v.number(), v.minValue(-8.64e15), v.maxValue(8.64e15));
/** Version numbers stay far from where integers lose precision. */
const versionNumber = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = v.pipe(v.string(), v.maxLength(100_000));
const task = v.picklist(['regression', 'binary', 'multiclass']);
const stage = v.picklist(STAGES);
const columns = v.pipe(
  v.array(v.strictObject({ name: text, kind: text })),
  v.maxLength(MODEL_LIMITS.maxColumns),
);
const scores = v.record(v.string(), v.pipe(v.number(), v.finite()));
/** A measured latency: positive, finite, and about a sane number of rows. */
export const latencySchema = v.strictObject({
  ms: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(8.64e7)),
  rows: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000_000)),
  backend: v.pipe(v.string(), v.maxLength(100)),
  measuredAt: time,
});

export const projectSchema = v.strictObject({
  id: idSchema,
  name: text,
  target: text,
  task,
  datasetSha256: v.nullable(text),
  schema: columns,
  createdAt: time,
  updatedAt: time,
  nextNumber: versionNumber,
});

export const versionSchema = v.strictObject({
  id: idSchema,
  projectId: idSchema,
  number: versionNumber,
  format: text,
  task,
  target: text,
  kind: text,
  parentId: v.nullable(idSchema),
  stage,
  stageHistory: v.pipe(
    v.array(v.strictObject({ stage, at: time })),
    v.minLength(1),
    v.maxLength(100_000),
  ),
  note: text,
  tags: v.pipe(v.array(text), v.maxLength(1_000)),
  createdAt: time,
  weightBytes: count,
  storedBytes: count,
  bytes: count,
  precision: v.picklist(PRECISIONS),
  compressedBytes: v.optional(count),
  latency: v.optional(latencySchema),
  referenceBytes: v.nullable(count),
  backend: text,
  datasetSha256: v.nullable(text),
  schema: columns,
  scores: v.strictObject({ validation: scores, test: scores }),
  deletedAt: v.nullable(time),
});

/** Version records as backups before format 3 hold them (schema 2: no precision, bytes, reference). */
export const legacyVersionSchema = v.omit(versionSchema, [
  'bytes',
  'precision',
  'referenceBytes',
  'compressedBytes',
  'latency',
]);

/** A version's metrics and history as the details store keeps them. */
export const detailsRecordSchema = v.strictObject({
  id: idSchema,
  metrics: v.unknown(),
  history: v.pipe(v.array(v.unknown()), v.maxLength(MODEL_LIMITS.maxEpochs)),
});

const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 in hex'));

const xxh64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, 'Expected an xxHash64 in hex'));

/** A model as IndexedDB holds it; `xxh64` is missing on versions saved before it existed. */
export const modelRecordSchema = v.strictObject({
  id: idSchema,
  json: v.unknown(),
  chunks: v.pipe(v.array(v.instance(ArrayBuffer)), v.maxLength(100_000)),
  xxh64: v.optional(v.strictObject({ json: xxh64, chunks: v.array(xxh64) })),
});

/** A typed array in a model's JSON half, as the codec writes it. */
export const binaryRefSchema = v.strictObject({
  $binary: v.picklist([
    'Float32Array',
    'Float64Array',
    'Int8Array',
    'Uint8Array',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
  ]),
  chunk: count,
  offset: count,
  length: count,
});

export const manifestSchema = v.strictObject({
  format: v.string(),
  formatVersion: v.pipe(count, v.minValue(1)),
  schemaVersion: v.pipe(count, v.minValue(1)),
  createdAt: text,
  // Records are checked one at a time afterwards (backup-check.ts), letting other tasks run.
  projects: v.pipe(v.array(v.unknown()), v.maxLength(100_000)),
  versions: v.pipe(v.array(v.unknown()), v.maxLength(100_000)),
  models: v.record(
    idSchema,
    v.strictObject({ json: text, chunks: v.pipe(v.array(text), v.maxLength(10_000)) }),
  ),
  /** Each version's reference snapshot (format 3); absent in older formats. */
  references: v.optional(
    v.record(
      idSchema,
      v.strictObject({ json: text, chunks: v.pipe(v.array(text), v.maxLength(10_000)) }),
    ),
  ),
  /** Decision records (format 4), checked one at a time afterwards. */
  decisions: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(100_000))),
  files: v.pipe(
    v.array(v.strictObject({ path: text, bytes: count, sha256 })),
    v.maxLength(200_000),
  ),
});

/** The first problem valibot found, as "path: message". */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'it does not match its schema';
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** What a caller may say when saving a version (`SaveMeta`). */
export const saveMetaSchema = v.strictObject({
  projectId: v.optional(idSchema),
  projectName: v.optional(v.pipe(v.string(), v.maxLength(1_000))),
  parentId: v.optional(v.nullable(idSchema)),
  note: v.optional(text),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(1_000))),
  stage: v.optional(stage),
  reference: v.optional(
    v.custom<Table>((value) => tableProblem(value) === null, 'Expected a Table (from readCsv)'),
  ),
  referenceRows: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_REFERENCE_ROWS)),
  ),
  referenceSeed: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 32 - 1)),
  ),
  latency: v.optional(latencySchema),
});

/** A change to a version's note or tags (`VersionPatch`). */
export const versionPatchSchema = v.strictObject({
  note: v.optional(text),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(1_000))),
});
