import { describe, expect, it } from 'vitest';
import { argmax, scorePredictions } from './metrics';
import { binary, f64, multiclass, oneHot, regression } from './metrics/spec-helpers';

// Expected numbers are either worked out by hand in the comments or quoted from the docstring
// examples of scikit-learn's metric functions (sklearn/metrics/_classification.py, _ranking.py,
// _regression.py, sklearn/calibration.py). Inputs are Float64Array so they equal numpy's doubles.

describe('scorePredictions: regression', () => {
  it('matches the docstrings of mean_squared_error, mean_absolute_error and r2_score', () => {
    // y_true = [3, -0.5, 2, 7]; y_pred = [2.5, 0.0, 2, 8]
    // mean_squared_error -> 0.375, mean_absolute_error -> 0.5, r2_score -> 0.948...
    // root_mean_squared_error -> 0.612... (sqrt(0.375))
    // R² by hand: SS_res = 0.25 + 0.25 + 0 + 1 = 1.5; mean = 2.875,
    // SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; 1 - 1.5 / 29.1875.
    const metrics = regression([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
    expect(metrics.rowCount).toBe(4);
    expect(metrics.mse).toBeCloseTo(0.375, 12);
    expect(metrics.mae).toBeCloseTo(0.5, 12);
    expect(metrics.rmse).toBeCloseTo(0.6123724356957945, 12);
    expect(metrics.r2).toBeCloseTo(1 - 1.5 / 29.1875, 12);
    expect(metrics.r2).toBeGreaterThanOrEqual(0.948);
    expect(metrics.r2).toBeLessThan(0.949);
    expect(metrics.accuracy).toBeUndefined();
  });

  it('matches the r2_score docstring for perfect, mean-only and reversed predictions', () => {
    // r2_score([1, 2, 3], [1, 2, 3]) -> 1.0; ([1, 2, 3], [2, 2, 2]) -> 0.0; ([1, 2, 3], [3, 2, 1]) -> -3.0
    expect(regression([1, 2, 3], [1, 2, 3]).r2).toBe(1);
    expect(regression([1, 2, 3], [2, 2, 2]).r2).toBe(0);
    expect(regression([1, 2, 3], [3, 2, 1]).r2).toBe(-3);
  });

  it('scores a constant truth as sklearn does with force_finite=True', () => {
    // r2_score([-2, -2, -2], [-2, -2, -2]) -> 1.0; r2_score([-2, -2, -2], [-2, -2, -2 + 1e-8]) -> 0.0
    expect(regression([-2, -2, -2], [-2, -2, -2]).r2).toBe(1);
    expect(regression([-2, -2, -2], [-2, -2, -2 + 1e-8]).r2).toBe(0);
    // The mean of [0.1, 0.1, 0.1] rounds to 0.10000000000000002, which would leave SS_tot ≈ 2e-33
    // and R² ≈ -4e30; a truth with no spread has SS_tot = 0 here.
    expect(regression([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).r2).toBe(1);
    expect(regression([0.1, 0.1, 0.1], [0.1, 0.1, 0.2]).r2).toBe(0);
    const constant = regression([5, 5], [4, 7]);
    expect(constant.mse).toBe(2.5); // (1 + 4) / 2
    expect(constant.mae).toBe(1.5);
  });

  it('passes NaN predictions through instead of hiding them', () => {
    expect(regression([1, 2, 3], [1, NaN, 3]).r2).toBeNaN();
    expect(regression([2, 2, 2], [2, NaN, 2]).r2).toBeNaN();
  });
});

describe('scorePredictions: binary', () => {
  it('matches the roc_auc_score docstring', () => {
    // y_true = [0, 0, 1, 1]; y_scores = [0.1, 0.4, 0.35, 0.8]; roc_auc_score -> 0.75
    // By hand: 0.35 beats 0.1 only, 0.8 beats both negatives: 3 of 4 pairs.
    expect(binary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).rocAuc).toBe(0.75);
  });

  it('matches the log_loss docstring', () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
    // -> 0.21616...; labels sort as ham = 0, spam = 1, so P(class 1) is the second column.
    // By hand: -(ln .9 + ln .9 + ln .8 + ln .65) / 4.
    const metrics = binary([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65]);
    expect(metrics.logLoss).toBeCloseTo(0.21616187468057912, 12);
    expect(metrics.accuracy).toBe(1);
  });

  it('matches the binary confusion_matrix docstring', () => {
    // tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel() -> (0, 2, 1, 1)
    const metrics = binary([0, 1, 0, 1], [0.9, 0.9, 0.9, 0.1]);
    expect(metrics.confusion).toEqual([
      [0, 2],
      [1, 1],
    ]);
    expect(metrics.accuracy).toBe(0.25);
    // Class 0 is never predicted: precision 0 by zero_division=0; class 1: P = 1/3, R = 1/2.
    expect(metrics.perClass).toEqual([
      { precision: 0, recall: 0, f1: 0, support: 2 },
      { precision: 1 / 3, recall: 0.5, f1: 0.4, support: 2 },
    ]);
  });

  it('predicts class 1 only when P(class 1) is above 0.5', () => {
    const metrics = binary([0, 1, 1], [0.5, 0.5000001, 0.4999999]);
    expect(metrics.confusion).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(argmax([0.5, 0.5])).toBe(0);
  });

  it('counts tied scores as half a win in the AUC', () => {
    // Every score tied: each of the 4 pairs counts 1/2.
    expect(binary([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]).rocAuc).toBe(0.5);
    // Positives 0.6 and 0.9, negatives 0.2 and 0.6: 1 + 0.5 + 1 + 1 = 3.5 of 4 pairs. The same as
    // the trapezoid under sklearn's roc_curve: fpr = [0, 0, .5, 1], tpr = [0, .5, 1, 1].
    expect(binary([0, 0, 1, 1], [0.2, 0.6, 0.6, 0.9]).rocAuc).toBe(0.875);
  });

  it('scores perfect and worst predictions', () => {
    const perfect = binary([0, 1, 0, 1], [0, 1, 0, 1]);
    expect(perfect.accuracy).toBe(1);
    expect(perfect.rocAuc).toBe(1);
    expect(perfect.macro).toEqual({ precision: 1, recall: 1, f1: 1 });
    // Clipped to 1 - 1e-15: -ln(1 - 1e-15) ≈ 1e-15.
    expect(perfect.logLoss).toBeCloseTo(1e-15, 16);
    const worst = binary([0, 1, 0, 1], [1, 0, 1, 0]);
    expect(worst.accuracy).toBe(0);
    expect(worst.rocAuc).toBe(0);
    expect(worst.macro).toEqual({ precision: 0, recall: 0, f1: 0 });
    // Clipped to 1e-15: -ln(1e-15) = 15 ln 10 = 34.5387763949...
    expect(worst.logLoss).toBeCloseTo(15 * Math.LN10, 10);
  });

  it('leaves the AUC undefined when the truth has one class', () => {
    // roc_auc_score refuses: "Only one class present in y_true".
    const metrics = binary([1, 1, 1], [0.9, 0.2, 0.6]);
    expect(metrics.rocAuc).toBeNull();
    // Class 0 is absent from the truth but predicted once: precision 0, recall 0 (zero_division).
    expect(metrics.perClass?.[0]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(metrics.perClass?.[1]).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    // Both classes occur in truth or predictions, so both are in the macro average.
    expect(metrics.macro?.f1).toBeCloseTo(0.4, 12);
  });

  it('bins the calibration curve like calibration_curve(strategy="uniform")', () => {
    // Bins are (k/10, (k+1)/10], the first also holding 0. 0.1 is an edge, so it stays in bin 0;
    // 0.3 sits below numpy's third edge 0.30000000000000004, so it stays in (0.2, 0.3].
    const metrics = binary([0, 1, 0, 0, 1, 1, 1, 1], [0.05, 0.1, 0.15, 0.3, 0.35, 0.5, 0.95, 1]);
    // sklearn: prob_true = [0.5, 0, 0, 1, 1, 1], prob_pred = [0.075, 0.15, 0.3, 0.35, 0.5, 0.975]
    const expected = [
      { meanPredicted: 0.075, fractionPositive: 0.5, count: 2 },
      { meanPredicted: 0.15, fractionPositive: 0, count: 1 },
      { meanPredicted: 0.3, fractionPositive: 0, count: 1 },
      { meanPredicted: 0.35, fractionPositive: 1, count: 1 },
      { meanPredicted: 0.5, fractionPositive: 1, count: 1 },
      { meanPredicted: 0.975, fractionPositive: 1, count: 2 },
    ];
    expect(metrics.calibration).toHaveLength(expected.length);
    metrics.calibration?.forEach((bin, i) => {
      expect(bin.meanPredicted).toBeCloseTo(expected[i]?.meanPredicted ?? NaN, 12);
      expect(bin.fractionPositive).toBe(expected[i]?.fractionPositive);
      expect(bin.count).toBe(expected[i]?.count);
    });
    // Float32 0.3 is 0.30000001192..., just above the edge: numpy compares it the same way.
    const float32 = scorePredictions({
      task: 'binary',
      outputs: Float32Array.of(0.3, 0.7),
      width: 1,
      truth: Float32Array.of(0, 1),
    });
    expect(float32.calibration?.map((bin) => bin.meanPredicted)).toEqual([
      Math.fround(0.3),
      Math.fround(0.7),
    ]);
    expect(float32.calibration?.[0]?.meanPredicted).toBeGreaterThan(0.3);
  });
});

describe('scorePredictions: multiclass', () => {
  it('matches the precision_recall_fscore_support docstring', () => {
    // y_true = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig']
    // y_pred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog']
    // average='macro' -> (0.22..., 0.33..., 0.26..., None)
    // average=None, labels=['pig', 'dog', 'cat'] -> precision [0, 0, 0.66...], recall [0, 0, 1],
    // f1 [0, 0, 0.8], support [2, 2, 2]. With cat = 0, dog = 1, pig = 2:
    const metrics = multiclass([0, 1, 2, 0, 1, 2], oneHot([0, 2, 1, 0, 0, 1], 3));
    expect(metrics.perClass).toEqual([
      { precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
      { precision: 0, recall: 0, f1: 0, support: 2 },
      { precision: 0, recall: 0, f1: 0, support: 2 },
    ]);
    expect(metrics.macro?.precision).toBeCloseTo(2 / 9, 12);
    expect(metrics.macro?.recall).toBeCloseTo(1 / 3, 12);
    expect(metrics.macro?.f1).toBeCloseTo(0.8 / 3, 12);
    expect(metrics.accuracy).toBeCloseTo(1 / 3, 12);
  });

  it('matches the confusion_matrix docstring, with a class never predicted', () => {
    // confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]) -> [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    const metrics = multiclass([2, 0, 2, 2, 0, 1], oneHot([0, 0, 2, 2, 0, 2], 3));
    expect(metrics.confusion).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    // Class 1 is never predicted: precision 0 (zero_division=0), recall 0.
    // Class 0: P = 2/3, R = 1, F1 = 0.8. Class 2: P = 2/3, R = 2/3, F1 = 2/3.
    // precision_score(..., average='macro', zero_division=0) = 4/9; recall 5/9; f1 (0.8 + 2/3) / 3.
    expect(metrics.perClass?.[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(metrics.macro?.precision).toBeCloseTo(4 / 9, 12);
    expect(metrics.macro?.recall).toBeCloseTo(5 / 9, 12);
    expect(metrics.macro?.f1).toBeCloseTo((0.8 + 2 / 3) / 3, 12);
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('computes the macro one-vs-rest AUC with ties, and the log loss', () => {
    const truth = [0, 1, 2, 0];
    const probabilities = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.2, 0.7],
      [0.3, 0.5, 0.2],
    ];
    const metrics = multiclass(truth, probabilities);
    // Class 0: positives 0.6, 0.3 beat negatives 0.2, 0.1 -> 1.
    // Class 1: positive 0.5 against 0.3, 0.2 and a tied 0.5 -> (1 + 1 + 0.5) / 3 = 5/6.
    // Class 2: positive 0.7 beats 0.1, 0.3, 0.2 -> 1. Macro: (1 + 5/6 + 1) / 3 = 17/18.
    expect(metrics.rocAuc).toBeCloseTo(17 / 18, 12);
    // Rows already sum to 1: -(ln .6 + ln .5 + ln .7 + ln .3) / 4.
    const expected = -(Math.log(0.6) + Math.log(0.5) + Math.log(0.7) + Math.log(0.3)) / 4;
    expect(metrics.logLoss).toBeCloseTo(expected, 12);
    expect(metrics.accuracy).toBe(0.75); // the last row predicts class 1
  });

  it('renormalises clipped probabilities in the log loss', () => {
    // [0.2, 0.2, 0.2] for class 0 renormalises to 1/3: -ln(1/3).
    expect(multiclass([0], [[0.2, 0.2, 0.2]], 3).logLoss).toBeCloseTo(Math.log(3), 12);
  });

  it('breaks ties in probability towards the first class', () => {
    expect(
      multiclass(
        [1, 0],
        [
          [0.4, 0.4, 0.2],
          [0.2, 0.4, 0.4],
        ],
      ).confusion,
    ).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('leaves the AUC undefined when a class is absent from the truth', () => {
    // Class 2 never occurs in the truth but is predicted once (row 3).
    const metrics = multiclass(
      [0, 1, 0, 1],
      [
        [0.8, 0.1, 0.1],
        [0.1, 0.8, 0.1],
        [0.7, 0.2, 0.1],
        [0.1, 0.2, 0.7],
      ],
    );
    // roc_auc_score(multi_class='ovr') raises: 2 classes in y_true, 3 columns in y_score.
    expect(metrics.rocAuc).toBeNull();
    expect(metrics.perClass?.[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    // Class 2 is predicted, so it takes part in the macro average: (1 + 2/3 + 0) / 3 for F1.
    expect(metrics.macro?.f1).toBeCloseTo((1 + 2 / 3) / 3, 12);
  });

  it('averages only over classes in the truth or the predictions, as sklearn by default', () => {
    // f1_score([0, 1, 0, 1], [0, 1, 1, 1], average='macro') = (2/3 + 0.8) / 2 = 0.7333...
    // Class 0: P = 1, R = 1/2, F1 = 2/3. Class 1: P = 2/3, R = 1, F1 = 0.8. Class 2 never occurs.
    const metrics = multiclass([0, 1, 0, 1], oneHot([0, 1, 1, 1], 3));
    expect(metrics.perClass?.[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(metrics.macro?.precision).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(metrics.macro?.recall).toBeCloseTo(0.75, 12);
    expect(metrics.macro?.f1).toBeCloseTo((2 / 3 + 0.8) / 2, 12);
    expect(metrics.rocAuc).toBeNull();
  });

  it('scores perfect and worst predictions', () => {
    const perfect = multiclass([0, 1, 2], oneHot([0, 1, 2], 3));
    expect(perfect.accuracy).toBe(1);
    expect(perfect.rocAuc).toBe(1);
    expect(perfect.macro).toEqual({ precision: 1, recall: 1, f1: 1 });
    const worst = multiclass([0, 1, 2], oneHot([1, 2, 0], 3));
    expect(worst.accuracy).toBe(0);
    expect(worst.macro).toEqual({ precision: 0, recall: 0, f1: 0 });
    // Each true class gets 1e-15 of (1e-15 + 1 - 1e-15 + 1e-15): ≈ 15 ln 10.
    expect(worst.logLoss).toBeCloseTo(15 * Math.LN10, 10);
    // Class 0's column is [0, 0, 1] and only row 0 is positive: a tie with row 1 and a loss to
    // row 2 -> 1/4. Every class is alike, so the macro AUC is 1/4.
    expect(worst.rocAuc).toBe(0.25);
  });

  it('calibrates the top-class probability against being right', () => {
    const metrics = multiclass(
      [0, 1, 0, 2],
      [
        [0.9, 0.05, 0.05], // right, 0.9 in (0.8, 0.9]
        [0.35, 0.33, 0.32], // wrong, 0.35 in (0.3, 0.4]
        [0.38, 0.32, 0.3], // right, 0.38 in (0.3, 0.4]
        [0.05, 0.05, 0.9], // right, 0.9 in (0.8, 0.9]
      ],
    );
    expect(metrics.calibration).toHaveLength(2);
    expect(metrics.calibration?.[0]?.meanPredicted).toBeCloseTo(0.365, 12);
    expect(metrics.calibration?.[0]?.fractionPositive).toBe(0.5);
    expect(metrics.calibration?.[0]?.count).toBe(2);
    expect(metrics.calibration?.[1]).toEqual({ meanPredicted: 0.9, fractionPositive: 1, count: 2 });
  });
});

describe('scorePredictions: bad input', () => {
  const internal: unknown = expect.objectContaining({ code: 'internal' });

  it('refuses shapes and labels that do not fit', () => {
    expect(() => multiclass([0, 3], oneHot([0, 1], 3))).toThrow(internal);
    expect(() => multiclass([0, 0.5], oneHot([0, 1], 3))).toThrow(internal);
    expect(() => multiclass([0, 1], oneHot([0, 1], 3), 4)).toThrow(internal);
    expect(() => binary([0, 2], [0.1, 0.9])).toThrow(internal);
    expect(() => binary([], [])).toThrow(internal);
    expect(() =>
      scorePredictions({ task: 'regression', outputs: f64([1, 2]), width: 2, truth: f64([1]) }),
    ).toThrow(internal);
    expect(() =>
      scorePredictions({ task: 'binary', outputs: f64([0.1]), width: 1, truth: f64([0, 1]) }),
    ).toThrow(internal);
  });
});
