/**
 * exportModel's TF.js files, read back the way a deployed app reads them: model.json and the
 * .bin parsed from the files alone, loaded by stock `tf.loadLayersModel` (CPU backend), and the
 * rows preprocessed from the parsed preprocess.json alone. tfjs's http and file loaders need a
 * server; `tf.io.fromMemory` with the parsed files is the honest Node equivalent.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../test-refusal';
import type { Table } from '../data/table';
import { transformRows } from '../features/preprocess';
import { quantizeModel } from '../quantize/quantize-model';
import { trainedOn } from '../quantize/test-models';
import { predict } from '../train/predict';
import { splitFor } from '../train/split-for';
import type { TrainedModel } from '../train/types';
import { exportModel, PREPROCESS_FORMAT, type PreprocessJson } from './export-model';

let table: Table;
let float32: TrainedModel;

beforeAll(async () => {
  ({ table, model: float32 } = await trainedOn('iris'));
});

const parse = (bytes: Uint8Array | undefined): unknown => {
  if (!bytes) throw new Error('missing file');
  return JSON.parse(new TextDecoder().decode(bytes));
};

interface ModelJson {
  modelTopology: object;
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Exports `model`, loads the files with stock tfjs, predicts the test rows and returns the
 * largest |theirs - ours| over every test row and class.
 */
async function exportedDifference(model: TrainedModel): Promise<number> {
  const files = await exportModel(model, { format: 'tfjs' });
  expect(Object.keys(files).sort()).toEqual([
    'group1-shard1of1.bin',
    'model.json',
    'preprocess.json',
  ]);
  const modelJson = parse(files['model.json']) as ModelJson;
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest).toHaveLength(1);
  const manifest = modelJson.weightsManifest[0];
  if (!manifest) throw new Error('no weights group');
  expect(manifest.paths).toEqual(['group1-shard1of1.bin']);
  const bin = files[manifest.paths[0] ?? ''];
  if (!bin) throw new Error('the manifest names no exported file');
  // A fresh buffer holding exactly the file's bytes, as a fetch or file read gives.
  const weightData = bin.slice().buffer;
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: manifest.weights,
      weightData,
    }),
  );

  // Only the parsed preprocess.json: nothing of `model` is used to prepare the inputs.
  const preprocess = parse(files['preprocess.json']) as PreprocessJson;
  expect(preprocess.format).toBe(PREPROCESS_FORMAT);
  const rows = splitFor(model, table).test;
  const inputs = transformRows(preprocess.preprocessing, table, rows);
  const output = loaded.predict(
    tf.tensor2d(inputs, [rows.length, preprocess.preprocessing.width]),
  ) as tf.Tensor;
  const theirs = (await output.data()) as Float32Array;
  output.dispose();
  loaded.dispose();

  const ours = await predict(model, table);
  const width = preprocess.classes.length;
  expect(theirs.length).toBe(rows.length * width);
  let max = 0;
  for (const [i, row] of rows.entries()) {
    const prediction = ours[row];
    if (!prediction || !('probabilities' in prediction)) throw new Error('expected classes');
    let best = 0;
    for (let c = 0; c < width; c++) {
      const value = theirs[i * width + c] ?? NaN;
      if (value > (theirs[i * width + best] ?? NaN)) best = c;
      const difference = Math.abs(value - (prediction.probabilities[c] ?? NaN));
      max = Math.max(max, Number.isNaN(difference) ? Infinity : difference);
    }
    // The label a deployed app reads from preprocess.json's class order is ours.
    expect(preprocess.classes[best]).toBe(prediction.label);
  }
  const dtypes = [...new Set(model.weights.map((w) => w.dtype ?? 'float32'))].join(',');
  console.info(`exportModel tfjs [${dtypes}]: ${rows.length} test rows, max difference ${max}`);
  return max;
}

describe('exportModel tfjs', () => {
  it('writes preprocess.json as the model stores its preprocessing, classes and scale', async () => {
    const files = await exportModel(float32, { format: 'tfjs' });
    expect(parse(files['preprocess.json'])).toEqual({
      format: 'tabular-workbench/preprocess@1',
      task: float32.task,
      target: float32.target,
      features: float32.spec.features,
      classes: float32.classes,
      targetScale: float32.targetScale,
      preprocessing: float32.preprocessing,
      onnx: {
        ir: 8,
        opset: 13,
        inputs: [{ name: 'features', columns: float32.spec.features }],
        outputs: ['probabilities', 'label'],
      },
    });
    const modelJson = parse(files['model.json']) as ModelJson;
    expect(Object.keys(modelJson).sort()).toEqual([
      'convertedBy',
      'format',
      'generatedBy',
      'modelTopology',
      'weightsManifest',
    ]);
  });

  // The same float32 weights in, the same float32 network out.
  it('float32: stock tfjs loading the files predicts what predict does (within 1e-5)', async () => {
    expect(await exportedDifference(float32)).toBeLessThanOrEqual(1e-5);
  });

  // Both sides decode the binary16 bits exactly to the same float32 weights.
  it('float16: stock tfjs loading the files predicts what predict does (within 1e-5)', async () => {
    const model = await quantizeModel(float32, { scheme: 'float16', calibration: table });
    expect(await exportedDifference(model)).toBeLessThanOrEqual(1e-5);
  });

  // Compared with our predict of the same uint8 model (not its float32 parent): both read the
  // same codes, tf.js as float32(code * scale + min), we as float32(scale * (code - zeroPoint)),
  // the same real number rounded along another path, so a weight differs by at most one
  // float32 ulp; through the network that stays well under 1e-5, the same bound as float32.
  it('uint8: stock tfjs loading the files predicts what predict does (within 1e-5)', async () => {
    const model = await quantizeModel(float32, { scheme: 'uint8', calibration: table });
    expect(model.weights.some((w) => w.dtype === 'uint8')).toBe(true);
    expect(await exportedDifference(model)).toBeLessThanOrEqual(1e-5);
  });

  it('refuses an int8 model with export_unsupported and advice', async () => {
    const model = await quantizeModel(float32, { scheme: 'int8', calibration: table });
    const error = await refusal(exportModel(model, { format: 'tfjs' }));
    expect(error.code).toBe('export_unsupported');
    expect(error.message).toMatch(/int8/);
    expect(error.hint).toMatch(/ONNX/);
    expect(error.hint).toMatch(/uint8 or float16/);
    expect(error.details).toMatchObject({ scheme: 'int8', format: 'tfjs' });
  });

  it('writes model.onnx with preprocess.json, which describes its inputs', async () => {
    const files = await exportModel(float32, { format: 'onnx' });
    expect(Object.keys(files).sort()).toEqual(['model.onnx', 'preprocess.json']);
    const preprocess = parse(files['preprocess.json']) as PreprocessJson;
    expect(preprocess.onnx).toEqual({
      ir: 8,
      opset: 13,
      inputs: [{ name: 'features', columns: float32.spec.features }],
      outputs: ['probabilities', 'label'],
    });
  });

  it.each(['pmml', undefined, 7])(
    'refuses the format %s with invalid_export_options',
    async (format) => {
      const error = await refusal(exportModel(float32, { format } as never));
      expect(error.code).toBe('invalid_export_options');
      expect(error.details).toEqual({ format: String(format) });
    },
  );
});
