import { checkField, type FieldCheck } from '../lib/deploy/prediction-form';
import { toWorkbenchError, type SerializedError } from '../lib/errors';
import type { Prediction } from '../lib/train/types';
import type { RecordRow } from '../lib/train/records';
import type { PredictionFormInfo } from '../workers/protocol';
import type { WorkerClient } from './worker-client';

/** The form's last answer: the prediction, the version that made it and how long it took. */
export interface FormAnswer {
  prediction: Prediction;
  latencyMs: number;
  versionId: string;
  /** The values predicted from, as sent (so "why" explains exactly this row). */
  row: RecordRow;
}

/**
 * The Deploy screen's single-prediction form: its fields for the chosen version, the typed
 * values, each value's check, and the last prediction.
 */
export class PredictFormState {
  versionId = $state<string | null>(null);
  info = $state.raw<PredictionFormInfo | null>(null);
  values = $state<Record<string, string>>({});
  answer = $state.raw<FormAnswer | null>(null);
  error = $state.raw<SerializedError | null>(null);
  predicting = $state(false);

  #client: WorkerClient;

  constructor(client: WorkerClient) {
    this.#client = client;
  }

  /** Loads the form of a version (keeping typed values whose columns it also has). */
  async load(versionId: string): Promise<void> {
    if (this.versionId === versionId && this.info) return;
    this.versionId = versionId;
    this.answer = null;
    this.error = null;
    try {
      const info = await this.#client.call((api) => api.predictionForm(versionId));
      if (this.versionId !== versionId) return;
      this.info = info;
      this.values = Object.fromEntries(info.fields.map((f) => [f.name, this.values[f.name] ?? '']));
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    }
  }

  check(name: string): FieldCheck {
    const field = this.info?.fields.find((f) => f.name === name);
    return field ? checkField(field, this.values[name] ?? '') : {};
  }

  get blocked(): boolean {
    return (this.info?.fields ?? []).some((field) => this.check(field.name).error !== undefined);
  }

  async predict(): Promise<void> {
    const versionId = this.versionId;
    if (!versionId || !this.info || this.blocked || this.predicting) return;
    this.predicting = true;
    this.error = null;
    // Empty fields are missing values: the model fills them as in training.
    const row = Object.fromEntries(
      this.info.fields.map((f) => [f.name, (this.values[f.name] ?? '').trim() || null]),
    );
    try {
      const result = await this.#client.call((api) => api.predictOne(versionId, row));
      this.answer = { ...result, versionId, row };
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    } finally {
      this.predicting = false;
    }
  }
}
