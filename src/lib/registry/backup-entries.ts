/**
 * A backup's entries: each model and reference snapshot read from its JSON and chunks, every
 * entry proven against its SHA-256, every model against its format and its version record, and
 * every snapshot against the reference checks.
 */
import type { ZipArchive } from '../archive/zip-reader';
import { validateModel } from '../model/formats';
import { MAX_JSON_ENTRY_BYTES, sha256Hex } from './backup-format';
import { corrupt, parseJson, readEntry } from './backup-zip';
import { checkStoredReference } from '../reference/check';
import { recordFields } from './precision';
import { decodeModel } from './codec';
import { headlineScores, inputSchema } from './records';
import type { StorableModel, VersionRecord } from './types';
import { detailsOf, type DetailsRecord, type ModelRecord } from './schema';
import { checksumModel } from './checksum';

/**
 * The first field of a version record that disagrees with what saving the model would have
 * written: an edited record could otherwise claim scores, sizes or columns the model lacks.
 */
function recordMismatch(
  version: VersionRecord,
  model: StorableModel,
  chunks: readonly ArrayBuffer[],
): string | null {
  const weightBytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const expected: Partial<Record<keyof VersionRecord, unknown>> = {
    format: model.format,
    task: model.task,
    target: model.target,
    kind: model.kind ?? 'unknown',
    backend: model.backend ?? '',
    datasetSha256: model.datasetSha256 ?? null,
    weightBytes,
    ...recordFields(model, weightBytes),
    schema: inputSchema(model),
    scores: {
      validation: headlineScores(model.metrics?.validation),
      test: headlineScores(model.metrics?.test),
    },
  };
  for (const [field, value] of Object.entries(expected)) {
    const actual = version[field as keyof VersionRecord];
    if (JSON.stringify(actual) !== JSON.stringify(value)) return field;
  }
  return null;
}

/** The chunk indices a model's JSON refers to (after decodeModel has bounded its depth). */
export function referencedChunks(json: unknown, found = new Set<number>()): Set<number> {
  if (typeof json !== 'object' || json === null) return found;
  const ref = json as { $binary?: unknown; chunk?: unknown };
  if (ref.$binary !== undefined && typeof ref.chunk === 'number') found.add(ref.chunk);
  else for (const item of Object.values(json)) referencedChunks(item, found);
  return found;
}

/** A standalone buffer of exactly these bytes, so stored chunks never pin the whole file. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
}

/** Each listed file's SHA-256, by path. */
export type FileSums = Map<string, string>;

async function readVerified(zip: ZipArchive, sums: FileSums, path: string, maxBytes?: number) {
  const bytes = await readEntry(zip, path, maxBytes);
  const sha256 = sums.get(path);
  if (!sha256 || (await sha256Hex(bytes)) !== sha256)
    throw corrupt(`${path} does not match its checksum`);
  return { bytes, sha256 };
}

/** A stored record's JSON and chunks, each proven against its SHA-256. */
async function readStored(
  zip: ZipArchive,
  paths: { json: string; chunks: string[] },
  files: FileSums,
): Promise<{ json: unknown; chunks: ArrayBuffer[] }> {
  const json = parseJson(
    (await readVerified(zip, files, paths.json, MAX_JSON_ENTRY_BYTES)).bytes,
    paths.json,
  );
  const chunks: ArrayBuffer[] = [];
  for (const path of paths.chunks) {
    chunks.push(ownBuffer((await readVerified(zip, files, path)).bytes));
  }
  return { json, chunks };
}

/** A version's model, proven sound and matching its record (completed for older formats). */
export async function readModel(
  zip: ZipArchive,
  version: VersionRecord,
  paths: { json: string; chunks: string[] },
  files: FileSums,
  legacy: boolean,
): Promise<{ record: ModelRecord; version: VersionRecord; details: DetailsRecord }> {
  const id = version.id;
  const { json, chunks } = await readStored(zip, paths, files);
  const model = decodeModel(json, chunks, (reason) =>
    corrupt(`the model of version ${id}: ${reason}`),
  );
  if (referencedChunks(json).size !== chunks.length) {
    throw corrupt(`the model of version ${id} lists weight chunks it does not use`);
  }
  try {
    validateModel(model);
  } catch (error) {
    throw corrupt(`the model of version ${id} is not valid (${(error as Error).message})`);
  }
  const weightBytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  // Older formats had no precision or bytes: they are what saving the model would record.
  const complete = legacy ? { ...version, ...recordFields(model, weightBytes) } : version;
  const mismatch = recordMismatch(complete, model, chunks);
  if (mismatch) {
    throw corrupt(`the record of version ${id} does not match its model (${mismatch})`);
  }
  return {
    record: { id, json, chunks, xxh64: await checksumModel({ json, chunks }) },
    version: complete,
    details: detailsOf(id, model),
  };
}

/** A version's reference snapshot, proven sound. */
export async function readReference(
  zip: ZipArchive,
  id: string,
  paths: { json: string; chunks: string[] },
  files: FileSums,
): Promise<ModelRecord> {
  const { json, chunks } = await readStored(zip, paths, files);
  const damaged = (reason: string) => corrupt(`the reference data of version ${id}: ${reason}`);
  const value = decodeModel(json, chunks, damaged);
  if (referencedChunks(json).size !== chunks.length)
    throw damaged('it lists chunks it does not use');
  const checked = checkStoredReference(value);
  if (!checked.ok) throw damaged(checked.reason);
  return { id, json, chunks, xxh64: await checksumModel({ json, chunks }) };
}
