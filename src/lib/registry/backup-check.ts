/**
 * Proves a backup file sound before anything is written: the zip through the bounded reader
 * (sizes, ratios, names, CRC-32), the manifest against its own checksum and its schema, every
 * cross-reference between projects, versions, models and files, every entry against its
 * SHA-256, and every model value against its format. Only then is the file imported.
 */
import * as v from 'valibot';
import { openZip, ZipError, type ZipArchive } from '../archive/zip-reader';
import { WorkbenchError } from '../errors';
import { formatBytes } from '../format';
import { validateModel } from '../model/formats';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  chunkPath,
  MANIFEST_CHECKSUM_NAME,
  MANIFEST_NAME,
  MAX_JSON_ENTRY_BYTES,
  modelJsonPath,
  referenceChunkPath,
  referenceJsonPath,
  sha256Hex,
  type BackupManifest,
} from './backup-format';
import { checkStoredReference } from '../reference/check';
import { recordFields } from './precision';
import { decodeModel } from './codec';
import { headlineScores, inputSchema } from './records';
import type { StorableModel, VersionRecord } from './types';
import { Pacer } from '../pace';
import {
  firstIssue,
  legacyVersionSchema,
  manifestSchema,
  projectSchema,
  versionSchema,
} from './record-schemas';
import { detailsOf, type DetailsRecord, type ModelRecord } from './schema';
import { SCHEMA_VERSION } from './schema';
import { checksumModel } from './checksum';

export interface CheckedBackup {
  /** With every version record complete (older formats lack precision, bytes, referenceBytes). */
  manifest: BackupManifest;
  /** The model record to store for each version id. */
  models: Map<string, ModelRecord>;
  /** The metrics and history of each version, from its model. */
  details: Map<string, DetailsRecord>;
  /** The reference snapshot of each version that has one. */
  references: Map<string, ModelRecord>;
  bytes: number;
}

/** Before format 3, version records lacked these; they are filled from the model once read. */
const LEGACY_FIELDS = { precision: 'float32', bytes: 0, referenceBytes: null } as const;

const foreign = (reason: string) =>
  new WorkbenchError('backup_foreign', `This file is not a workbench backup: ${reason}.`, {
    hint: 'Choose a .zip file made with "Export backup" in the workbench.',
  });

export const corrupt = (reason: string) =>
  new WorkbenchError('backup_corrupt', `The backup file is damaged: ${reason}.`, {
    hint: 'Nothing was imported. Export the backup again from the original browser.',
  });

function fromZipError(error: unknown): unknown {
  if (!(error instanceof ZipError)) return error;
  if (error.problem === 'not_zip') return foreign(error.message);
  if (error.problem === 'corrupt') return corrupt(error.message);
  if (error.problem === 'truncated') {
    return new WorkbenchError(
      'backup_truncated',
      `The backup file is incomplete: ${error.message}.`,
      { hint: 'The download or copy was cut short. Nothing was imported; copy the file again.' },
    );
  }
  return new WorkbenchError(
    'backup_too_large',
    `The backup file is larger than the workbench reads: ${error.message}.`,
    {
      hint: 'Nothing was imported. A backup made by the workbench stays within these limits; this file was altered or made elsewhere.',
    },
  );
}

async function readEntry(zip: ZipArchive, path: string, maxBytes = Infinity): Promise<Uint8Array> {
  const entry = zip.get(path);
  if (!entry) throw corrupt(`${path} is missing`);
  if (entry.size > maxBytes)
    throw fromZipError(new ZipError('too_large', `${path} is ${formatBytes(entry.size)}`));
  try {
    return await zip.read(entry);
  } catch (error) {
    throw fromZipError(error);
  }
}

function parseJson(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw corrupt(`${path} is not valid JSON`);
  }
}

/** The manifest, checked against its checksum first, then its format, version and schema. */
async function readManifest(zip: ZipArchive): Promise<BackupManifest> {
  if (!zip.get(MANIFEST_NAME)) throw foreign('the zip has no manifest.json');
  const bytes = await readEntry(zip, MANIFEST_NAME, MAX_JSON_ENTRY_BYTES);
  const checksummed = zip.get(MANIFEST_CHECKSUM_NAME) !== undefined;
  if (checksummed) {
    const expected = new TextDecoder().decode(await readEntry(zip, MANIFEST_CHECKSUM_NAME, 64));
    if ((await sha256Hex(bytes)) !== expected)
      throw corrupt('manifest.json does not match its checksum');
  }
  const raw = parseJson(bytes, MANIFEST_NAME) as Partial<
    Record<keyof BackupManifest, unknown>
  > | null;
  if (typeof raw !== 'object' || raw === null || raw.format !== BACKUP_FORMAT) {
    throw foreign('its manifest names another format');
  }
  const formatVersion = Number(raw.formatVersion);
  const schemaVersion = Number(raw.schemaVersion);
  if (formatVersion > BACKUP_FORMAT_VERSION || schemaVersion > SCHEMA_VERSION) {
    throw new WorkbenchError(
      'backup_newer',
      `The backup was made by a newer workbench (backup format ${formatVersion}, storage schema ${schemaVersion}; this one reads up to ${BACKUP_FORMAT_VERSION} and ${SCHEMA_VERSION}).`,
      { hint: 'Update the workbench (reload it when it offers an update), then import again.' },
    );
  }
  // Format 1 predates the manifest checksum; every later format must carry one.
  if (!checksummed && formatVersion !== 1) throw corrupt('manifest.sha256 is missing');
  const result = v.safeParse(manifestSchema, raw);
  if (!result.success) throw corrupt(`its manifest is malformed (${firstIssue(result.issues)})`);
  const manifest = result.output;
  const legacy = formatVersion < 3;
  if (legacy && manifest.references !== undefined) {
    throw corrupt(`a format ${formatVersion} manifest cannot list reference data`);
  }
  const pacer = new Pacer();
  const versionRecords = legacy ? legacyVersionSchema : versionSchema;
  for (const [which, list, schema] of [
    ['projects', manifest.projects, projectSchema],
    ['versions', manifest.versions, versionRecords],
  ] as const) {
    for (const [index, record] of list.entries()) {
      const checked = v.safeParse(schema, record);
      if (!checked.success) {
        throw corrupt(
          `its manifest is malformed (${which}.${index}.${firstIssue(checked.issues)})`,
        );
      }
      await pacer.pause();
    }
  }
  const versions = legacy
    ? manifest.versions.map((record) => ({ ...(record as object), ...LEGACY_FIELDS }))
    : manifest.versions;
  return { ...manifest, versions, references: manifest.references ?? {} } as BackupManifest;
}

function unique(values: string[], what: string): Set<string> {
  const set = new Set(values);
  if (set.size !== values.length) throw corrupt(`a ${what} appears twice in its manifest`);
  return set;
}

/** Projects, versions, models and files must refer to each other exactly, and to the zip. */
function checkLinks(manifest: BackupManifest, zip: ZipArchive): void {
  unique(
    manifest.projects.map((project) => project.id),
    'project',
  );
  const projects = new Map(manifest.projects.map((project) => [project.id, project]));
  const versionIds = unique(
    manifest.versions.map((version) => version.id),
    'version',
  );
  const numbers = new Set<string>();
  for (const version of manifest.versions) {
    const project = projects.get(version.projectId);
    if (!project) throw corrupt(`version ${version.id} has no project`);
    if (project.task !== version.task || project.target !== version.target) {
      throw corrupt(`version ${version.id} predicts something else than its project`);
    }
    const key = `${version.projectId}#${version.number}`;
    if (numbers.has(key))
      throw corrupt(`two versions of one project have number ${version.number}`);
    numbers.add(key);
  }
  const expected: string[] = [];
  for (const [id, paths] of Object.entries(manifest.models)) {
    if (!versionIds.has(id)) throw corrupt(`it holds a model for an unknown version ${id}`);
    if (
      paths.json !== modelJsonPath(id) ||
      paths.chunks.some((path, k) => path !== chunkPath(id, k))
    ) {
      throw corrupt(`the files of version ${id} are misnamed`);
    }
    expected.push(paths.json, ...paths.chunks);
  }
  if (Object.keys(manifest.models).length !== versionIds.size) {
    throw corrupt('a version has no model');
  }
  const references = manifest.references ?? {};
  for (const [id, paths] of Object.entries(references)) {
    if (!versionIds.has(id)) throw corrupt(`it holds reference data for an unknown version ${id}`);
    if (
      paths.json !== referenceJsonPath(id) ||
      paths.chunks.some((path, k) => path !== referenceChunkPath(id, k))
    ) {
      throw corrupt(`the reference files of version ${id} are misnamed`);
    }
    expected.push(paths.json, ...paths.chunks);
  }
  const files = new Map(manifest.files.map((file) => [file.path, file]));
  if (files.size !== manifest.files.length) throw corrupt('a file appears twice in its manifest');
  if (expected.length !== files.size || expected.some((path) => !files.has(path))) {
    throw corrupt('its file list does not match its models');
  }
  for (const entry of zip.entries) {
    if (entry.name === MANIFEST_NAME || entry.name === MANIFEST_CHECKSUM_NAME) continue;
    const file = files.get(entry.name);
    if (!file) throw corrupt(`it holds ${entry.name}, which its manifest does not list`);
    if (file.bytes !== entry.size) throw corrupt(`${entry.name} is not the size its manifest says`);
  }
  for (const path of files.keys()) if (!zip.get(path)) throw corrupt(`${path} is missing`);
  for (const version of manifest.versions) {
    const paths = references[version.id];
    const size = paths
      ? [paths.json, ...paths.chunks].reduce((sum, path) => sum + (files.get(path)?.bytes ?? 0), 0)
      : null;
    if (version.referenceBytes !== size) {
      throw corrupt(`the record of version ${version.id} does not match its reference data`);
    }
  }
  // The workbench stores binary chunks as they are; compressed ones could only serve to amplify.
  for (const paths of [...Object.values(manifest.models), ...Object.values(references)]) {
    for (const path of paths.chunks) {
      if (zip.get(path)?.method !== 0)
        throw corrupt(`${path} is compressed, unlike weights the workbench writes`);
    }
  }
}

/**
 * Deflated entries (the JSON) may unpack to at most this many times the file, plus one JSON
 * entry's worth: real backups are mostly stored weights, and this bounds what a small file can
 * make the reader hold, whatever each entry's own ratio.
 */
const MAX_EXPANSION = 4;

function checkExpansion(zip: ZipArchive): void {
  const inflated = zip.entries.reduce((sum, e) => sum + (e.method === 8 ? e.size : 0), 0);
  const allowed = MAX_EXPANSION * zip.bytes + MAX_JSON_ENTRY_BYTES;
  if (inflated > allowed) {
    throw fromZipError(
      new ZipError(
        'too_large',
        `its ${formatBytes(zip.bytes)} would unpack to ${formatBytes(inflated)} of JSON`,
      ),
    );
  }
}

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
function referencedChunks(json: unknown, found = new Set<number>()): Set<number> {
  if (typeof json !== 'object' || json === null) return found;
  const ref = json as { $binary?: unknown; chunk?: unknown };
  if (ref.$binary !== undefined && typeof ref.chunk === 'number') found.add(ref.chunk);
  else for (const item of Object.values(json)) referencedChunks(item, found);
  return found;
}

/** A standalone buffer of exactly these bytes, so stored chunks never pin the whole file. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
}

type FileSums = Map<string, string>;

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

async function readModel(
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

async function readReference(
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

/** Unzips and checks the whole file; resolves only when every part has proven sound. */
export async function checkBackup(
  source: Blob | Uint8Array | ArrayBuffer,
  onProgress?: (done: number, total: number) => void,
): Promise<CheckedBackup> {
  let zip: ZipArchive;
  try {
    zip = await openZip(source);
  } catch (error) {
    throw fromZipError(error);
  }
  checkExpansion(zip);
  const manifest = await readManifest(zip);
  checkLinks(manifest, zip);
  const legacy = manifest.formatVersion < 3;
  const models = new Map<string, ModelRecord>();
  const details = new Map<string, DetailsRecord>();
  const references = new Map<string, ModelRecord>();
  const files: FileSums = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  const versions: VersionRecord[] = [];
  for (const version of manifest.versions) {
    const paths = manifest.models[version.id] ?? { json: '', chunks: [] };
    const read = await readModel(zip, version, paths, files, legacy);
    models.set(version.id, read.record);
    details.set(version.id, read.details);
    versions.push(read.version);
    const referencePaths = manifest.references?.[version.id];
    if (referencePaths) {
      references.set(version.id, await readReference(zip, version.id, referencePaths, files));
    }
    onProgress?.(models.size, manifest.versions.length);
  }
  return { manifest: { ...manifest, versions }, models, details, references, bytes: zip.bytes };
}
