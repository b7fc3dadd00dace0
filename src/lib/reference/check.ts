/**
 * Proves a decoded reference snapshot sound before anything reads it: its shape (valibot, no
 * `eval`), then what a schema cannot say: every array as long as the sample, codes within their
 * dictionaries, rows ascending within the training table, summaries naming the sample's columns.
 */
import * as v from 'valibot';
import { MODEL_LIMITS } from '../model/limits';
import { MAX_SUMMARY_CATEGORIES, QUANTILE_PROBABILITIES, HISTOGRAM_BINS } from './summaries';
import { MAX_REFERENCE_ROWS } from './sample';
import { COLUMN_KINDS } from './table-shape';
import {
  REFERENCE_FORMAT,
  type StoredColumn,
  type StoredPredictions,
  type StoredReference,
} from './encode';

const KINDS = COLUMN_KINDS;
const text = v.pipe(v.string(), v.maxLength(100_000));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 53 - 1));
const finite = v.pipe(v.number(), v.finite());
const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const floats = v.union([v.instance(Float32Array), v.instance(Float64Array)]);
const codes = v.union([v.instance(Uint8Array), v.instance(Uint16Array), v.instance(Int32Array)]);
/** Categories of one column; a sample of at most MAX_REFERENCE_ROWS rows uses no more. */
const categories = v.pipe(v.array(text), v.maxLength(MAX_REFERENCE_ROWS));

const summaryBase = {
  name: text,
  kind: v.picklist(KINDS),
  rows: count,
  count,
  missing: count,
  missingRate: rate,
};

const numericSummary = v.strictObject({
  ...summaryBase,
  storage: v.literal('number'),
  min: v.nullable(finite),
  max: v.nullable(finite),
  mean: v.nullable(finite),
  std: v.nullable(v.pipe(finite, v.minValue(0))),
  quantiles: v.nullable(
    v.strictObject({
      probabilities: v.pipe(v.array(rate), v.maxLength(QUANTILE_PROBABILITIES.length)),
      values: v.pipe(v.array(finite), v.maxLength(QUANTILE_PROBABILITIES.length)),
    }),
  ),
  histogram: v.nullable(
    v.strictObject({
      edges: v.pipe(v.array(finite), v.maxLength(HISTOGRAM_BINS + 1)),
      counts: v.pipe(v.array(count), v.maxLength(HISTOGRAM_BINS)),
    }),
  ),
});

const categoricalSummary = v.strictObject({
  ...summaryBase,
  storage: v.literal('dictionary'),
  distinct: count,
  categories: v.pipe(
    v.array(v.strictObject({ value: text, count })),
    v.maxLength(MAX_SUMMARY_CATEGORIES),
  ),
  otherCount: count,
});

export const storedColumn = v.variant('storage', [
  v.strictObject({
    name: text,
    kind: v.picklist(KINDS),
    storage: v.literal('number'),
    values: floats,
  }),
  v.strictObject({
    name: text,
    kind: v.picklist(KINDS),
    storage: v.literal('dictionary'),
    categories,
    codes,
  }),
]);

export const storedPredictions = v.variant('task', [
  v.strictObject({ task: v.literal('regression'), values: floats }),
  v.strictObject({
    task: v.literal('classes'),
    classes: v.pipe(v.array(text), v.minLength(1), v.maxLength(MODEL_LIMITS.maxUnits)),
    labels: codes,
    probabilities: floats,
    width: v.pipe(count, v.minValue(1), v.maxValue(MODEL_LIMITS.maxUnits)),
    complement: v.boolean(),
  }),
]);

export const storedReferenceSchema = v.strictObject({
  format: v.literal(REFERENCE_FORMAT),
  sourceRows: count,
  datasetSha256: v.nullable(text),
  seed: v.pipe(v.number(), v.integer()),
  rows: v.instance(Uint32Array),
  splits: v.instance(Uint8Array),
  columns: v.pipe(v.array(storedColumn), v.maxLength(MODEL_LIMITS.maxColumns)),
  predictions: storedPredictions,
  summaries: v.pipe(
    v.array(v.variant('storage', [numericSummary, categoricalSummary])),
    v.maxLength(MODEL_LIMITS.maxColumns),
  ),
});

function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'it does not match its schema';
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** What is wrong with the links inside a well-shaped snapshot, or null. */
function linkProblem(ref: StoredReference): string | null {
  const n = ref.rows.length;
  if (n > MAX_REFERENCE_ROWS) return `it holds more than ${MAX_REFERENCE_ROWS} rows`;
  if (ref.splits.length !== n) return 'its splits do not match its rows';
  if (ref.splits.some((code) => code > 2)) return 'a row has an unknown split';
  for (let i = 0; i < n; i++) {
    const row = ref.rows[i] ?? 0;
    if (row >= ref.sourceRows || (i > 0 && row <= (ref.rows[i - 1] ?? 0))) {
      return 'its row numbers are out of order or past the training table';
    }
  }
  const columns = columnsProblem(ref.columns, n);
  if (columns) return columns;
  if (ref.summaries.length !== ref.columns.length) return 'its summaries do not match its columns';
  if (ref.summaries.some((s, i) => s.name !== ref.columns[i]?.name || s.rows !== ref.sourceRows)) {
    return 'its summaries do not match its columns';
  }
  return predictionsProblem(ref.predictions, n);
}

/** What is wrong with stored columns of `n` rows (lengths, codes), or null. */
export function columnsProblem(columns: readonly StoredColumn[], n: number): string | null {
  for (const column of columns) {
    const values = column.storage === 'number' ? column.values : column.codes;
    if (values.length !== n) return `column ${column.name} does not have a value per row`;
    if (column.storage === 'dictionary') {
      const limit = column.categories.length;
      if (column.codes.some((code) => code > limit)) return `column ${column.name} has bad codes`;
    }
  }
  return null;
}

/** What is wrong with stored predictions of `n` rows, or null. */
export function predictionsProblem(p: StoredPredictions, n: number): string | null {
  if (p.task === 'regression') {
    return p.values.length === n ? null : 'its predictions do not match its rows';
  }
  const expected = p.complement ? n : n * p.width;
  if (p.complement && p.width !== 2) return 'its predictions are malformed';
  if (p.labels.length !== n || p.probabilities.length !== expected) {
    return 'its predictions do not match its rows';
  }
  if (p.labels.some((label) => label >= p.classes.length)) return 'a prediction has no class';
  return null;
}

/** The snapshot, typed, or the reason it is damaged. */
export function checkStoredReference(
  value: unknown,
): { ok: true; reference: StoredReference } | { ok: false; reason: string } {
  const result = v.safeParse(storedReferenceSchema, value);
  if (!result.success) return { ok: false, reason: firstIssue(result.issues) };
  const reference = result.output as StoredReference;
  const problem = linkProblem(reference);
  return problem ? { ok: false, reason: problem } : { ok: true, reference };
}
