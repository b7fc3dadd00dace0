/**
 * The single-prediction form of a model: one field per feature column, from the model's own
 * preprocessing (categories, the kind of each column) and, when the version keeps reference
 * data, the training range of each number. Every field may be left empty: the model fills a
 * missing value as it did in training. `checkField` says what is wrong with a typed value
 * (an error) or unusual about it (outside the training range, a category never seen).
 */
import type { ColumnSummary } from '../reference/types';
import type { TrainedModel } from '../train/types';

export type FormField =
  | {
      name: string;
      kind: 'number';
      /** The column held true/false: offered as a choice, sent as 1 or 0. */
      boolean: boolean;
      /** The training rows' range, when known. */
      min: number | null;
      max: number | null;
    }
  | { name: string; kind: 'date'; hasTime: boolean; min: number | null; max: number | null }
  | {
      name: string;
      kind: 'category';
      /** The categories the model has a slot for (others share its "other" slot). */
      options: string[];
      /** What a missing value becomes. */
      fill: string;
    };

export function predictionForm(
  model: TrainedModel,
  summaries: readonly ColumnSummary[] = [],
): FormField[] {
  const summaryOf = (name: string) => summaries.find((s) => s.name === name);
  return model.preprocessing.steps.map((step): FormField => {
    const summary = summaryOf(step.column);
    const range =
      summary?.storage === 'number'
        ? { min: summary.min, max: summary.max }
        : { min: null, max: null };
    if (step.kind === 'one-hot') {
      return {
        name: step.column,
        kind: 'category',
        options: [...step.categories],
        fill: step.fill,
      };
    }
    if (step.kind === 'datetime') {
      return { name: step.column, kind: 'date', hasTime: step.hasTime, ...range };
    }
    return { name: step.column, kind: 'number', boolean: step.source === 'boolean', ...range };
  });
}

/** What a typed value means: an error stops the prediction, a warning is shown beside it. */
export interface FieldCheck {
  error?: string;
  warning?: string;
}

export function checkField(field: FormField, text: string): FieldCheck {
  const value = text.trim();
  if (value === '') return {};
  if (field.kind === 'category') {
    return field.options.includes(value)
      ? {}
      : { warning: `"${value}" was not among the training categories; it counts as "other".` };
  }
  if (field.kind === 'date') {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return { error: 'Not a date: use the form YYYY-MM-DD.' };
    return outside(ms, field.min, field.max, (x) => new Date(x).toISOString().slice(0, 10));
  }
  if (field.boolean) return {};
  const number = Number(value);
  if (!Number.isFinite(number)) return { error: 'Not a number.' };
  return outside(number, field.min, field.max, String);
}

function outside(
  value: number,
  min: number | null,
  max: number | null,
  show: (x: number) => string,
): FieldCheck {
  if (min !== null && max !== null && (value < min || value > max)) {
    return {
      warning: `Outside the training range (${show(min)} to ${show(max)}): the prediction is an extrapolation.`,
    };
  }
  return {};
}
