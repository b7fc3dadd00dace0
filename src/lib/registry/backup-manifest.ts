/**
 * A backup's manifest: read against its own checksum, then its format, version and schema, and
 * every cross-reference between its projects, versions, models, files and the zip itself.
 */
import * as v from 'valibot';
import type { ZipArchive } from '../archive/zip-reader';
import { WorkbenchError } from '../errors';
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
import { corrupt, foreign, parseJson, readEntry } from './backup-zip';
import { Pacer } from '../pace';
import {
  firstIssue,
  legacyVersionSchema,
  manifestSchema,
  projectSchema,
  versionSchema,
} from './record-schemas';
import { SCHEMA_VERSION } from './schema';
import { decisionSchema } from '../improve/decision-types';

/** Before format 3, version records lacked these; they are filled from the model once read. */
const LEGACY_FIELDS = { precision: 'float32', bytes: 0, referenceBytes: null } as const;

/** The manifest, checked against its checksum first, then its format, version and schema. */
export async function readManifest(zip: ZipArchive): Promise<BackupManifest> {
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
  if (formatVersion < 4 && manifest.decisions !== undefined) {
    throw corrupt(`a format ${formatVersion} manifest cannot list decisions`);
  }
  const pacer = new Pacer();
  const versionRecords = legacy ? legacyVersionSchema : versionSchema;
  for (const [which, list, schema] of [
    ['projects', manifest.projects, projectSchema],
    ['versions', manifest.versions, versionRecords],
    ['decisions', manifest.decisions ?? [], decisionSchema],
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
  return {
    ...manifest,
    versions,
    references: manifest.references ?? {},
    decisions: manifest.decisions ?? [],
  } as BackupManifest;
}

function unique(values: string[], what: string): Set<string> {
  const set = new Set(values);
  if (set.size !== values.length) throw corrupt(`a ${what} appears twice in its manifest`);
  return set;
}

/** Projects, versions, models and files must refer to each other exactly, and to the zip. */
export function checkLinks(manifest: BackupManifest, zip: ZipArchive): void {
  unique(
    manifest.projects.map((project) => project.id),
    'project',
  );
  const projects = new Map(manifest.projects.map((project) => [project.id, project]));
  unique(
    (manifest.decisions ?? []).map((decision) => decision.id),
    'decision',
  );
  for (const decision of manifest.decisions ?? []) {
    if (!projects.has(decision.projectId)) {
      throw corrupt(`decision ${decision.id} belongs to a project the backup does not hold`);
    }
  }
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
