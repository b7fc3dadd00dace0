/**
 * predict.mjs run for real, by `node`, in a bundle-like folder (model.onnx, preprocess.json,
 * predict.mjs) under test-results/, so that its `import('onnxruntime-node')` finds the repo's
 * node_modules: every row it writes must be what the workbench predicts for the same CSV read
 * by readCsv (predictWithoutTfjs), within float32 rounding.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../data/read-csv';
import type { Table } from '../../data/table';
import { quantizeModel } from '../../quantize/quantize-model';
import { predictWithoutTfjs } from '../../train/forward-pass';
import { trainModel } from '../../train/train-model';
import type { TrainedModel } from '../../train/types';
import {
  PREDICTION_LOG_FORMAT,
  type PredictionLogBatch,
  type PredictionLogHeader,
} from '../prediction-log-format';
import {
  bundleFolder as sharedBundleFolder,
  editedCars,
  inputFile,
  runScript,
  sample,
  scriptRoot,
} from './script-fixtures';

const root = scriptRoot('predict-script');
const bundleFolder = (model: TrainedModel, under = root()) => sharedBundleFolder(model, under);
const run = runScript;

type Row = Record<string, string>;

/** Scores `csv` with the script, which must say nothing on stderr: its output rows and header. */
function score(folder: string, csv: string, extra: string[] = []) {
  const result = run(folder, [inputFile(folder, csv), ...extra]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const parsed = Papa.parse<Row>(result.stdout, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { rows: parsed.data, fields: parsed.meta.fields ?? [] };
}

/** Checks every output row against the workbench's prediction for the same CSV. */
async function expectSamePredictions(model: TrainedModel, csv: string | Table, rows: Row[]) {
  const table = typeof csv === 'string' ? await readCsv(csv) : csv;
  const expected = await predictWithoutTfjs(model, table);
  expect(rows.length).toBe(expected.length);
  let largest = 0;
  expected.forEach((prediction, i) => {
    const row = rows[i] as Row;
    if ('value' in prediction) {
      const value = Number(row.prediction);
      const scale = Math.max(1, Math.abs(prediction.value));
      largest = Math.max(largest, Math.abs(value - prediction.value) / scale);
      return;
    }
    expect(row.prediction, `row ${i + 1}`).toBe(prediction.label);
    model.classes.forEach((label, k) => {
      const p = Number(row[`probability_${label}`]);
      largest = Math.max(largest, Math.abs(p - (prediction.probabilities[k] ?? NaN)));
    });
  });
  expect(largest).toBeLessThanOrEqual(1e-5);
}

describe('predict.mjs', () => {
  let cars: TrainedModel;
  let carsFolder: string;
  let carsTable: Table;
  beforeAll(async () => {
    carsTable = await readCsv(sample('cars.csv'));
    cars = await trainModel(carsTable, { target: 'Miles_per_Gallon', seed: 3, epochs: 8 });
    carsFolder = bundleFolder(cars);
  });

  it('predicts regression on cars (a date, a category, missing cells) as the workbench', async () => {
    const kinds = cars.preprocessing.steps.map((step) => `${step.column}:${step.kind}`);
    expect(kinds).toContain('Year:datetime');
    expect(kinds).toContain('Origin:one-hot');
    const csv = sample('cars.csv');
    const { rows, fields } = score(carsFolder, csv);
    const [header = '', ...lines] = csv.trim().split(/\r?\n/);
    expect(fields).toEqual([...header.split(','), 'prediction']);
    // The input columns come back as read: missing cells stay empty.
    expect(rows.map((row) => Object.values(row).slice(0, -1).join(','))).toEqual(lines);
    await expectSamePredictions(cars, csv, rows);
  });

  it('reads unseen categories, missing values, quotes, CRLF and a BOM as readCsv does', async () => {
    const csv = editedCars();
    const { rows } = score(carsFolder, csv);
    await expectSamePredictions(cars, csv, rows);
    const first = rows[0]?.prediction;
    const last = rows.slice(-12).map((row) => row.prediction);
    expect(rows.at(-10)?.Origin).toBe('NA');
    expect(rows.at(-3)?.Name).toBe('chevy "special", v8');
    // Unlisted origins share the "other" slot; a missing one takes the fill (USA, row 1's).
    expect(cars.preprocessing.steps.find((step) => step.column === 'Origin')).toMatchObject({
      fill: 'USA',
    });
    expect([last[2], last[4]]).toEqual([last[0], last[0]]);
    expect(last[1]).toBe(first);
    expect(last[3]).not.toBe(last[0]);
    // 1.3e2 is row 1's 130, and 3,504 its 3504; a missing number or date changes the prediction.
    expect([last[6], last[11]]).toEqual([first, first]);
    expect([last[5], last[7], last[8]]).not.toContain(first);
  });

  it('guards cells a spreadsheet would run as formulas, and leaves signed numbers alone', () => {
    const csv = sample('cars.csv');
    const [header = '', ...lines] = csv.trim().split(/\r?\n/);
    const hostile = [
      header,
      ...lines
        .slice(0, 3)
        .map((line, i) =>
          line.replace(/^[^,]+/, ['=HYPERLINK("http://x")', '@SUM(A1)', '-2'][i] ?? ''),
        ),
    ].join('\n');
    const { rows } = score(carsFolder, `${hostile}\n`);
    expect(rows.map((row) => row.Name)).toEqual(['\'=HYPERLINK("http://x")', "'@SUM(A1)", '-2']);
  });

  it('reads a ;-separated Windows-1252 file with a BOM and decimal commas as readCsv does', async () => {
    const text = sample('cars.csv')
      .split(/\r?\n/)
      .map((line, i) => (i === 1 ? line.replace('chevrolet', 'chévrolet') : line))
      .map((line) => line.split(',').map((cell, c) => (c === 0 ? cell : cell.replace('.', ','))))
      .map((cells) => cells.join(';'))
      .join('\n');
    // é is 0xE9 in Windows-1252; a UTF-8 byte-order mark before it is dropped all the same.
    const bytes = Uint8Array.from('\xEF\xBB\xBF' + text, (c) => c.charCodeAt(0));
    const table = await readCsv(bytes);
    expect(table.source).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal: ',' });
    const input = join(carsFolder, 'semicolons.csv');
    writeFileSync(input, bytes);
    const result = run(carsFolder, [input]);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const parsed = Papa.parse<Row>(result.stdout, { header: true, skipEmptyLines: true });
    expect(parsed.meta.delimiter).toBe(';');
    expect(parsed.data[0]?.Name).toBe('chévrolet chevelle malibu');
    await expectSamePredictions(cars, table, parsed.data);
  });

  it('predicts an int8 model as the workbench', async () => {
    const int8 = await quantizeModel(cars, { scheme: 'int8', calibration: carsTable });
    const csv = editedCars();
    const { rows } = score(bundleFolder(int8), csv);
    await expectSamePredictions(int8, csv, rows);
  });

  it('predicts five classes on seattle-weather from its date', async () => {
    const csv = sample('seattle-weather.csv');
    const table = await readCsv(csv);
    const features = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind'];
    const model = await trainModel(table, { target: 'weather', features, seed: 3, epochs: 5 });
    expect(model.preprocessing.steps[0]?.kind).toBe('datetime');
    const { rows, fields } = score(bundleFolder(model), csv);
    expect(fields.slice(-6)).toEqual([
      'prediction',
      ...model.classes.map((label) => `probability_${label}`),
    ]);
    await expectSamePredictions(model, csv, rows);
  });

  it('predicts a yes/no target on iris, and logs every batch', async () => {
    const csv = sample('iris.csv').replace(/,(setosa|versicolor|virginica)$/gm, (_, s: string) =>
      s === 'virginica' ? ',yes' : ',no',
    );
    const model = await trainModel(await readCsv(csv), { target: 'species', seed: 3, epochs: 10 });
    expect(model.task).toBe('binary');
    const folder = bundleFolder(model);
    const log = join(folder, 'log.jsonl');
    const { rows } = score(folder, csv, ['--log', log, '--batch', '40']);
    await expectSamePredictions(model, csv, rows);

    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] ?? '') as PredictionLogHeader;
    const sha256 = createHash('sha256')
      .update(readFileSync(join(folder, 'model.onnx')))
      .digest('hex');
    expect(header).toMatchObject({
      format: PREDICTION_LOG_FORMAT,
      target: 'species',
      task: 'binary',
      features: model.spec.features,
      classes: model.classes,
      model: { sha256 },
    });
    expect(Date.parse(header.createdAt)).not.toBeNaN();
    const batches = lines.slice(1).map((line) => JSON.parse(line) as PredictionLogBatch);
    expect(batches.map((b) => b.rows)).toEqual([40, 40, 40, 30]);
    expect(batches.map((b) => b.firstRow)).toEqual([1, 41, 81, 121]);
    for (const batch of batches) {
      expect(batch.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Object.keys(batch.inputs)).toEqual(model.spec.features);
      for (const values of Object.values(batch.inputs)) expect(values.length).toBe(batch.rows);
    }
    expect(batches.flatMap((b) => b.predictions)).toEqual(rows.map((row) => row.prediction));
    const probabilities = batches.flatMap((b) => b.probabilities ?? []);
    expect(probabilities).toEqual(
      rows.map((row) => model.classes.map((label) => Number(row[`probability_${label}`]))),
    );
    const feature = model.spec.features[0] ?? '';
    expect(batches[0]?.inputs[feature]?.[0]).toBe(csv.split('\n')[1]?.split(',')[0]);

    // A second run appends a second header and its batches.
    score(folder, csv, ['--log', log]);
    const again = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(again.length).toBe(lines.length + 2);
    expect((JSON.parse(again[lines.length] ?? '') as PredictionLogHeader).format).toBe(
      PREDICTION_LOG_FORMAT,
    );
  });

  it('logs missing cells as null and regression values as numbers', () => {
    const log = join(carsFolder, 'cars-log.jsonl');
    const { rows } = score(carsFolder, editedCars(), ['--log', log]);
    const [, batch] = readFileSync(log, 'utf8').trimEnd().split('\n');
    const logged = JSON.parse(batch ?? '') as PredictionLogBatch;
    expect(logged.rows).toBe(rows.length);
    expect(logged.predictions).toEqual(rows.map((row) => Number(row.prediction)));
    expect(logged.probabilities).toBeUndefined();
    const origin = logged.inputs.Origin ?? [];
    expect(origin.slice(-12, -7)).toEqual(['Atlantis', null, 'NA', 'Japan', 'Japan ']);
    expect(origin.at(-2)).toBeNull();
    expect(logged.inputs.Horsepower?.slice(-7, -5)).toEqual([null, ' 1.3e2 ']);
  });

  it('names a missing feature column, in one line, and exits non-zero', () => {
    const csv = sample('cars.csv').replace('Horsepower', 'HP');
    const input = join(carsFolder, 'no-horsepower.csv');
    writeFileSync(input, csv);
    const result = run(carsFolder, [input]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^predict\.mjs: .*"Horsepower".*HP.*\n$/);
    expect(result.stderr.split('\n').length).toBe(2);
  });

  it('refuses bad usage, unreadable files and a foreign preprocess.json', () => {
    expect(run(carsFolder, ['--help'])).toMatchObject({ status: 0, stdout: /^Usage: / });
    expect(run(carsFolder, [])).toMatchObject({ status: 2, stderr: /no input file/ });
    const missing = run(carsFolder, [join(carsFolder, 'nowhere.csv')]);
    expect(missing).toMatchObject({
      status: 1,
      stderr: /^predict\.mjs: cannot read .*nowhere\.csv/,
    });
    const foreign = bundleFolder(cars);
    writeFileSync(join(foreign, 'preprocess.json'), JSON.stringify({ format: 'other@2' }));
    const refused = run(foreign, [join(foreign, 'model.onnx')]);
    expect(refused).toMatchObject({ status: 1, stderr: /tabular-workbench\/preprocess@1/ });
    for (const result of [missing, refused]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says how to install onnxruntime-node when it is missing', () => {
    const outside = mkdtempSync(join(tmpdir(), 'predict-script-'));
    try {
      const folder = bundleFolder(cars, outside);
      const input = join(folder, 'cars.csv');
      writeFileSync(input, sample('cars.csv'));
      const result = run(folder, [input]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/npm install onnxruntime-node/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
