/** What saving a model computes before its transaction opens: its encoding, size and checksum. */
import { WorkbenchError } from '../errors';
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
