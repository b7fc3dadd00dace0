const EPSILON = 1e-15;

/**
 * Mean cross-entropy of the true class. Mirrors sklearn.metrics.log_loss with eps=1e-15: each
 * probability is clipped to [eps, 1 - eps] and the row renormalised to sum to 1 (the behaviour
 * of scikit-learn before 1.5, which now clips at the dtype's eps and no longer renormalises).
 */
export function logLoss(
  outputs: ArrayLike<number>,
  width: number,
  labels: Int32Array,
  binary: boolean,
): number {
  const rowCount = labels.length;
  let total = 0;
  if (binary) {
    for (let row = 0; row < rowCount; row++) {
      const p = outputs[row] ?? 0;
      const positive = clip(p);
      const negative = clip(1 - p);
      total -= Math.log((labels[row] === 1 ? positive : negative) / (positive + negative));
    }
    return total / rowCount;
  }
  for (let row = 0, base = 0; row < rowCount; row++, base += width) {
    let sum = 0;
    for (let k = 0; k < width; k++) sum += clip(outputs[base + k] ?? 0);
    total -= Math.log(clip(outputs[base + (labels[row] ?? 0)] ?? 0) / sum);
  }
  return total / rowCount;
}

function clip(p: number): number {
  if (p < EPSILON) return EPSILON;
  return p > 1 - EPSILON ? 1 - EPSILON : p;
}
