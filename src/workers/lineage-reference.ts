/**
 * The reference data a version's work can use: its own, else the nearest ancestor's. Pruned and
 * quantized versions keep their parent's split and preprocessing, so the parent's sample rows
 * (with their splits) are the same rows; only its stored predictions are the parent's.
 */
import { WorkbenchError, type ReferenceData, type Registry } from '../lib/index';

export async function lineageReference(
  registry: Registry,
  versionId: string,
): Promise<ReferenceData> {
  let id: string | null = versionId;
  let first: unknown = null;
  // Bounded: a parent chain edited into a cycle in devtools must not loop for ever.
  for (let depth = 0; id !== null && depth < 64; depth++) {
    try {
      return await registry.loadReference(id);
    } catch (error) {
      if (!(error instanceof WorkbenchError) || error.code !== 'reference_not_found') throw error;
      first ??= error;
      id = (await registry.getVersion(id)).parentId;
    }
  }
  throw first instanceof Error
    ? first
    : new WorkbenchError('reference_not_found', 'This version has no reference data.');
}
