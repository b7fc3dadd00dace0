/**
 * The chunks of several batches as one table of logged rows, oldest first. Batches of different
 * versions may log different columns: the table has their union by name, and a column a batch
 * lacks is missing in its rows. A column stored as numbers in one batch and as categories in
 * another becomes categories (the numbers as text), so no value is lost.
 */
import type { Column, ColumnKind, Table } from '../data/table';
import type { Prediction } from '../train/types';
import { decodeLogChunk } from './encode-chunk';
import type { DamagedLogBatch, LogBatchRecord, LogChunkRecord, PredictionLog } from './types';

interface Plan {
  name: string;
  kind: ColumnKind;
  dictionary: boolean;
}

function planColumns(chunks: readonly LogChunkRecord[]): Plan[] {
  const plans = new Map<string, Plan>();
  for (const chunk of chunks) {
    for (const column of chunk.columns) {
      const plan = plans.get(column.name);
      const dictionary = column.storage === 'dictionary';
      if (!plan) plans.set(column.name, { name: column.name, kind: column.kind, dictionary });
      else if (dictionary && !plan.dictionary) {
        plan.dictionary = true;
        plan.kind = column.kind;
      }
    }
  }
  return [...plans.values()];
}

/** Appends one batch's column into the merged column at `offset`. */
class MergedDictionary {
  readonly codes: Int32Array;
  readonly categories: string[] = [];
  readonly #index = new Map<string, number>();

  constructor(rows: number) {
    this.codes = new Int32Array(rows).fill(-1);
  }

  code(text: string): number {
    let code = this.#index.get(text);
    if (code === undefined) {
      code = this.categories.push(text) - 1;
      this.#index.set(text, code);
    }
    return code;
  }

  add(column: Column, offset: number, rows: number): void {
    if (column.storage === 'dictionary') {
      const map = column.categories.map((text) => this.code(text));
      for (let i = 0; i < rows; i++) {
        const code = column.codes[i] ?? -1;
        if (code >= 0) this.codes[offset + i] = map[code] ?? -1;
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      const value = column.values[i] ?? NaN;
      if (!Number.isNaN(value)) this.codes[offset + i] = this.code(String(value));
    }
  }
}

/** Every chunk's classes, in order of first appearance (versions of a project share them). */
function unionClasses(chunks: readonly LogChunkRecord[]): string[] {
  const classes = new Set<string>();
  for (const chunk of chunks) {
    if (chunk.predictions.task === 'classes')
      chunk.predictions.classes.forEach((c) => classes.add(c));
  }
  return [...classes];
}

/** A chunk's predictions with probabilities in `classes` order (0 for a class it lacks). */
function inClassOrder(
  predictions: Prediction[],
  chunk: LogChunkRecord,
  classes: readonly string[],
): Prediction[] {
  const own = chunk.predictions.task === 'classes' ? chunk.predictions.classes : [];
  if (own.length === 0 || own.join('\u0000') === classes.join('\u0000')) return predictions;
  const at = classes.map((label) => own.indexOf(label));
  return predictions.map((p) =>
    'probabilities' in p
      ? { label: p.label, probabilities: at.map((i) => (i < 0 ? 0 : (p.probabilities[i] ?? 0))) }
      : p,
  );
}

export function mergeLog(
  batches: readonly LogBatchRecord[],
  chunks: readonly LogChunkRecord[],
  damaged: DamagedLogBatch[],
): PredictionLog {
  const rowCount = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
  const plans = planColumns(chunks);
  const numbers = new Map<string, Float64Array>();
  const dictionaries = new Map<string, MergedDictionary>();
  for (const plan of plans) {
    if (plan.dictionary) dictionaries.set(plan.name, new MergedDictionary(rowCount));
    else numbers.set(plan.name, new Float64Array(rowCount).fill(NaN));
  }
  const classes = unionClasses(chunks);
  const predictions: Prediction[] = [];
  const time = new Float64Array(rowCount);
  const latencyMs = new Float64Array(rowCount);
  const versionIds = new Array<string>(rowCount);
  let offset = 0;
  chunks.forEach((chunk, i) => {
    const batch = batches[i] as LogBatchRecord;
    const decoded = decodeLogChunk(chunk);
    for (const column of decoded.columns) {
      const merged = dictionaries.get(column.name);
      if (merged) merged.add(column, offset, chunk.rows);
      else if (column.storage === 'number') numbers.get(column.name)?.set(column.values, offset);
    }
    for (const prediction of inClassOrder(decoded.predictions, chunk, classes)) {
      predictions.push(prediction);
    }
    time.fill(batch.time, offset, offset + chunk.rows);
    latencyMs.fill(chunk.rows > 0 ? batch.latencyMs / chunk.rows : 0, offset, offset + chunk.rows);
    versionIds.fill(batch.versionId, offset, offset + chunk.rows);
    offset += chunk.rows;
  });
  const columns = plans.map((plan): Column => {
    const merged = dictionaries.get(plan.name);
    if (merged) {
      const missing = merged.codes.reduce((sum, code) => sum + (code < 0 ? 1 : 0), 0);
      const { codes, categories } = merged;
      return {
        name: plan.name,
        kind: plan.kind,
        storage: 'dictionary',
        codes,
        categories,
        missing,
      };
    }
    const values = numbers.get(plan.name) ?? new Float64Array(rowCount).fill(NaN);
    const missing = values.reduce((sum, value) => sum + (Number.isNaN(value) ? 1 : 0), 0);
    return { name: plan.name, kind: plan.kind, storage: 'number', values, missing };
  });
  const table: Table = { rowCount, columns, issues: [] };
  return {
    rowCount,
    table,
    predictions,
    classes,
    time,
    versionIds,
    latencyMs,
    batches: [...batches],
    damaged,
  };
}
