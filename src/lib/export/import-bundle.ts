/**
 * A model bundle (bundle-format.ts) read back through the bounded zip reader backups use:
 * limits checked from the central directory before anything is inflated, bundle.json checked
 * against its schema, every entry listed (and nothing unlisted), every entry's size and SHA-256
 * proven, then the workbench's own model file decoded and validated. A bundle without that
 * file is read from its TF.js files instead.
 */
import * as v from 'valibot';
import { openZip, type ZipArchive, type ZipLimits } from '../archive/zip-reader';
import { validateModel } from '../model/formats';
import { MANIFEST_NAME, MAX_JSON_ENTRY_BYTES, sha256Hex } from '../registry/backup-format';
import { ownBuffer, referencedChunks } from '../registry/backup-entries';
import { decodeModel } from '../registry/codec';
import { firstIssue } from '../registry/record-schemas';
import type { TrainedModel } from '../train/types';
import { BUNDLE_FILES, BUNDLE_FORMAT, workbenchChunkPath } from './bundle-format';
import { modelFileReads, corrupt, foreign } from './import-errors';
import { bundleManifestSchema } from './import-schemas';
import { importTfjs } from './import-tfjs';
import { MAX_WEIGHT_BYTES } from './import-weights';

type Manifest = v.InferOutput<typeof bundleManifestSchema>;

/**
 * What a bundle may hold: its weights three times at most (TF.js, ONNX and the workbench's own
 * file) plus a few JSON-sized entries; one entry is at most the weights plus two JSON entries
 * (model.onnx holds preprocess.json too). Far below what would exhaust a tab.
 */
export const BUNDLE_LIMITS: Partial<ZipLimits> = {
  maxArchiveBytes: 3 * MAX_WEIGHT_BYTES + 8 * MAX_JSON_ENTRY_BYTES,
  maxTotalBytes: 3 * MAX_WEIGHT_BYTES + 8 * MAX_JSON_ENTRY_BYTES,
  maxEntryBytes: MAX_WEIGHT_BYTES + 2 * MAX_JSON_ENTRY_BYTES,
  maxEntries: 128,
};

/** Entries read as JSON, held to the JSON cap. */
const JSON_FILES = new Set<string>([
  BUNDLE_FILES.manifest,
  BUNDLE_FILES.tfjsModel,
  BUNDLE_FILES.preprocess,
  BUNDLE_FILES.workbenchModel,
  BUNDLE_FILES.card,
]);
const KNOWN_FILES = new Set<string>(Object.values(BUNDLE_FILES));
const CHUNK = /^workbench\/weights-(0|[1-9][0-9]{0,3})\.bin$/;
const TFJS_ENTRIES = [BUNDLE_FILES.tfjsModel, BUNDLE_FILES.tfjsWeights, BUNDLE_FILES.preprocess];

async function readManifest(zip: ZipArchive): Promise<Manifest> {
  if (!zip.get(BUNDLE_FILES.manifest)) {
    throw foreign(
      zip.get(MANIFEST_NAME)
        ? 'it is a workbench backup (import it with "Import backup" instead)'
        : 'the zip has no bundle.json',
    );
  }
  const bytes = await modelFileReads.readEntry(zip, BUNDLE_FILES.manifest, MAX_JSON_ENTRY_BYTES);
  const raw = modelFileReads.parseJson(bytes, BUNDLE_FILES.manifest);
  if ((raw as { format?: unknown } | null)?.format !== BUNDLE_FORMAT) {
    throw foreign('its bundle.json names another format');
  }
  const result = v.safeParse(bundleManifestSchema, raw);
  if (!result.success) throw corrupt(`its bundle.json is malformed (${firstIssue(result.issues)})`);
  return result.output;
}

/** bundle.json lists exactly the zip's entries, by known names, with their sizes. */
function checkListing(manifest: Manifest, zip: ZipArchive): void {
  const files = new Map(manifest.files.map((file) => [file.path, file]));
  if (files.size !== manifest.files.length) throw corrupt('bundle.json lists a file twice');
  for (const path of files.keys()) {
    if (path === BUNDLE_FILES.manifest || !(KNOWN_FILES.has(path) || CHUNK.test(path))) {
      throw corrupt(`bundle.json lists ${path.slice(0, 80)}, which a bundle does not hold`);
    }
    if (!zip.get(path)) throw corrupt(`${path} is missing`);
  }
  for (const entry of zip.entries) {
    if (entry.name === BUNDLE_FILES.manifest) continue;
    const file = files.get(entry.name);
    if (!file) throw corrupt(`it holds ${entry.name}, which bundle.json does not list`);
    if (file.bytes !== entry.size) throw corrupt(`${entry.name} is not the size bundle.json says`);
  }
  const model = manifest.model;
  if (!model) return;
  if (
    model.json !== BUNDLE_FILES.workbenchModel ||
    model.chunks.some((path, k) => path !== workbenchChunkPath(k))
  ) {
    throw corrupt("the workbench model file's entries are misnamed in bundle.json");
  }
  for (const path of [model.json, ...model.chunks]) {
    if (!files.has(path)) throw corrupt(`bundle.json does not list ${path}`);
  }
  const chunks = new Set(model.chunks);
  for (const path of files.keys()) {
    if (CHUNK.test(path) && !chunks.has(path)) throw corrupt(`${path} is not part of the model`);
  }
}

/** Every listed entry proven against its SHA-256; the bytes of those in `keep` kept. */
async function readVerified(
  zip: ZipArchive,
  manifest: Manifest,
  keep: ReadonlySet<string>,
): Promise<Map<string, Uint8Array>> {
  const kept = new Map<string, Uint8Array>();
  for (const file of manifest.files) {
    const limit = JSON_FILES.has(file.path) ? MAX_JSON_ENTRY_BYTES : undefined;
    const bytes = await modelFileReads.readEntry(zip, file.path, limit);
    if ((await sha256Hex(bytes)) !== file.sha256) {
      throw corrupt(`${file.path} does not match its checksum in bundle.json`);
    }
    if (keep.has(file.path)) kept.set(file.path, bytes);
  }
  return kept;
}

/** The workbench's own model file, decoded and validated (a new value, its own buffers). */
function decodeWorkbenchModel(
  paths: { json: string; chunks: string[] },
  kept: Map<string, Uint8Array>,
): TrainedModel {
  const bytesOf = (path: string) => kept.get(path) ?? new Uint8Array();
  const json = modelFileReads.parseJson(bytesOf(paths.json), paths.json);
  const chunks = paths.chunks.map((path) => ownBuffer(bytesOf(path)));
  const model = decodeModel<TrainedModel>(json, chunks, (reason) =>
    corrupt(`the workbench model file: ${reason}`),
  );
  if (referencedChunks(json).size !== chunks.length) {
    throw corrupt('the workbench model file lists weight chunks it does not use');
  }
  try {
    validateModel(model);
  } catch (error) {
    throw corrupt(`the workbench model file is not a valid model (${(error as Error).message})`);
  }
  return model;
}

/** A bundle's model: its workbench model file, or else its TF.js files. */
export async function importBundle(bytes: Uint8Array): Promise<TrainedModel> {
  let zip: ZipArchive;
  try {
    zip = await openZip(bytes, BUNDLE_LIMITS);
  } catch (error) {
    throw modelFileReads.fromZipError(error);
  }
  modelFileReads.checkExpansion(zip);
  const manifest = await readManifest(zip);
  checkListing(manifest, zip);
  const model = manifest.model;
  const keep = new Set<string>(model ? [model.json, ...model.chunks] : TFJS_ENTRIES);
  const kept = await readVerified(zip, manifest, keep);
  if (model) return decodeWorkbenchModel(model, kept);
  return importTfjs(Object.fromEntries(kept));
}
