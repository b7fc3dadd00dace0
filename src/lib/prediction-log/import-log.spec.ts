/**
 * Logs written for real by a bundle's predict.mjs (`--log`, run by `node` as in
 * predict-script.spec.ts) imported into a registry holding the same model: what is logged must
 * be what predict.mjs wrote and what the workbench reads from the same CSV. Hostile files are
 * refused with their code and log nothing.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDB } from 'idb';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../data/read-csv';
import type { Column, Table } from '../data/table';
import type { PredictionLogBatch, PredictionLogHeader } from '../export/prediction-log-format';
import {
  bundleFolder,
  editedCars,
  inputFile,
  runScript,
  sample,
  scriptRoot,
} from '../export/predict-script/script-fixtures';
import { RegistryConnection } from '../registry/connection';
import { fakeModel } from '../registry/fake-model';
import type { RegistrySchema } from '../registry/schema';
import { freshRegistries } from '../registry/test-registries';
import { refusal } from '../test-refusal';
import { trainModel } from '../train/train-model';
import type { TrainedModel } from '../train/types';
import { importPredictionLog } from './import-log';

const freshRegistry = freshRegistries('log-import-test');
const root = scriptRoot('log-import');

/** Scores `csv` with the bundle's predict.mjs (a fresh input file), appending to `log`. */
function writeLog(folder: string, csv: string, log: string, extra: string[] = []): void {
  const input = inputFile(folder, csv);
  const result = runScript(folder, [input, join(folder, 'out.csv'), '--log', log, ...extra]);
  expect(result.status, result.stderr).toBe(0);
}

/** The log's lines, and its batches each with its run's input file. */
function logLines(log: string) {
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
function cell(column: Column | undefined, row: number): string | number | null {
  if (!column) throw new Error('no such column');
  if (column.storage === 'number') {
    const value = column.values[row] ?? NaN;
    return Number.isNaN(value) ? null : value;
  }
  const code = column.codes[row] ?? -1;
  return code < 0 ? null : (column.categories[code] ?? null);
}

const columnOf = (table: Table, name: string) => table.columns.find((c) => c.name === name);

const irisCsv = sample('iris.csv').replace(/,(setosa|versicolor|virginica)$/gm, (_, s: string) =>
  s === 'virginica' ? ',yes' : ',no',
);

/** The edited cars file, plus a row whose horsepower and year cannot be read. */
const carsCsv = (() => {
  const edited = editedCars();
  const row = edited.split('\r\n')[1] ?? '';
  return edited + row.replace(',130,', ',fast,').replace(',1970-01-01,', ',someday,') + '\r\n';
})();

describe('importing a prediction log', () => {
  let iris: TrainedModel;
  let irisLog: string;
  let cars: TrainedModel;
  let carsLog: string;
  beforeAll(async () => {
    iris = await trainModel(await readCsv(irisCsv), { target: 'species', seed: 3, epochs: 10 });
    const irisFolder = bundleFolder(iris, root());
    irisLog = join(irisFolder, 'log.jsonl');
    writeLog(irisFolder, irisCsv, irisLog, ['--batch', '40']);
    writeLog(irisFolder, irisCsv, irisLog); // a second run, appended
    const carsTable = await readCsv(sample('cars.csv'));
    cars = await trainModel(carsTable, { target: 'Miles_per_Gallon', seed: 3, epochs: 8 });
    const carsFolder = bundleFolder(cars, root());
    carsLog = join(carsFolder, 'log.jsonl');
    writeLog(carsFolder, carsCsv, carsLog);
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

  describe('refuses', () => {
    let lines: string[];
    beforeAll(() => {
      lines = logLines(irisLog).lines;
    });

    /** The iris log with line `index` (0-based; negative from the end) edited. */
    const edit = (index: number, change: (line: Record<string, unknown>) => void): string => {
      const copy = [...lines];
      const at = index < 0 ? copy.length + index : index;
      const line = JSON.parse(copy[at] ?? '') as Record<string, unknown>;
      change(line);
      copy[at] = JSON.stringify(line);
      return copy.join('\n') + '\n';
    };
    const inputsOf = (line: Record<string, unknown>) => line.inputs as Record<string, unknown[]>;
    const first = () => iris.spec.features[0] ?? '';

    interface Case {
      name: string;
      file: () => string | Uint8Array;
      code: string;
      message: RegExp;
    }
    const invalid = 'prediction_log_invalid';
    const mismatch = 'prediction_log_mismatch';
    const cases: Case[] = [
      {
        name: 'not JSON',
        file: () => `${lines[0]}\n{"time":\n`,
        code: invalid,
        message: /^Line 2: .*JSON/,
      },
      {
        name: 'a batch before a header',
        file: () => lines.slice(1).join('\n'),
        code: invalid,
        message: /^Line 1: .*before any header/,
      },
      {
        name: 'another format version',
        file: () => edit(0, (h) => void (h.format = 'tabular-workbench/prediction-log@2')),
        code: invalid,
        message: /prediction-log@2.*not tabular-workbench\/prediction-log@1/,
      },
      {
        name: "a header for other features (the second run's)",
        file: () => edit(5, (h) => void ((h.features as string[])[0] = 'sepal')),
        code: mismatch,
        message: /^Line 6: features: the log has "sepal", the model reads "sepal_length_\(cm\)"/,
      },
      {
        name: 'a header for other classes',
        file: () => edit(0, (h) => void (h.classes = ['yes', 'no'])),
        code: mismatch,
        message: /^Line 1: classes: /,
      },
      {
        name: 'a header for another task',
        file: () =>
          edit(0, (h) => {
            h.task = 'regression';
            h.classes = [];
          }),
        code: mismatch,
        message: /^Line 1: task: .*regression.*binary/,
      },
      {
        name: 'a log of another model',
        file: () => readFileSync(carsLog),
        code: mismatch,
        message: /^Line 1: task: /,
      },
      {
        name: 'a list of the wrong length (in the last batch)',
        file: () => edit(-1, (b) => void inputsOf(b)[first()]?.pop()),
        code: invalid,
        message: /^Line 7: `inputs\.sepal_length_\(cm\)` is not a list of 150 cells/,
      },
      {
        name: 'too few predictions',
        file: () => edit(2, (b) => void (b.predictions as unknown[]).pop()),
        code: invalid,
        message: /^Line 3: `predictions` has 39 entries, not 40/,
      },
      {
        name: 'a label not among the classes',
        file: () => edit(1, (b) => void ((b.predictions as unknown[])[3] = 'maybe')),
        code: invalid,
        message: /`predictions\[3\]` is not one of the model's classes/,
      },
      {
        name: 'a probability of 2',
        file: () => edit(1, (b) => void ((b.probabilities as number[][])[0] = [2, -1])),
        code: invalid,
        message: /`probabilities\[0\]` is not 2 numbers from 0 to 1/,
      },
      {
        name: 'a __proto__ key in inputs',
        file: () =>
          `${lines[0]}\n${(lines[1] ?? '').replace('"inputs":{', '"inputs":{"__proto__":["x"],')}`,
        code: invalid,
        message: /`inputs` has "__proto__", which the header does not name/,
      },
      {
        name: 'a field the format lacks',
        file: () => edit(1, (b) => void (b.extra = 1)),
        code: invalid,
        message: /^Line 2: The batch's `extra`/,
      },
      {
        name: 'a time that is not ISO',
        file: () => edit(1, (b) => void (b.time = 'yesterday')),
        code: invalid,
        message: /^Line 2: The batch's `time`/,
      },
      {
        name: 'a negative latency',
        file: () => edit(1, (b) => void (b.latencyMs = -1)),
        code: invalid,
        message: /`latencyMs`/,
      },
      {
        name: 'invalid UTF-8',
        file: () => {
          const valid = Buffer.from(lines.slice(0, 2).join('\n') + '\n');
          return Uint8Array.from([...valid, 0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
        },
        code: invalid,
        message: /^Line 3: The line is not UTF-8/,
      },
      { name: 'an empty file', file: () => '', code: invalid, message: /empty/ },
      { name: 'a file of blank lines', file: () => '\n  \r\n\n', code: invalid, message: /empty/ },
      {
        name: 'a JSON value that is no object',
        file: () => `${lines[0]}\n[1,2]\n`,
        code: invalid,
        message: /^Line 2: .*not a JSON object/,
      },
    ];

    it.each(cases)('$name, logging nothing', async ({ file, code, message }) => {
      const registry = await freshRegistry();
      const version = await registry.saveVersion(iris);
      const error = await refusal(registry.importPredictionLog(version.id, file()));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.hint).toBeTruthy();
      expect((await registry.predictionLogStats()).rows).toBe(0);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  });

  it('refuses a cancelled import, before or while reading, and logs nothing', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(iris);
    const text = readFileSync(irisLog, 'utf8');
    const cancelled = new AbortController();
    cancelled.abort();
    const before = await refusal(
      registry.importPredictionLog(version.id, text, { signal: cancelled.signal }),
    );
    expect(before.code).toBe('aborted');
    const during = new AbortController();
    const error = await refusal(
      registry.importPredictionLog(version.id, text, {
        signal: during.signal,
        onProgress: () => during.abort(),
      }),
    );
    expect(error.code).toBe('aborted');
    expect((await registry.predictionLogStats()).rows).toBe(0);
  });

  it('refuses a line or a file over its limit', async () => {
    const registry = await freshRegistry();
    const version = await registry.saveVersion(iris);
    const db = await openDB<RegistrySchema>(registry.name, registry.schemaVersion);
    const conn = new RegistryConnection(db, registry.name, {});
    try {
      const text = readFileSync(irisLog, 'utf8');
      const sizes = text.split('\n').map((line) => Buffer.byteLength(line));
      const longest = Math.max(...sizes);
      const line = await refusal(
        importPredictionLog(
          conn,
          version.id,
          text,
          {},
          {
            maxFileBytes: 2 ** 30,
            maxLineBytes: longest - 1,
          },
        ),
      );
      const over = sizes.indexOf(longest) + 1;
      expect(line).toMatchObject({ code: 'prediction_log_invalid', details: { line: over } });
      expect(line.message).toMatch(/longer than/);
      const file = await refusal(
        importPredictionLog(
          conn,
          version.id,
          text,
          {},
          {
            maxFileBytes: text.length - 1,
            maxLineBytes: 2 ** 20,
          },
        ),
      );
      expect(file.message).toMatch(/more than/);
      // Within both limits, the same file imports.
      const fits = { maxFileBytes: text.length, maxLineBytes: longest };
      await expect(importPredictionLog(conn, version.id, text, {}, fits)).resolves.toMatchObject({
        rows: 300,
      });
    } finally {
      conn.close('closed');
    }
  });
});
