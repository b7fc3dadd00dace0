/**
 * What the hostile model-file tests share: a small model exported as a bundle and as TF.js
 * files, editors that damage them in one way each, and `refuse`, which checks that an import is
 * refused with its code and nothing else, within the hostile bounds (seconds, event-loop
 * stalls, memory), and never hangs: every call races a timer. Test code only.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { afterAll, beforeAll, expect } from 'vitest';
import type { WorkbenchError } from '../errors';
import { trainedOn } from '../quantize/test-models';
import { sha256Hex } from '../registry/backup-format';
import { expectRefused, printFigures, type Refusal } from '../registry/hostile/hostile-helpers';
import { craftZip, stored, type CraftedEntry } from '../registry/hostile/zip-craft';
import type { TrainedModel } from '../train/types';
import { exportModel } from './export-model';
import { importModel } from './import-model';

export type Files = Record<string, Uint8Array>;
export type Code =
  'model_file_corrupt' | 'model_file_foreign' | 'model_file_too_large' | 'model_layer_unsupported';

// Live bindings: the spec files read them after setupImportFixtures' beforeAll has run.
export let model: TrainedModel;
export let bundle: Uint8Array;
export let tfjs: Files;
const figures: Record<string, Refusal & { bytes: number }> = {};

/** Registers the fixtures' set-up and the figures' report in the calling spec file. */
export function setupImportFixtures(): void {
  beforeAll(async () => {
    ({ model } = await trainedOn('iris', { hidden: [8], dropout: 0.1, epochs: 5 }));
    const files = await exportModel(model, {
      format: 'bundle',
      createdAt: '2024-01-02T03:04:05Z',
    });
    bundle = files['model.zip'] ?? new Uint8Array();
    tfjs = await exportModel(model, { format: 'tfjs' });
  }, 120_000);
  afterAll(() => printFigures(figures));
}

/** Settles within this, or the test fails (a hang is a failure, not a timeout). */
export const SETTLE_MS = 5_000;

export function settles<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle in ${SETTLE_MS} ms`)), SETTLE_MS);
  });
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

export const sizeOf = (files: Files) => Object.values(files).reduce((sum, f) => sum + f.length, 0);

export async function refuse(name: string, files: Files, code: Code): Promise<WorkbenchError> {
  let error: unknown;
  const refusal = await expectRefused(
    () =>
      settles(importModel(files)).catch((thrown: unknown) => {
        error = thrown;
        throw thrown;
      }),
    code,
    sizeOf(files),
  );
  figures[name] = { ...refusal, bytes: sizeOf(files) };
  const refused = error as WorkbenchError;
  expect(refused.message.length).toBeGreaterThan(20);
  expect(refused.hint.length).toBeGreaterThan(20);
  return refused;
}

export const json = (value: unknown) => strToU8(JSON.stringify(value));
export const parse = <T>(bytes: Uint8Array | undefined): T =>
  JSON.parse(strFromU8(bytes ?? new Uint8Array())) as T;

export interface BundleJson {
  model?: { json: string; chunks: string[] };
  files: { path: string; bytes: number; sha256: string }[];
}

/** The bundle's entries, edited, zipped again with a bundle.json whose sizes and sums match. */
export async function rebundle(
  edit: (files: Unzipped, manifest: BundleJson) => void,
): Promise<Uint8Array> {
  const files = unzipSync(bundle);
  const manifest = parse<BundleJson>(files['bundle.json']);
  edit(files, manifest);
  for (const entry of manifest.files) {
    const data = files[entry.path];
    if (data) Object.assign(entry, { bytes: data.length, sha256: await sha256Hex(data) });
  }
  return zipSync({ ...files, 'bundle.json': json(manifest) });
}

/** The bundle's entries stored by hand, plus `extra` (with names any zip tool would refuse). */
export function withExtra(extra: CraftedEntry[]): Uint8Array {
  const files = unzipSync(bundle);
  return craftZip([...Object.entries(files).map(([name, data]) => stored(name, data)), ...extra]);
}

export interface ModelJson {
  format?: string;
  modelTopology: {
    class_name: string;
    config: { layers: { class_name: string; config: Record<string, unknown> }[] };
  };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
}

/** The TF.js files with model.json edited. */
export function withModelJson(edit: (modelJson: ModelJson) => void): Files {
  const modelJson = parse<ModelJson>(tfjs['model.json']);
  edit(modelJson);
  return { ...tfjs, 'model.json': json(modelJson) };
}

export function withPreprocess(edit: (preprocess: Record<string, unknown>) => void): Files {
  const preprocess = parse<Record<string, unknown>>(tfjs['preprocess.json']);
  edit(preprocess);
  return { ...tfjs, 'preprocess.json': json(preprocess) };
}

export const bin = () => tfjs['group1-shard1of1.bin'] ?? new Uint8Array();

/** The TF.js files without one of them. */
export const without = (name: string): Files =>
  Object.fromEntries(Object.entries(tfjs).filter(([file]) => file !== name));
