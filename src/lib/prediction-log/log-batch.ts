/**
 * A prediction log's batch line, checked strictly against its run's header and the model, and
 * read into what the log stores: a Table of the model's feature columns and one prediction per
 * row. Cells are the text predict.mjs read, so they are parsed here with the workbench's own
 * rules (records.ts), never with missing markers again: null is missing, a string a value.
 */
import * as v from 'valibot';
import type { Column, Table } from '../data/table';
import type { FeatureStep } from '../features/types';
import { parseText, readingOf } from '../train/records';
import type { Prediction } from '../train/types';
import { isoTime, issueText, type LoggedModel, type RunHeader } from './log-header';
import { invalidLog } from './read-lines';

/** Most rows in one batch line; predict.mjs writes 4,096 unless told otherwise. */
export const MAX_BATCH_ROWS = 1_000_000;

/** A batch read from the log, ready to encode. */
export interface ParsedBatch {
  table: Table;
  /** One per row; null where a regression model gave no finite number (not logged). */
  predictions: (Prediction | null)[];
  time: number;
  latencyMs: number;
  /** Cells that were not missing but could not be read as their column's kind. */
  skipped: number;
}

const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

const batchSchema = v.strictObject({
  time: isoTime,
  latencyMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
  rows: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_BATCH_ROWS)),
  firstRow: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  // Checked by hand below: its keys are the header's features, which may be any text.
  inputs: v.custom<object>(isPlainObject, 'not an object of lists'),
  predictions: v.array(v.unknown()),
  probabilities: v.optional(v.array(v.unknown())),
});

/**
 * The own property `key` of a parsed object: a feature named `__proto__` or `constructor` is
 * read from the line, never from Object.prototype.
 */
const own = (object: object, key: string): unknown =>
  Object.getOwnPropertyDescriptor(object, key)?.value;

/** Per feature, the batch's cell texts (string or null), `rows` of each. */
function checkInputs(inputs: object, header: RunHeader, rows: number, line: number) {
  const features = new Set(header.features);
  const extra = Object.keys(inputs).find((key) => !features.has(key));
  if (extra !== undefined) {
    const shown = JSON.stringify(extra.slice(0, 80));
    throw invalidLog(`\`inputs\` has ${shown}, which the header does not name.`, line, 'inputs');
  }
  const columns = new Map<string, (string | null)[]>();
  for (const feature of header.features) {
    const field = `inputs.${feature}`;
    if (!Object.hasOwn(inputs, feature)) {
      throw invalidLog(`\`inputs\` lacks ${JSON.stringify(feature)}.`, line, field);
    }
    const cells = own(inputs, feature);
    if (!Array.isArray(cells) || cells.length !== rows) {
      throw invalidLog(`\`${field}\` is not a list of ${rows} cells, one per row.`, line, field);
    }
    if (!cells.every((cell) => typeof cell === 'string' || cell === null)) {
      throw invalidLog(`\`${field}\` holds a cell that is neither text nor null.`, line, field);
    }
    columns.set(feature, cells as (string | null)[]);
  }
  return columns;
}

const isProbability = (p: unknown) => typeof p === 'number' && p >= 0 && p <= 1;

/** One prediction per row, as the model's task and classes say. */
function checkPredictions(
  batch: v.InferOutput<typeof batchSchema>,
  model: LoggedModel,
  line: number,
): (Prediction | null)[] {
  const { rows, predictions, probabilities } = batch;
  if (predictions.length !== rows) {
    throw invalidLog(
      `\`predictions\` has ${predictions.length} entries, not ${rows}.`,
      line,
      'predictions',
    );
  }
  if (model.task === 'regression') {
    if (probabilities !== undefined) {
      throw invalidLog('A regression log has no `probabilities`.', line, 'probabilities');
    }
    return predictions.map((value, i) => {
      if (value === null) return null;
      if (typeof value === 'number') return { value };
      throw invalidLog(`\`predictions[${i}]\` is not a number or null.`, line, 'predictions');
    });
  }
  const classes = new Set(model.classes);
  const width = model.classes.length;
  if (!probabilities || probabilities.length !== rows) {
    throw invalidLog(`\`probabilities\` is not a list of ${rows} rows.`, line, 'probabilities');
  }
  return predictions.map((label, i) => {
    if (typeof label !== 'string' || !classes.has(label)) {
      throw invalidLog(
        `\`predictions[${i}]\` is not one of the model's classes.`,
        line,
        'predictions',
      );
    }
    const row = probabilities[i];
    if (!Array.isArray(row) || row.length !== width || !row.every(isProbability)) {
      throw invalidLog(
        `\`probabilities[${i}]\` is not ${width} numbers from 0 to 1, one per class.`,
        line,
        'probabilities',
      );
    }
    return { label, probabilities: row as number[] };
  });
}

/** The exact strings as categories: a logged category is already trimmed or quoted as read. */
function categoryColumn(name: string, cells: readonly (string | null)[]): Column {
  const categories: string[] = [];
  const index = new Map<string, number>();
  let missing = 0;
  const codes = Int32Array.from(cells, (text) => {
    if (text === null) {
      missing++;
      return -1;
    }
    let code = index.get(text);
    if (code === undefined) {
      code = categories.push(text) - 1;
      index.set(text, code);
    }
    return code;
  });
  return { name, kind: 'categorical', storage: 'dictionary', codes, categories, missing };
}

/** The model's columns of the batch; unreadable number cells are missing, and counted. */
function batchTable(
  steps: readonly FeatureStep[],
  inputs: Map<string, (string | null)[]>,
  rows: number,
  decimalComma: boolean,
) {
  let skipped = 0;
  const columns = steps.map((step): Column => {
    const cells = inputs.get(step.column) ?? [];
    if (step.kind === 'one-hot') return categoryColumn(step.column, cells);
    const reading = readingOf(step);
    let missing = 0;
    const values = Float64Array.from(cells, (text) => {
      const value = text === null ? undefined : parseText(text, reading, decimalComma);
      // Infinity too: the log keeps finite numbers or missing ones, as drift statistics need.
      if (value !== undefined && Number.isFinite(value)) return value;
      if (text !== null) skipped++;
      missing++;
      return NaN;
    });
    const kind = reading === 'boolean' ? 'boolean' : step.kind;
    return { name: step.column, kind, storage: 'number', values, missing };
  });
  const table: Table = { rowCount: rows, columns, issues: [] };
  return { table, skipped };
}

/** The batch a line holds, checked and read; throws `prediction_log_invalid` naming the field. */
export function readBatch(
  value: object,
  line: number,
  header: RunHeader,
  model: LoggedModel,
): ParsedBatch {
  const parsed = v.safeParse(batchSchema, value);
  if (!parsed.success) {
    const { field, why } = issueText(parsed.issues);
    throw invalidLog(
      `The batch's \`${field}\` is not as predict.mjs writes it: ${why}.`,
      line,
      field,
    );
  }
  const batch = parsed.output;
  const inputs = checkInputs(batch.inputs, header, batch.rows, line);
  const predictions = checkPredictions(batch, model, line);
  const { table, skipped } = batchTable(model.steps, inputs, batch.rows, header.decimalComma);
  return { table, predictions, time: Date.parse(batch.time), latencyMs: batch.latencyMs, skipped };
}
