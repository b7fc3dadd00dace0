/** Precision, recall and F1 of one class, and how many rows truly belong to it. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** One non-empty bin of a reliability curve. */
export interface CalibrationBin {
  /** Mean predicted probability of the rows in the bin. */
  meanPredicted: number;
  /** Share of the rows in the bin that were positive (binary) or predicted right (multiclass). */
  fractionPositive: number;
  count: number;
}

/** Scores of one set of predictions; which fields are present depends on the task. */
export interface Metrics {
  rowCount: number;
  /** Regression: mean squared error. */
  mse?: number;
  rmse?: number;
  /** Regression: mean absolute error. */
  mae?: number;
  /** Regression: coefficient of determination. */
  r2?: number;
  /** Classification: share of rows predicted right. */
  accuracy?: number;
  /** Cross-entropy of the true class, probabilities clipped to [1e-15, 1 - 1e-15]. */
  logLoss?: number;
  /** Unweighted mean over the classes present in the truth or the predictions. */
  macro?: { precision: number; recall: number; f1: number };
  /** Indexed by class. */
  perClass?: ClassScores[];
  /** Binary AUC, or macro one-vs-rest AUC; null when a class it needs is absent from the truth. */
  rocAuc?: number | null;
  /** confusion[true][predicted], classCount x classCount. */
  confusion?: number[][];
  /** Up to 10 uniform bins over [0, 1], empty ones left out. */
  calibration?: CalibrationBin[];
}
