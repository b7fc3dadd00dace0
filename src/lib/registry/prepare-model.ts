/**
 * What saving a model computes before its transaction opens: its options checked, its encoding,
 * size and checksum, and its reference snapshot.
 */
import { WorkbenchError } from '../errors';
import { validateModel } from '../model/formats';
import { saveMetaSchema } from './record-schemas';
import { assertStage, checkOptions } from './records';
import { prepareReference } from './reference-store';
import type { SaveMeta } from './types';
import { formatBytes } from '../format';
import { MAX_JSON_ENTRY_BYTES } from './backup-format';
import { checksumModel } from './checksum';
import { encodeModel } from './codec';

export async function prepareModel(model: unknown) {
  const encoded = encodeModel(model);
  const jsonUtf8 = new TextEncoder().encode(JSON.stringify(encoded.json));
  const jsonBytes = jsonUtf8.byteLength;
  // Every saved version must fit a backup, or it could be saved but never restored.
  if (jsonBytes > MAX_JSON_ENTRY_BYTES) {
    throw new WorkbenchError(
      'invalid_model',
      `This model's description (everything but its weights) takes ${formatBytes(jsonBytes)}; a version may take at most ${formatBytes(MAX_JSON_ENTRY_BYTES)}, so that every version fits a backup.`,
      {
        hint: 'Leave out columns with very many categories (IDs, free text), or group rare categories.',
      },
    );
  }
  return { encoded, jsonBytes, xxh64: await checksumModel(encoded, jsonUtf8) };
}

/**
 * Everything `saveVersion` needs before its transaction: the model and options checked, the
 * model encoded, and the reference snapshot drawn when a table is given.
 */
export async function prepareSave(model: unknown, options: SaveMeta, canStoreReference: boolean) {
  validateModel(model);
  if (options.stage !== undefined) assertStage(options.stage);
  const {
    reference: table,
    referenceRows,
    referenceSeed,
    ...meta
  } = checkOptions(saveMetaSchema, options, 'save options');
  if (!table && (referenceRows !== undefined || referenceSeed !== undefined)) {
    throw new WorkbenchError('invalid_spec', 'referenceRows and referenceSeed need a reference.', {
      hint: 'Pass the training table as `reference`, or leave both out.',
    });
  }
  if (table && !canStoreReference) {
    throw new WorkbenchError(
      'storage_unavailable',
      'This registry was opened at an older schema, which has no reference data.',
      { hint: 'Open the registry at the current schema.' },
    );
  }
  const prepared = await prepareModel(model);
  const reference = table
    ? await prepareReference(model, table, { rows: referenceRows, seed: referenceSeed })
    : null;
  return { model, meta, ...prepared, reference };
}
