/**
 * Scoring's results kept columnar: one float per row (two classes, a regression) or one per class,
 * as the network gave them in the target's units, instead of one object per row. A million
 * prediction objects cost scoring about an eighth of its time; the scored CSV and the log read
 * these arrays directly, and `predictions` are built only when someone asks for them.
 */
import { argmax, classProbabilities } from '../train/metrics';
import type { OutputMeaning } from '../train/predict-outputs';
import type { Prediction } from '../train/types';

/** A batch's outputs as the tf.js path gives them: checked, unscaled, `width` per row. */
export interface RawOutputs {
  values: Float32Array;
  width: number;
}

export const isRawOutputs = (value: unknown): value is RawOutputs =>
  typeof value === 'object' && value !== null && 'values' in value && 'width' in value;

/** Outputs per row of the model's task: one (regression, two classes) or one per class. */
export const outputWidth = (meaning: Pick<OutputMeaning, 'task' | 'classes'>): number =>
  meaning.task === 'multiclass' ? meaning.classes.length : 1;

export class ScoredOutputs {
  readonly task: OutputMeaning['task'];
  readonly classes: readonly string[];
  readonly width: number;
  readonly rows: number;
  /** `width` values per row; NaN where the row was not scored. */
  readonly values: Float32Array;
  /** 1 where the row was scored. */
  readonly scored: Uint8Array;

  constructor(rows: number, meaning: Pick<OutputMeaning, 'task' | 'classes'>) {
    this.task = meaning.task;
    this.classes = meaning.classes;
    this.width = outputWidth(meaning);
    this.rows = rows;
    this.values = new Float32Array(rows * this.width).fill(NaN);
    this.scored = new Uint8Array(rows);
  }

  /** Stores a batch's outputs from row `start` on. */
  setOutputs(start: number, raw: RawOutputs): void {
    if (raw.width !== this.width) {
      throw new Error(`The model gave ${raw.width} outputs per row, not ${this.width}.`);
    }
    this.values.set(raw.values, start * this.width);
    this.scored.fill(1, start, start + raw.values.length / this.width);
  }

  /** Stores predictions given as objects (the int8 paths), from row `start` on. */
  setPredictions(start: number, predictions: readonly Prediction[]): void {
    predictions.forEach((prediction, i) => {
      const at = (start + i) * this.width;
      if ('value' in prediction) this.values[at] = prediction.value;
      else if (this.width === 1) this.values[at] = prediction.probabilities[1] ?? NaN;
      else this.values.set(prediction.probabilities, at);
      this.scored[start + i] = 1;
    });
  }

  isScored(row: number): boolean {
    return this.scored[row] === 1;
  }

  /** The row's class probabilities, as `predict` gives them. */
  probabilities(row: number): number[] {
    return classProbabilities(this.values, row, this.width, this.task);
  }

  /** Index of the row's predicted class. */
  labelIndex(row: number): number {
    if (this.width === 1) {
      const p = this.values[row] ?? NaN;
      return p > 1 - p ? 1 : 0;
    }
    return argmax(this.values.subarray(row * this.width, (row + 1) * this.width));
  }

  /** The row's prediction exactly as `predict` gives it, or null when it was not scored. */
  prediction(row: number): Prediction | null {
    if (!this.isScored(row)) return null;
    if (this.task === 'regression') return { value: this.values[row] ?? NaN };
    const probabilities = this.probabilities(row);
    return { label: this.classes[argmax(probabilities)] ?? '', probabilities };
  }

  /** Every row's prediction (null where not scored). */
  predictions(): (Prediction | null)[] {
    return Array.from({ length: this.rows }, (_, row) => this.prediction(row));
  }
}
