/**
 * A reference snapshot as a plain value of typed arrays and small JSON, ready for the registry's
 * codec (one stored form for models and snapshots), and back. Arrays take the smallest type that
 * holds every value exactly: a number column is Float32Array only when every value survives
 * `Math.fround` unchanged, category codes are Uint8Array when fewer than 255 categories, and a
 * binary model's first probability is stored only when it is not exactly `1 - p` for some row.
 */
import type { Column, Table } from '../data/table';
import { WorkbenchError } from '../errors';
import type { Prediction } from '../train/types';
import type { ColumnSummary, ReferenceData, SplitName } from './types';
import { SPLIT_NAMES } from './types';

export const REFERENCE_FORMAT = 'tabular-workbench/reference@1';

export type CodeArray = Uint8Array | Uint16Array | Int32Array;
export type FloatArray = Float32Array | Float64Array;

export type StoredColumn =
  | { name: string; kind: Column['kind']; storage: 'number'; values: FloatArray }
  | {
      name: string;
      kind: Column['kind'];
      storage: 'dictionary';
      categories: string[];
      /** Code + 1 per row; 0 is a missing cell. */
      codes: CodeArray;
    };

export type StoredPredictions =
  | { task: 'regression'; values: FloatArray }
  | {
      task: 'classes';
      classes: string[];
      /** Index of each row's label in `classes`. */
      labels: CodeArray;
      /** Probabilities per row, `width` each, or only the last one when `complement`. */
      probabilities: FloatArray;
      width: number;
      /** Two classes and every first probability is exactly 1 - the second: only the second is kept. */
      complement: boolean;
    };

/** What the registry stores (through its codec) for a reference snapshot. */
export interface StoredReference {
  format: typeof REFERENCE_FORMAT;
  sourceRows: number;
  datasetSha256: string | null;
  seed: number;
  rows: Uint32Array;
  /** 0 train, 1 validation, 2 test. */
  splits: Uint8Array;
  columns: StoredColumn[];
  predictions: StoredPredictions;
  summaries: ColumnSummary[];
}

const exactInFloat32 = (values: ArrayLike<number>): boolean => {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (!Object.is(Math.fround(value), value)) return false;
  }
  return true;
};

export function floats(values: Float64Array): FloatArray {
  return exactInFloat32(values) ? Float32Array.from(values) : values;
}

/** Codes 0..max in the smallest unsigned-or-int32 array. */
export function codeArray(values: ArrayLike<number>, max: number): CodeArray {
  const Type = max < 256 ? Uint8Array : max < 65_536 ? Uint16Array : Int32Array;
  return Type.from(values);
}

function encodeColumn(column: Column, rows: number): StoredColumn {
  if (column.storage === 'number') {
    return {
      name: column.name,
      kind: column.kind,
      storage: 'number',
      values: floats(column.values.slice(0, rows)),
    };
  }
  const shifted = Array.from(column.codes.subarray(0, rows), (code) => code + 1);
  return {
    name: column.name,
    kind: column.kind,
    storage: 'dictionary',
    categories: [...column.categories],
    codes: codeArray(shifted, column.categories.length),
  };
}

export function encodePredictions(
  predictions: Prediction[],
  classes: readonly string[],
): StoredPredictions {
  const first = predictions[0];
  if (first === undefined || 'value' in first) {
    const values = new Float64Array(predictions.length);
    predictions.forEach((p, i) => (values[i] = 'value' in p ? p.value : NaN));
    return { task: 'regression', values: floats(values) };
  }
  const width = first.probabilities.length;
  const index = new Map(classes.map((label, i) => [label, i]));
  const labels = new Int32Array(predictions.length);
  const all = new Float64Array(predictions.length * width);
  let complement = width === 2;
  predictions.forEach((p, row) => {
    const label = 'label' in p ? index.get(p.label) : undefined;
    if (!('probabilities' in p) || p.probabilities.length !== width || label === undefined) {
      throw new WorkbenchError(
        'internal',
        `The model's prediction for row ${row + 1} does not fit its classes.`,
      );
    }
    labels[row] = label;
    all.set(p.probabilities, row * width);
    if (complement && p.probabilities[0] !== 1 - (p.probabilities[1] ?? NaN)) complement = false;
  });
  const kept = complement ? all.filter((_, i) => i % 2 === 1) : all;
  return {
    task: 'classes',
    classes: [...classes],
    labels: codeArray(labels, classes.length),
    probabilities: floats(kept),
    width,
    complement,
  };
}

export interface ReferenceParts {
  sample: Table;
  rows: Uint32Array;
  splits: Uint8Array;
  summaries: ColumnSummary[];
  predictions: Prediction[];
  classes: readonly string[];
  sourceRows: number;
  datasetSha256: string | null;
  seed: number;
}

export function encodeReference(parts: ReferenceParts): StoredReference {
  const n = parts.sample.rowCount;
  return {
    format: REFERENCE_FORMAT,
    sourceRows: parts.sourceRows,
    datasetSha256: parts.datasetSha256,
    seed: parts.seed,
    rows: parts.rows,
    splits: parts.splits,
    columns: parts.sample.columns.map((column) => encodeColumn(column, n)),
    predictions: encodePredictions(parts.predictions, parts.classes),
    summaries: parts.summaries,
  };
}

export function decodeColumn(column: StoredColumn): Column {
  if (column.storage === 'number') {
    const values = Float64Array.from(column.values);
    const missing = values.reduce((sum, value) => sum + (Number.isNaN(value) ? 1 : 0), 0);
    return { name: column.name, kind: column.kind, storage: 'number', missing, values };
  }
  const codes = Int32Array.from(column.codes, (code) => code - 1);
  const missing = codes.reduce((sum, code) => sum + (code < 0 ? 1 : 0), 0);
  const categories = [...column.categories];
  return {
    name: column.name,
    kind: column.kind,
    storage: 'dictionary',
    missing,
    codes,
    categories,
  };
}

export function decodePredictions(stored: StoredPredictions, rows: number): Prediction[] {
  if (stored.task === 'regression') return Array.from(stored.values, (value) => ({ value }));
  const { classes, labels, probabilities, width, complement } = stored;
  return Array.from({ length: rows }, (_, row) => {
    const probs = complement
      ? [1 - (probabilities[row] ?? NaN), probabilities[row] ?? NaN]
      : Array.from(probabilities.subarray(row * width, row * width + width));
    return { label: classes[labels[row] ?? 0] ?? '', probabilities: probs };
  });
}

/** The snapshot as `loadReference` gives it (after `checkStoredReference` proved it sound). */
export function decodeReference(stored: StoredReference): ReferenceData {
  const rowCount = stored.rows.length;
  return {
    table: { rowCount, columns: stored.columns.map(decodeColumn), issues: [] },
    splits: Array.from<number, SplitName>(stored.splits, (code) => SPLIT_NAMES[code] ?? 'train'),
    rows: Array.from(stored.rows),
    summaries: stored.summaries,
    predictions: decodePredictions(stored.predictions, rowCount),
    sourceRows: stored.sourceRows,
    datasetSha256: stored.datasetSha256,
    seed: stored.seed,
  };
}
