/**
 * The backup file: a zip holding `manifest.json` (projects, version records and a SHA-256 of
 * every other entry), `manifest.sha256` (the SHA-256 of manifest.json itself) and, per version,
 * `versions/<id>/model.json` plus its binary chunks `versions/<id>/chunk-<k>.bin`, and where the
 * version has one, its reference snapshot `versions/<id>/reference.json` plus
 * `versions/<id>/reference-<k>.bin`. A zip, so people can open it with any archive tool.
 */
import type { DecisionRecord } from '../improve/decision-types';
import type { ProjectRecord, VersionRecord } from './types';

export const BACKUP_FORMAT = 'tabular-workbench/backup';
/**
 * 2 added manifest.sha256; 3 added reference snapshots and the version fields `precision`,
 * `bytes` and `referenceBytes`; 4 added decision records. Formats 1 to 3 are still read (older
 * records are completed from their models).
 */
export const BACKUP_FORMAT_VERSION = 4;
export const MANIFEST_NAME = 'manifest.json';
/** The SHA-256 of manifest.json in hex, checked before the manifest is even parsed. */
export const MANIFEST_CHECKSUM_NAME = 'manifest.sha256';
/**
 * Largest manifest.json or model.json read (weights live in chunks; 8 MiB is ~10,000 versions).
 * Parsed, 8 MiB of JSON stays within the memory a small file may cost, and parses in well under
 * 200 ms; saveVersion refuses a model whose JSON is larger, so every version fits a backup.
 */
export const MAX_JSON_ENTRY_BYTES = 8 * 1024 * 1024;

export interface BackupFileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** The registry schema the records follow. */
  schemaVersion: number;
  createdAt: string;
  projects: ProjectRecord[];
  versions: VersionRecord[];
  /** For each version: its model JSON path and chunk paths, in chunk order. */
  models: Record<string, { json: string; chunks: string[] }>;
  /** For each version with a reference snapshot: its JSON path and chunk paths (format 3). */
  references?: Record<string, { json: string; chunks: string[] }>;
  /** The projects' decisions to promote, keep or roll back, with their evidence (format 4). */
  decisions?: DecisionRecord[];
  files: BackupFileEntry[];
}

export function modelJsonPath(id: string): string {
  return `versions/${id}/model.json`;
}

export function chunkPath(id: string, index: number): string {
  return `versions/${id}/chunk-${index}.bin`;
}

export function referenceJsonPath(id: string): string {
  return `versions/${id}/reference.json`;
}

export function referenceChunkPath(id: string, index: number): string {
  return `versions/${id}/reference-${index}.bin`;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
