/**
 * Where a dropped file belongs, judged by its content rather than its name alone: a CSV goes to
 * the data, a workbench backup to backup import, a model (model.json with its weight files, or
 * a model bundle) to model import. Anything else is named and refused, never silently ignored.
 */
import { openZip, ZipError } from '../archive/zip-reader';
import { MANIFEST_NAME } from '../registry/backup-format';
import { BUNDLE_FILES } from '../export/bundle-format';
import { PREPROCESS_FORMAT } from '../export/preprocess-json';
import { isSealedBackup } from '../registry/backup-sealed';

export type FileRoute =
  | { kind: 'table'; file: Blob; name: string }
  | { kind: 'backup'; file: Blob; name: string }
  | { kind: 'model'; files: { file: Blob; name: string }[] }
  | { kind: 'refused'; name: string; reason: string };

/** Bytes read from the start of each file to judge it. */
const HEAD_BYTES = 4096;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

/** Magic numbers of common files that are certainly not tables, to name them in the refusal. */
const KNOWN_BINARIES: { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { magic: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel or Office file' },
];

interface NamedBlob {
  file: Blob;
  name: string;
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => head[index] === byte);
}

async function headOf(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
}

function extension(name: string): string {
  return /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
}

/** A JSON text whose top level names a model format we know. */
function modelJsonKind(head: Uint8Array): 'workbench' | 'tfjs' | 'preprocess' | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (!/^\s*\{/.test(text)) return null;
  if (text.includes(`"${PREPROCESS_FORMAT}"`)) return 'preprocess';
  if (text.includes('"tabular-workbench/model@')) return 'workbench';
  if (text.includes('"modelTopology"') || text.includes('"weightsManifest"')) return 'tfjs';
  return null;
}

async function zipRoute(item: NamedBlob): Promise<FileRoute> {
  try {
    const archive = await openZip(item.file);
    const names = archive.entries.map((entry) => entry.name);
    if (names.includes(MANIFEST_NAME)) return { kind: 'backup', ...item };
    if (names.includes(BUNDLE_FILES.manifest) || names.includes('model.json'))
      return { kind: 'model', files: [item] };
    return {
      kind: 'refused',
      name: item.name,
      reason: `${item.name} is a zip file, but neither a workbench backup nor a model bundle.`,
    };
  } catch (error) {
    const detail = error instanceof ZipError ? ` (${error.message})` : '';
    return {
      kind: 'refused',
      name: item.name,
      reason: `${item.name} looks like a zip file but cannot be read${detail}.`,
    };
  }
}

/**
 * Sorts dropped files by where they go. Weight files (.bin) travel with the model.json dropped
 * beside them; on their own they are refused with a word on what they need.
 */
export async function classifyFiles(items: NamedBlob[]): Promise<FileRoute[]> {
  const routes: FileRoute[] = [];
  const weights: NamedBlob[] = [];
  let tfjsModel: { file: Blob; name: string }[] | null = null;
  for (const item of items) {
    const head = await headOf(item.file);
    if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) {
      routes.push(await zipRoute(item));
      continue;
    }
    if (await isSealedBackup(head)) {
      // An encrypted workspace's backup: the import asks for its passphrase.
      routes.push({ kind: 'backup', ...item });
      continue;
    }
    if (extension(item.name) === 'bin') {
      weights.push(item);
      continue;
    }
    const model = modelJsonKind(head);
    if (model === 'preprocess') {
      // preprocess.json travels with the model.json beside it, as weight files do.
      weights.push(item);
      continue;
    }
    if (model === 'tfjs') {
      tfjsModel = [item];
      routes.push({ kind: 'model', files: tfjsModel });
      continue;
    }
    if (model === 'workbench') {
      routes.push({ kind: 'model', files: [item] });
      continue;
    }
    const binary = KNOWN_BINARIES.find((known) => startsWith(head, known.magic));
    if (binary) {
      routes.push({
        kind: 'refused',
        name: item.name,
        reason: `${item.name} is ${binary.what}, not a table. Save it as CSV first.`,
      });
      continue;
    }
    if (extension(item.name) === 'xlsx') {
      routes.push({
        kind: 'refused',
        name: item.name,
        reason: `${item.name} is an Excel workbook. Save the sheet as CSV first.`,
      });
      continue;
    }
    // Everything else is read as a table: the CSV reader names what is wrong with it, if anything.
    routes.push({ kind: 'table', ...item });
  }
  if (weights.length > 0) {
    if (tfjsModel) tfjsModel.push(...weights);
    else {
      routes.push({
        kind: 'refused',
        name: weights.map((w) => w.name).join(', '),
        reason:
          'Weight files (.bin) and preprocess.json need the model.json they belong to: drop them together.',
      });
    }
  }
  return routes;
}
