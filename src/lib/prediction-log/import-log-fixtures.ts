/**
 * What the prediction-log import tests share: logs written for real by a bundle's predict.mjs
 * (`--log`, run by `node` as in predict-script.spec.ts) for an iris (binary) and a cars model,
 * and helpers to read them back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Column, Table } from '../data/table';
import type { PredictionLogBatch, PredictionLogHeader } from '../export/prediction-log-format';
import {
  bundleFolder,
  editedCars,
  inputFile,
  runScript,
  sample,
} from '../export/predict-script/script-fixtures';
import { trainModel } from '../train/train-model';
import type { TrainedModel } from '../train/types';

/** Scores `csv` with the bundle's predict.mjs (a fresh input file), appending to `log`. */
export function writeLog(folder: string, csv: string, log: string, extra: string[] = []): void {
  const input = inputFile(folder, csv);
  const result = runScript(folder, [input, join(folder, 'out.csv'), '--log', log, ...extra]);
  expect(result.status, result.stderr).toBe(0);
}

/** The log's lines, and its batches each with its run's input file. */
export function logLines(log: string) {
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
  const batches: (PredictionLogBatch & { file: string | null })[] = [];
  let file: string | null = null;
  for (const line of lines) {
    const value = JSON.parse(line) as PredictionLogHeader | PredictionLogBatch;
    if ('format' in value) file = value.input?.file ?? null;
    else batches.push({ ...value, file });
  }
  return { lines, batches };
}

/** A column's value at a row as text or number, null when missing. */
export function cell(column: Column | undefined, row: number): string | number | null {
  if (!column) throw new Error('no such column');
  if (column.storage === 'number') {
    const value = column.values[row] ?? NaN;
    return Number.isNaN(value) ? null : value;
  }
  const code = column.codes[row] ?? -1;
  return code < 0 ? null : (column.categories[code] ?? null);
}

export const columnOf = (table: Table, name: string) => table.columns.find((c) => c.name === name);

export const irisCsv = sample('iris.csv').replace(
  /,(setosa|versicolor|virginica)$/gm,
  (_, s: string) => (s === 'virginica' ? ',yes' : ',no'),
);

/** The edited cars file, plus a row whose horsepower and year cannot be read. */
export const carsCsv = (() => {
  const edited = editedCars();
  const row = edited.split('\r\n')[1] ?? '';
  return edited + row.replace(',130,', ',fast,').replace(',1970-01-01,', ',someday,') + '\r\n';
})();

export interface TrainedLogs {
  iris: TrainedModel;
  irisLog: string;
  cars: TrainedModel;
  carsLog: string;
}

/** Trains both models, writes their bundles under `root` and scores with predict.mjs --log. */
export async function trainedLogs(root: string): Promise<TrainedLogs> {
  const iris = await trainModel(await readCsv(irisCsv), { target: 'species', seed: 3, epochs: 10 });
  const irisFolder = bundleFolder(iris, root);
  const irisLog = join(irisFolder, 'log.jsonl');
  writeLog(irisFolder, irisCsv, irisLog, ['--batch', '40']);
  writeLog(irisFolder, irisCsv, irisLog); // a second run, appended
  const carsTable = await readCsv(sample('cars.csv'));
  const cars = await trainModel(carsTable, { target: 'Miles_per_Gallon', seed: 3, epochs: 8 });
  const carsFolder = bundleFolder(cars, root);
  const carsLog = join(carsFolder, 'log.jsonl');
  writeLog(carsFolder, carsCsv, carsLog);
  return { iris, irisLog, cars, carsLog };
}
