/**
 * Test helpers that run a bundle's predict.mjs for real, by `node`, in a bundle-like folder
 * under test-results/ (so that its `import('onnxruntime-node')` finds the repo's node_modules),
 * and the edited cars file that holds every cell case a real file has. Used by unit tests only.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { TrainedModel } from '../../train/types';
import { preprocessJson } from '../export-model';
import { toOnnx } from '../onnx/to-onnx';
import { PREDICT_SCRIPT } from './index';

export const repo = fileURLToPath(new URL('../../../../', import.meta.url));

export const sample = (name: string) => readFileSync(join(repo, 'public/samples', name), 'utf8');

/** A folder under test-results/ for the spec file's bundles, removed after its tests. */
export function scriptRoot(prefix: string): () => string {
  let root = '';
  beforeAll(() => {
    mkdirSync(join(repo, 'test-results'), { recursive: true });
    root = mkdtempSync(join(repo, 'test-results', `${prefix}-`));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return () => root;
}

let files = 0;

/** A folder under `under` holding what a bundle gives predict.mjs. */
export function bundleFolder(model: TrainedModel, under: string): string {
  const folder = join(under, `bundle-${++files}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'model.onnx'), toOnnx(model, 'test'));
  writeFileSync(join(folder, 'preprocess.json'), JSON.stringify(preprocessJson(model)));
  writeFileSync(join(folder, 'predict.mjs'), PREDICT_SCRIPT);
  return folder;
}

export function runScript(folder: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(folder, 'predict.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `csv` into the folder as a fresh input file; resolves to its path. */
export function inputFile(folder: string, csv: string): string {
  const input = join(folder, `input-${++files}.csv`);
  writeFileSync(input, csv);
  return input;
}

/** cars with the edits a real file has: CRLF, a BOM, quotes, an unseen origin, missing cells. */
export function editedCars(): string {
  const [header = '', ...rows] = sample('cars.csv').trim().split(/\r?\n/);
  const row = rows[0] ?? '';
  const edited = [
    row.replace(/,USA$/, ',Atlantis'), // a category not seen in training
    row.replace(/,USA$/, ',NA'), // a missing category
    row.replace(/,USA$/, ',"NA"'), // quoted: a category named NA, not missing
    row.replace(/,USA$/, ',  Japan '), // unquoted: trimmed
    row.replace(/,USA$/, ',"Japan "'), // quoted: kept as is, so not Japan
    row.replace(/,130,/, ',,'), // a missing number
    row.replace(/,130,/, ', 1.3e2 ,'), // spaces and an exponent
    row.replace(/,1970-01-01,/, ',,'), // a missing date
    row.replace(/,1970-01-01,/, ',1975-06-15T12:30:00+02:00,'), // a time with an offset
    row.replace(/^[^,]+/, '"chevy ""special"", v8"'), // quotes and a comma in a name
    row.split(',').slice(0, 7).join(','), // a short row: date and origin missing
    row.replace(/,3504,/, ',"3,504",'), // a thousands separator
  ];
  return '\uFEFF' + [header, ...rows, ...edited].join('\r\n') + '\r\n';
}
