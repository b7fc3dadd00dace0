/**
 * Everything read back from IndexedDB is checked before use: devtools, extensions or a failing
 * disk can change a record, and a damaged record must be refused with a code rather than
 * throw a TypeError deep inside, or worse, predict silently wrong values. Models carry xxHash64
 * checksums of their JSON and chunks (saved since this check exists), so zeroed or overwritten
 * weights are caught too.
 */
import * as v from 'valibot';
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import { MODEL_TREE, RECORD_TREE, STORED_MODEL_TREE, treeProblem } from '../model/value-tree';
import { checkStoredReference } from '../reference/check';
import type { StoredReference } from '../reference/encode';
import { checksumModel } from './checksum';
import { decodeModel, type DamageReport } from './codec';
import {
  detailsRecordSchema,
  firstIssue,
  modelRecordSchema,
  projectSchema,
  versionSchema,
} from './record-schemas';
import type { DetailsRecord } from './schema';
import type { ProjectRecord, VersionRecord } from './types';

export function registryCorrupt(what: string, reason: string, id?: string): WorkbenchError {
  return new WorkbenchError('registry_corrupt', `${what} is damaged: ${reason}.`, {
    hint: 'Delete it for good (Trash, or purgeVersion) and import it again from a backup.',
    details: id === undefined ? {} : { id },
  });
}

function idOf(record: unknown): string | undefined {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Refuses what no schema should walk: cycles, BigInts, huge or sparse lists, getters. */
function checkTree(record: unknown, what: string, limits = RECORD_TREE): void {
  const problem = treeProblem(record, limits);
  if (!problem) return;
  const id = idOf(record);
  const where = problem.path ? `${problem.path}: ` : '';
  throw registryCorrupt(`${what} ${id ?? '?'}`, `${where}${problem.problem}`, id);
}

/** Whether a stored record is sound (for lists, which leave damaged records out). */
export const isSoundProject = (record: unknown): record is ProjectRecord =>
  treeProblem(record, RECORD_TREE) === null && v.is(projectSchema, record);
export const isSoundVersion = (record: unknown): record is VersionRecord =>
  treeProblem(record, RECORD_TREE) === null && v.is(versionSchema, record);

export function checkVersionRecord(record: unknown): VersionRecord {
  checkTree(record, 'The record of version');
  const result = v.safeParse(versionSchema, record);
  if (result.success) return result.output;
  const id = idOf(record);
  throw registryCorrupt(`The record of version ${id ?? '?'}`, firstIssue(result.issues), id);
}

export function checkProjectRecord(record: unknown): ProjectRecord {
  checkTree(record, 'The record of project');
  const result = v.safeParse(projectSchema, record);
  if (result.success) return result.output;
  const id = idOf(record);
  throw registryCorrupt(`The record of project ${id ?? '?'}`, firstIssue(result.issues), id);
}

/**
 * Decodes a stored record of JSON and chunks (a model or a reference snapshot) after checking
 * its shape, its checksums and its references into the chunks.
 */
async function decodeStored<T>(stored: unknown, damaged: DamageReport): Promise<T> {
  const tree = treeProblem(stored, STORED_MODEL_TREE);
  if (tree) throw damaged(`${tree.path ? `${tree.path}: ` : ''}${tree.problem}`);
  const record = v.safeParse(modelRecordSchema, stored);
  if (!record.success) throw damaged(firstIssue(record.issues));
  const { json, chunks, xxh64 } = record.output;
  if (xxh64) {
    const actual = await checksumModel({ json, chunks });
    if (actual.json !== xxh64.json) throw damaged('its JSON does not match its checksum');
    if (actual.chunks.join() !== xxh64.chunks.join()) {
      throw damaged('its weights do not match their checksum');
    }
  }
  return decodeModel<T>(json, chunks, damaged);
}

/**
 * Decodes a model and proves it sound: the record's shape, its checksums, its references into
 * the chunks, and the model value itself (shapes, sizes, finite weights).
 */
export async function decodeCheckedModel<T>(
  version: VersionRecord,
  stored: unknown,
  damaged: DamageReport,
): Promise<T> {
  const model = await decodeStored<T>(stored, damaged);
  try {
    validateModel(model);
  } catch (error) {
    throw damaged(error instanceof Error ? error.message.replace(/\.$/, '') : String(error));
  }
  const value = model as { format: string; task: string; target: string };
  if (
    value.format !== version.format ||
    value.task !== version.task ||
    value.target !== version.target
  ) {
    throw damaged('the model does not match its version record');
  }
  return model;
}

/** Decodes a stored reference snapshot and proves it sound (shape, checksums, every link). */
export async function decodeCheckedReference(
  stored: unknown,
  damaged: DamageReport,
): Promise<StoredReference> {
  const value = await decodeStored<unknown>(stored, damaged);
  const checked = checkStoredReference(value);
  if (!checked.ok) throw damaged(checked.reason);
  return checked.reference;
}

/** A version's metrics and history as stored, checked. */
export function checkDetailsRecord(record: unknown, version: VersionRecord): DetailsRecord {
  const what = `The details of version ${version.number} (${version.id})`;
  const tree = treeProblem(record, MODEL_TREE);
  if (tree)
    throw registryCorrupt(what, `${tree.path ? `${tree.path}: ` : ''}${tree.problem}`, version.id);
  const result = v.safeParse(detailsRecordSchema, record);
  if (!result.success) throw registryCorrupt(what, firstIssue(result.issues), version.id);
  return result.output;
}

/** A stored record that fails its checks, and why (`Registry.listDamaged`). */
export interface DamagedRecord {
  store: 'projects' | 'versions';
  id: string;
  reason: string;
}

/** Stored records split into the sound ones and the damaged ones (with the reason): one check each. */
export function splitRecords(projects: unknown[], versions: unknown[]) {
  const sound = { projects: [] as ProjectRecord[], versions: [] as VersionRecord[] };
  const damaged: DamagedRecord[] = [];
  const sort = <T>(records: unknown[], store: DamagedRecord['store'], check: (r: unknown) => T) => {
    const out: T[] = [];
    for (const record of records) {
      try {
        out.push(check(record));
      } catch (error) {
        const id = (record as { id?: unknown } | null)?.id;
        damaged.push({ store, id: String(id), reason: (error as Error).message });
      }
    }
    return out;
  };
  sound.projects = sort(projects, 'projects', checkProjectRecord);
  sound.versions = sort(versions, 'versions', checkVersionRecord);
  return { ...sound, damaged };
}
