/**
 * Writes a model bundle (bundle-format.ts): every file of every format, the card, the scoring
 * script and the workbench's own model file, listed with their SHA-256 in bundle.json.
 */
import { zipSync, type Zippable } from 'fflate';
import { encodeModel } from '../registry/codec';
import { sha256Hex } from '../registry/backup-format';
import type { TrainedModel } from '../train/types';
import { WORKBENCH_VERSION } from '../version';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  workbenchChunkPath,
  type BundleFileEntry,
  type BundleManifest,
} from './bundle-format';
import { modelCard, modelCardMarkdown, type CardOptions } from './model-card';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const json = (value: unknown): Uint8Array => text(JSON.stringify(value, null, 2));

/** Already compressed or incompressible (weights): stored, not deflated. */
const STORED = /\.(bin|onnx)$/;

/**
 * The bundle's bytes. `formatFiles` are the files the other formats wrote (model.onnx,
 * preprocess.json and, unless the model is int8, model.json and its weights).
 */
export async function writeBundle(
  model: TrainedModel,
  formatFiles: Record<string, Uint8Array>,
  options: CardOptions,
): Promise<Uint8Array> {
  const createdAt = options.createdAt ?? new Date().toISOString();
  // Loaded here, not at the top: the script's text comes through a Vite `?raw` import, which
  // only bundles and vitest resolve, so importing the library elsewhere (tsx) stays possible.
  const { PREDICT_SCRIPT } = await import('./predict-script');
  const card = modelCard(model, { ...options, createdAt });
  const encoded = encodeModel(model);
  const chunks = encoded.chunks.map((_, index) => workbenchChunkPath(index));
  const chunkFiles: Record<string, Uint8Array> = {};
  for (const [k, chunk] of encoded.chunks.entries()) {
    chunkFiles[workbenchChunkPath(k)] = new Uint8Array(chunk);
  }
  const files: Record<string, Uint8Array> = {
    ...formatFiles,
    [BUNDLE_FILES.workbenchModel]: text(JSON.stringify(encoded.json)),
    ...chunkFiles,
    [BUNDLE_FILES.card]: json(card),
    [BUNDLE_FILES.cardMarkdown]: text(modelCardMarkdown(card)),
    [BUNDLE_FILES.predict]: text(PREDICT_SCRIPT),
  };
  const listed: BundleFileEntry[] = [];
  for (const [path, bytes] of Object.entries(files)) {
    listed.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    workbenchVersion: WORKBENCH_VERSION,
    createdAt,
    model: { json: BUNDLE_FILES.workbenchModel, chunks },
    files: listed,
  };
  const zippable: Zippable = { [BUNDLE_FILES.manifest]: [json(manifest), { level: 6 }] };
  for (const [path, bytes] of Object.entries(files)) {
    zippable[path] = [bytes, { level: STORED.test(path) ? 0 : 6 }];
  }
  // A fixed time in the entries, so the same model and card give the same zip bytes.
  return zipSync(zippable, { mtime: new Date(createdAt) });
}
