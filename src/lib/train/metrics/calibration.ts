import type { CalibrationBin } from './types';

const BIN_COUNT = 10;
// Inner bin edges exactly as numpy.linspace(0, 1, 11)[1:-1] gives them (3 * 0.1, not 0.3).
const EDGES = Float64Array.from({ length: BIN_COUNT - 1 }, (_, i) => (i + 1) * (1 / BIN_COUNT));

/**
 * Reliability curve over 10 uniform bins, empty bins left out. Mirrors
 * sklearn.calibration.calibration_curve(n_bins=10, strategy='uniform'): a bin holds
 * (edge_k, edge_k+1], the first also 0 (numpy.searchsorted on the inner edges). Binary: P(class 1)
 * against truth == 1. Multiclass: the top-class probability against whether that class was right.
 */
export function calibrationCurve(options: {
  outputs: ArrayLike<number>;
  width: number;
  labels: Int32Array;
  predicted: Int32Array;
  binary: boolean;
}): CalibrationBin[] {
  const { outputs, width, labels, predicted, binary } = options;
  const sums = new Float64Array(BIN_COUNT);
  const hits = new Float64Array(BIN_COUNT);
  const counts = new Float64Array(BIN_COUNT);
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row] ?? 0;
    const guess = predicted[row] ?? 0;
    const p = binary ? (outputs[row] ?? 0) : (outputs[row * width + guess] ?? 0);
    let bin = 0;
    while (bin < EDGES.length && (EDGES[bin] ?? 0) < p) bin++;
    sums[bin]! += p;
    counts[bin]! += 1;
    if (binary ? label === 1 : label === guess) hits[bin]! += 1;
  }
  const curve: CalibrationBin[] = [];
  for (let bin = 0; bin < BIN_COUNT; bin++) {
    const count = counts[bin] ?? 0;
    if (count === 0) continue;
    curve.push({
      meanPredicted: (sums[bin] ?? 0) / count,
      fractionPositive: (hits[bin] ?? 0) / count,
      count,
    });
  }
  return curve;
}
