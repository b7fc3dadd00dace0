import type { Metrics } from './types';

/** MSE, RMSE, MAE and R² of predicted values against the true ones. */
export function regressionMetrics(predicted: ArrayLike<number>, truth: ArrayLike<number>): Metrics {
  const n = truth.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const y = truth[i] ?? 0;
    sum += y;
    if (y < min) min = y;
    if (y > max) max = y;
  }
  const mean = sum / n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = truth[i] ?? 0;
    const error = y - (predicted[i] ?? 0);
    squared += error * error;
    absolute += Math.abs(error);
    total += (y - mean) * (y - mean);
  }
  // sklearn.metrics.mean_squared_error
  const mse = squared / n;
  return {
    rowCount: n,
    mse,
    // sklearn.metrics.root_mean_squared_error
    rmse: Math.sqrt(mse),
    // sklearn.metrics.mean_absolute_error
    mae: absolute / n,
    // A constant truth can leave a rounding crumb in `total`; it is exactly zero by definition.
    r2: rSquared(squared, min === max ? 0 : total),
  };
}

// sklearn.metrics.r2_score with force_finite=True: 1 - SS_res / SS_tot.
function rSquared(residual: number, total: number): number {
  if (total > 0) return 1 - residual / total;
  // Constant truth: a perfect fit scores 1, anything else 0 (and NaN stays NaN).
  if (residual === 0) return 1;
  return residual > 0 ? 0 : NaN;
}
