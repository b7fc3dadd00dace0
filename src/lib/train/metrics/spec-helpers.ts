// Builders shared by the metrics specs: inputs as Float64Array so they equal numpy's doubles.
import { scorePredictions, type Metrics } from '../metrics';

export const f64 = (values: number[]): Float64Array => Float64Array.from(values);

export function regression(truth: number[], predicted: number[]): Metrics {
  return scorePredictions({
    task: 'regression',
    outputs: f64(predicted),
    width: 1,
    truth: f64(truth),
  });
}

export function binary(truth: number[], probability: number[]): Metrics {
  return scorePredictions({
    task: 'binary',
    outputs: f64(probability),
    width: 1,
    truth: f64(truth),
  });
}

export function multiclass(
  truth: number[],
  probabilities: number[][],
  classCount?: number,
): Metrics {
  const width = probabilities[0]?.length ?? 0;
  return scorePredictions({
    task: 'multiclass',
    outputs: f64(probabilities.flat()),
    width,
    truth: f64(truth),
    ...(classCount === undefined ? {} : { classCount }),
  });
}

/** Probabilities that put everything on the predicted class. */
export const oneHot = (predicted: number[], classCount: number): number[][] =>
  predicted.map((k) => Array.from({ length: classCount }, (_, j) => (j === k ? 1 : 0)));
