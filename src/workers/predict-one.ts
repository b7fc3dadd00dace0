/**
 * Single predictions for the Deploy screen's form: the version's model is loaded once and kept
 * (the last few), so a prediction costs the forward pass, not a registry read.
 */
import {
  predict,
  predictionForm,
  tableFromRecords,
  toWorkbenchError,
  WorkbenchError,
  type RecordRow,
  type Registry,
  type TrainedModel,
} from '../lib/index';
import { maskedLike } from './masking';
import type { PredictionFormInfo, SinglePrediction } from './protocol';

const KEPT = 4;
const models = new Map<string, TrainedModel>();

async function modelOf(registry: Registry, versionId: string): Promise<TrainedModel> {
  const kept = models.get(versionId);
  if (kept) return kept;
  const model = await registry.loadVersion<TrainedModel>(versionId);
  models.set(versionId, model);
  if (models.size > KEPT) models.delete(models.keys().next().value ?? '');
  return model;
}

export async function formOf(registry: Registry, versionId: string): Promise<PredictionFormInfo> {
  const [record, model] = await Promise.all([
    registry.getVersion(versionId),
    modelOf(registry, versionId),
  ]);
  const summaries =
    record.referenceBytes !== null ? (await registry.loadReference(versionId)).summaries : [];
  return {
    fields: predictionForm(model, summaries),
    task: model.task,
    target: model.target,
    classes: model.classes,
  };
}

/**
 * One prediction, logged with its input values and latency. The prediction is still given when
 * the log cannot be written (a full disk); `logged` says so.
 */
export async function predictOne(
  registry: Registry,
  versionId: string,
  row: RecordRow,
): Promise<SinglePrediction> {
  const model = await modelOf(registry, versionId);
  const started = performance.now();
  // The row is read into a table once: predicted, and logged as the model saw it.
  const table = await maskedLike(registry, model, tableFromRecords([row], model.preprocessing));
  const [prediction] = await predict(model, table);
  const latencyMs = performance.now() - started;
  if (!prediction) throw new WorkbenchError('internal', 'The model gave no prediction.');
  try {
    await registry.logPredictions({ versionId, table, predictions: [prediction], latencyMs });
    return { prediction, latencyMs, logError: null };
  } catch (error) {
    return { prediction, latencyMs, logError: toWorkbenchError(error).toJSON() };
  }
}
