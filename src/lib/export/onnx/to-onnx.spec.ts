/**
 * The ONNX export read back by independent software: onnxruntime-node runs every variant of
 * every task on the test rows and predicts what the workbench predicts, and onnx 1.12's
 * checker (Debian's python3-onnx; scripts/ensure-test-tools.mjs installs it) accepts every file
 * with `full_check=True`, which also runs ONNX's shape inference.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../data/read-csv';
import type { Table } from '../../data/table';
import { quantizeModel } from '../../quantize/quantize-model';
import { trainedOn } from '../../quantize/test-models';
import { predictWithoutTfjs } from '../../train/forward-pass';
import { splitFor } from '../../train/split-for';
import { trainModel } from '../../train/train-model';
import type { TrainedModel } from '../../train/types';
import { verifyOnnx, type OnnxRuntimeLike } from '../verify-onnx';
import { onnxInterface, toOnnx } from './to-onnx';

const runtime: OnnxRuntimeLike = {
  name: 'onnxruntime-node',
  version: ort.env.versions.common ?? 'unknown',
  InferenceSession: ort.InferenceSession,
  Tensor: ort.Tensor,
};

const sample = (name: string) =>
  readFileSync(new URL(`../../../../public/samples/${name}`, import.meta.url), 'utf8');

/** iris with a yes/no target: is the flower a virginica? */
async function binaryIris(): Promise<{ table: Table; model: TrainedModel }> {
  const text = sample('iris.csv').replace(/,(setosa|versicolor|virginica)$/gm, (_, s: string) =>
    s === 'virginica' ? ',yes' : ',no',
  );
  const table = await readCsv(text);
  const model = await trainModel(table, { target: 'species', seed: 3, epochs: 40 });
  return { table, model };
}

/** seattle-weather with its date as a feature (a date column enters through `dates`). */
async function seattle(): Promise<{ table: Table; model: TrainedModel }> {
  const table = await readCsv(sample('seattle-weather.csv'));
  const features = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind'];
  const model = await trainModel(table, { target: 'weather', features, seed: 3, epochs: 15 });
  return { table, model };
}

const cases: Record<string, () => Promise<{ table: Table; model: TrainedModel }>> = {
  'iris (3 classes)': () => trainedOn('iris'),
  'iris (binary)': binaryIris,
  'cars (regression, a date and a category, missing cells)': () => trainedOn('cars'),
  'seattle-weather (5 classes, a date)': seattle,
};

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'onnx-check-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** onnx.checker.check_model(full_check=True) on the bytes; returns what python read back. */
function onnxCheck(bytes: Uint8Array, name: string): { ir: number; opset: number } {
  const path = join(folder, `${name.replace(/\W+/g, '-')}.onnx`);
  writeFileSync(path, bytes);
  const script = [
    'import json, sys, onnx',
    'm = onnx.load(sys.argv[1])',
    'onnx.checker.check_model(m, full_check=True)',
    'print(json.dumps({"ir": m.ir_version, "opset": m.opset_import[0].version}))',
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  return JSON.parse(out) as { ir: number; opset: number };
}

describe.each(Object.entries(cases))('ONNX export of %s', (_, make) => {
  let table: Table;
  let float32: TrainedModel;
  beforeAll(async () => {
    ({ table, model: float32 } = await make());
  });

  it.each(['float32', 'float16', 'uint8', 'int8'] as const)(
    '%s: onnxruntime-node predicts the test rows as the workbench, and the checker accepts it',
    async (scheme) => {
      const model =
        scheme === 'float32'
          ? float32
          : await quantizeModel(float32, { scheme, calibration: table });
      const bytes = toOnnx(model, 'test');
      expect(onnxCheck(bytes, `${model.target}-${scheme}`)).toEqual({ ir: 8, opset: 13 });
      const test = splitFor(model, table).test;
      const check = await verifyOnnx(runtime, model, bytes, table, test);
      expect(check.rows).toBe(test.length);
      expect(check.sameLabel).toBe(test.length);
      // float32, and float16 or uint8 weights dequantized to float32, are the workbench's own
      // arithmetic up to float32 summation order. int8: the same integer codes, so only an
      // activation exactly at a rounding boundary could move one code; none does here.
      expect(check.largestDifference).toBeLessThanOrEqual(1e-5);
    },
  );
});

describe('the ONNX graph interface', () => {
  it('takes unseen categories, missing numbers and missing dates as the workbench does', async () => {
    const { model } = await trainedOn('cars');
    const lines = sample('cars.csv').trim().split(/\r?\n/);
    const header = lines[0] ?? '';
    // Row 1 as is, then with an unseen origin, a missing horsepower, a missing year and origin.
    const row = lines[1] ?? '';
    const edited = [
      row,
      row.replace(/,USA$/, ',Atlantis'),
      row.replace(/,130,/, ',,'),
      row.replace(/,1970-01-01,USA$/, ',,'),
    ];
    const table = await readCsv([header, ...edited].join('\n'));
    expect(table.rowCount).toBe(4);
    const rows = [0, 1, 2, 3];
    const check = await verifyOnnx(runtime, model, toOnnx(model, 'test'), table, rows);
    expect(check.largestDifference).toBeLessThanOrEqual(1e-5);
    // The edits changed the predictions, so the comparison saw each case.
    const values = (await predictWithoutTfjs(model, table)).map((p) =>
      'value' in p ? p.value : 0,
    );
    expect(new Set(values).size).toBe(4);
  });

  it('describes its inputs and outputs', async () => {
    const { model } = await trainedOn('cars');
    expect(onnxInterface(model)).toEqual({
      ir: 8,
      opset: 13,
      inputs: [
        { name: 'features', columns: model.spec.features },
        {
          name: 'dates',
          columns: ['years_since_1970', 'month', 'weekday', 'yearday', 'hour'].map(
            (part) => `Year.${part}`,
          ),
        },
      ],
      outputs: ['value'],
    });
    const session = await ort.InferenceSession.create(toOnnx(model, 'test'));
    expect(session.inputNames).toEqual(['features', 'dates']);
    expect(session.outputNames).toEqual(['value']);
  });

  it('gives classifiers probabilities first, then an int64 label', async () => {
    const { model } = await trainedOn('iris');
    const session = await ort.InferenceSession.create(toOnnx(model, 'test'));
    expect(session.outputNames).toEqual(['probabilities', 'label']);
    const features = new Float32Array([5.1, 3.5, 1.4, 0.2]);
    const out = await session.run({ features: new ort.Tensor('float32', features, [1, 4]) });
    expect(out.label?.type).toBe('int64');
    expect(out.probabilities?.dims).toEqual([1, 3]);
    const ours = await predictWithoutTfjs(model, [
      {
        'sepal_length_(cm)': 5.1,
        'sepal_width_(cm)': 3.5,
        'petal_length_(cm)': 1.4,
        'petal_width_(cm)': 0.2,
      },
    ]);
    expect(model.classes[Number(out.label?.data[0])]).toBe(
      ours[0] && 'label' in ours[0] ? ours[0].label : '',
    );
  });
});
