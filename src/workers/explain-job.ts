/**
 * Explanation jobs: a version's permutation importance and partial dependence on its own rows
 * (the loaded training table when it is the one, else the reference sample of the version or
 * its nearest ancestor), and why one prediction came out as it did, against that sample.
 */
import {
  tableFromRecords,
  explainModel,
  explainPrediction,
  partialDependence,
  WorkbenchError,
  type ExplainData,
  type ModelExplanation,
  type PartialDependence,
  type PredictionExplanation,
  type RecordRow,
  type Registry,
  type Table,
  type TrainedModel,
} from '../lib/index';
import { maskedLike } from './masking';
import { onOwnRows } from './lineage-reference';

/** The training table when it is the one loaded, else reference data up the lineage. */
export async function explainData(
  registry: Registry,
  versionId: string,
  model: TrainedModel,
  loaded: Table | null,
): Promise<ExplainData> {
  try {
    return await onOwnRows(registry, versionId, model, loaded, (data) => Promise.resolve(data));
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'reference_not_found') {
      throw new WorkbenchError(
        'no_explain_rows',
        'This version has no training rows to explain it with: it was saved without reference data (an imported bundle, say).',
        { hint: 'Load the file it was trained on, then explain it again.', cause: error },
      );
    }
    throw error;
  }
}

export async function explainVersion(
  registry: Registry,
  versionId: string,
  loaded: Table | null,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<ModelExplanation> {
  const model = await registry.loadVersion<TrainedModel>(versionId);
  const data = await explainData(registry, versionId, model, loaded);
  return explainModel(model, data, { signal, onProgress });
}

export async function explainRow(
  registry: Registry,
  versionId: string,
  row: RecordRow,
  loaded: Table | null,
  signal: AbortSignal,
): Promise<PredictionExplanation> {
  const model = await registry.loadVersion<TrainedModel>(versionId);
  const data = await explainData(registry, versionId, model, loaded);
  const masked = await maskedLike(registry, model, tableFromRecords([row], model.preprocessing));
  return explainPrediction(model, masked, { baseline: data, signal });
}

export async function dependenceOf(
  registry: Registry,
  versionId: string,
  feature: string,
  className: string | null,
  loaded: Table | null,
  signal: AbortSignal,
): Promise<PartialDependence> {
  const model = await registry.loadVersion<TrainedModel>(versionId);
  const data = await explainData(registry, versionId, model, loaded);
  return partialDependence(model, data, {
    feature,
    signal,
    rows: 50,
    ...(className === null ? {} : { class: className }),
  });
}
