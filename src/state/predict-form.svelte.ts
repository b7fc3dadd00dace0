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
  /**
   * The typed text of each field, in `info.fields` order. By position, not by column name: a
   * column may be named "__proto__" or "constructor", which an object keyed by name would
   * turn into its prototype.
   */
  values = $state<string[]>([]);
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
      // What was typed, by column name, kept for the fields the new form also has.
      const previous = this.info?.fields ?? [];
      const typed = (name: string) => {
        const index = previous.findIndex((f) => f.name === name);
        return index >= 0 ? (this.values[index] ?? '') : '';
      };
      this.info = info;
      this.values = info.fields.map((f) => typed(f.name));
    } catch (error) {
      this.error = toWorkbenchError(error).toJSON();
    }
  }

  check(name: string): FieldCheck {
    const index = this.info?.fields.findIndex((f) => f.name === name) ?? -1;
    const field = this.info?.fields[index];
    return field ? checkField(field, this.values[index] ?? '') : {};
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
      this.info.fields.map((f, i) => [f.name, (this.values[i] ?? '').trim() || null]),
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
