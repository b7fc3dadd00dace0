/**
 * Single predictions for the Deploy screen's form: the version's model is loaded once and kept
 * (the last few), so a prediction costs the forward pass, not a registry read.
 */
import {
  predict,
  predictionForm,
  WorkbenchError,
  type Prediction,
  type RecordRow,
  type Registry,
  type TrainedModel,
} from '../lib/index';
import type { PredictionFormInfo } from './protocol';

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

export async function predictOne(
  registry: Registry,
  versionId: string,
  row: RecordRow,
): Promise<{ prediction: Prediction; latencyMs: number }> {
  const model = await modelOf(registry, versionId);
  const started = performance.now();
  const [prediction] = await predict(model, [row]);
  const latencyMs = performance.now() - started;
  if (!prediction) throw new WorkbenchError('internal', 'The model gave no prediction.');
  return { prediction, latencyMs };
}
