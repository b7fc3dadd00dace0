/**
 * Logs written for real by a bundle's predict.mjs imported into a registry holding the same
 * model: what is logged must be what predict.mjs wrote and what the workbench reads from the
 * same CSV. Hostile logs are in import-log.hostile.spec.ts.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { PredictionLogHeader } from '../export/prediction-log-format';
import {
  bundleFolder,
  editedCars,
  sample,
  scriptRoot,
} from '../export/predict-script/script-fixtures';
import { fakeModel } from '../registry/fake-model';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import type { TrainedModel } from '../train/types';
import { cell, columnOf, irisCsv, logLines, trainedLogs, writeLog } from './import-log-fixtures';

const freshRegistry = freshRegistries('log-import-test');
const root = scriptRoot('log-import');

describe('importing a prediction log', () => {
  let iris: TrainedModel;
  let irisLog: string;
  let cars: TrainedModel;
  let carsLog: string;
  beforeAll(async () => {
    ({ iris, irisLog, cars, carsLog } = await trainedLogs(root()));
  }, 60_000);

  it('logs a binary log of two runs as predict.mjs wrote it and readCsv reads its file', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(iris);
    const bytes = readFileSync(irisLog);
    const progress: number[] = [];
    const result = await registry.importPredictionLog(version.id, new Blob([bytes]), {
      onProgress: (read, total) => progress.push(read / total),
    });
    const { batches } = logLines(irisLog);
    const times = batches.map((b) => Date.parse(b.time));
    expect(result).toEqual({
      runs: 2,
      batches: 5,
      rows: 300,
      skippedCells: 0,
      trimmed: { batches: 0, rows: 0 },
      firstTime: Math.min(...times),
      lastTime: Math.max(...times),
    });
    expect(progress.at(-1)).toBe(1);

    const log = await registry.readPredictionLog({ versionId: version.id });
    expect(log.rowCount).toBe(300);
    expect(log.predictions).toEqual(
      batches.flatMap((b) =>
        b.predictions.map((label, i) => ({ label, probabilities: b.probabilities?.[i] })),
      ),
    );
    expect(Array.from(log.time)).toEqual(
      batches.flatMap((b) => b.predictions.map(() => Date.parse(b.time))),
    );
    expect(log.batches.map((b) => [b.source, b.file, b.rows, b.latencyMs])).toEqual(
      batches.map((b) => ['import', b.file, b.rows, b.latencyMs]),
    );
    expect(new Set(batches.map((b) => b.file)).size).toBe(2);
    // Both runs scored the same file: row i is data row i % 150 as readCsv reads it.
    const table = await readCsv(irisCsv);
    for (const feature of iris.spec.features) {
      const expected = Array.from({ length: 300 }, (_, i) =>
        cell(columnOf(table, feature), i % 150),
      );
      const logged = Array.from({ length: 300 }, (_, i) => cell(columnOf(log.table, feature), i));
      expect(logged, feature).toEqual(expected);
    }
  });

  it('reads numbers, dates and categories of a regression log as readCsv reads the file', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(cars);
    const result = await registry.importPredictionLog(version.id, readFileSync(carsLog, 'utf8'));
    const [batch] = logLines(carsLog).batches;
    if (!batch) throw new Error('no batch');
    // "fast" and "someday": text that is no number or date, which the model saw as missing.
    expect(result).toMatchObject({ runs: 1, batches: 1, rows: batch.rows, skippedCells: 2 });
    const log = await registry.readPredictionLog({ versionId: version.id });
    expect(log.predictions).toEqual(batch.predictions.map((value) => ({ value })));

    // readCsv reads a column holding "fast" as text, so compare the rows before it with the
    // edited file read alone; the last row's unreadable cells are missing.
    const table = await readCsv(editedCars());
    expect(log.rowCount).toBe(table.rowCount + 1);
    const steps = cars.preprocessing.steps;
    expect(steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['datetime', 'one-hot']));
    const rows = Array.from({ length: table.rowCount }, (_, i) => i);
    for (const { column } of steps) {
      const logged = rows.map((i) => cell(columnOf(log.table, column), i));
      expect(logged, column).toEqual(rows.map((i) => cell(columnOf(table, column), i)));
    }
    const origin = Array.from({ length: 13 }, (_, i) =>
      cell(columnOf(log.table, 'Origin'), log.rowCount - 13 + i),
    );
    expect(origin.slice(0, 5)).toEqual(['Atlantis', null, 'NA', 'Japan', 'Japan ']);
    const last = log.rowCount - 1;
    expect(cell(columnOf(log.table, 'Horsepower'), last)).toBeNull();
    expect(cell(columnOf(log.table, 'Year'), last)).toBeNull();
    expect(cell(columnOf(log.table, 'Horsepower'), last - 6)).toBe(130); // " 1.3e2 "
  });

  it("reads a decimal-comma file's numbers as predict.mjs read them (3,25 is 3.25)", async () => {
    // The cars file separated by semicolons, with decimal commas: readCsv and predict.mjs both
    // sniff it; the log's header says so, and the import reads 3,25 as 3.25, not 325.
    const semicolons = sample('cars.csv')
      .split(/\r?\n/)
      .map((line) => line.replaceAll(',', ';').replace(/(\d)\.(\d)/g, '$1,$2'))
      .join('\n');
    const folder = bundleFolder(cars, root());
    const log = join(folder, 'comma.jsonl');
    writeLog(folder, semicolons, log);
    const header = JSON.parse(logLines(log).lines[0] ?? '') as PredictionLogHeader;
    expect(header.decimal).toBe(',');
    const registry = await freshRegistry();
    const version = await registry.saveVersion(cars);
    const result = await registry.importPredictionLog(version.id, readFileSync(log));
    expect(result.skippedCells).toBe(0);
    const logged = await registry.readPredictionLog();
    const table = await readCsv(semicolons);
    expect(table.source?.decimal).toBe(',');
    for (const { column } of cars.preprocessing.steps) {
      const rows = Array.from({ length: table.rowCount }, (_, i) => i);
      expect(
        rows.map((i) => cell(columnOf(logged.table, column), i)),
        column,
      ).toEqual(rows.map((i) => cell(columnOf(table, column), i)));
    }
  });

  it('reads features named __proto__ and constructor from the line, polluting nothing', async () => {
    const model = fakeModel();
    const [x, colour] = model.preprocessing.steps;
    if (!x || !colour) throw new Error('steps');
    model.preprocessing.steps = [
      { ...x, column: 'constructor' },
      { ...colour, column: '__proto__' },
    ];
    model.spec = { ...model.spec, features: ['constructor', '__proto__'] };
    const registry = await freshRegistry();
    const version = await registry.saveVersion(model);
    const header = {
      ...(JSON.parse(logLines(irisLog).lines[0] ?? '') as object),
      target: 'y',
      features: ['constructor', '__proto__'],
      classes: ['no', 'yes'],
    };
    const time = new Date(Date.now() - 60_000).toISOString();
    const batch = `{"time":"${time}","latencyMs":1,"rows":2,"firstRow":1,"inputs":{"constructor":["1.5",null],"__proto__":["red","toString"]},"predictions":["yes","no"],"probabilities":[[0.25,0.75],[0.5,0.5]]}`;
    const lacking = batch.replace('"constructor":["1.5",null],', '');
    const refused = await refusal(
      registry.importPredictionLog(version.id, `${JSON.stringify(header)}\n${lacking}\n`),
    );
    expect(refused).toMatchObject({ code: 'prediction_log_invalid', details: { line: 2 } });
    expect(refused.message).toMatch(/"constructor"/);

    await registry.importPredictionLog(version.id, `${JSON.stringify(header)}\n${batch}\n`);
    const log = await registry.readPredictionLog({ versionId: version.id });
    expect([0, 1].map((i) => cell(columnOf(log.table, 'constructor'), i))).toEqual([1.5, null]);
    expect([0, 1].map((i) => cell(columnOf(log.table, '__proto__'), i))).toEqual([
      'red',
      'toString',
    ]);
    // Nothing was assigned to Object.prototype or to a new object's prototype.
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('reports what retention trims at once: batches older than the log keeps', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(iris);
    const text = readFileSync(irisLog, 'utf8').replace(/"time":"\d{4}/g, '"time":"2001');
    const result = await registry.importPredictionLog(version.id, text);
    expect(result).toMatchObject({ batches: 5, rows: 300, trimmed: { batches: 5, rows: 300 } });
    expect(new Date(result.firstTime ?? NaN).getUTCFullYear()).toBe(2001);
    expect((await registry.predictionLogStats()).rows).toBe(0);
  });
});
