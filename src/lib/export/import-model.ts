/**
 * `importModel`: a model file a person drops or picks, back as a validated model. Two forms are
 * read, both strictly (import-bundle.ts, import-tfjs.ts):
 *
 * - a bundle: one .zip the workbench wrote (bundle-format.ts);
 * - TF.js files: model.json, the weight files its manifest names and preprocess.json.
 *
 * Anything else is refused with `model_file_foreign`. Nothing here touches the registry: the
 * caller saves the model it gets (as a version with origin "imported").
 */
import type { TrainedModel } from '../train/types';
import { BUNDLE_FILES } from './bundle-format';
import { foreign } from './import-errors';
import { importBundle } from './import-bundle';
import { importTfjs } from './import-tfjs';

/** "PK\3\4" (a zip's first entry) or "PK\5\6" (an empty zip's end record). */
function isZip(name: string, bytes: Uint8Array): boolean {
  const signature = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const next = bytes[2] === 3 ? 4 : bytes[2] === 5 ? 6 : -1;
  return (signature && bytes[3] === next) || /\.zip$/i.test(name);
}

/** The given files as a list, refusing anything that is not a record of byte arrays. */
function entriesOf(files: unknown): [string, Uint8Array][] {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    throw foreign('no files were given');
  }
  const entries = Object.entries(files as Record<string, unknown>);
  for (const [name, bytes] of entries) {
    if (!(bytes instanceof Uint8Array)) throw foreign(`${name.slice(0, 80)} is not a file's bytes`);
  }
  return entries as [string, Uint8Array][];
}

/**
 * The model in `files` (bare file names to their bytes): a bundle .zip alone, or TF.js's
 * model.json with its weight files and preprocess.json (other files beside them are left
 * alone). Refuses with `model_file_foreign`, `model_file_corrupt`, `model_file_too_large` or
 * `model_layer_unsupported`; the result is a new model that passed `validateModel`.
 */
export async function importModel(files: Record<string, Uint8Array>): Promise<TrainedModel> {
  const entries = entriesOf(files);
  if (entries.length === 0) throw foreign('no files were given');
  const zips = entries.filter(([name, bytes]) => isZip(name, bytes));
  const [zip] = zips;
  if (zip) {
    if (entries.length > 1) {
      throw foreign(`${zip[0].slice(0, 80)} is a zip among other files (import a bundle alone)`);
    }
    return importBundle(zip[1]);
  }
  if (!Object.hasOwn(files, BUNDLE_FILES.tfjsModel)) {
    const names = entries.map(([name]) => name.slice(0, 80)).slice(0, 5);
    throw foreign(
      `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} neither a bundle nor model.json`,
    );
  }
  return importTfjs(files);
}
