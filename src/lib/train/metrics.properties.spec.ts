import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scorePredictions } from './metrics';
import { binary, multiclass } from './metrics/spec-helpers';

// Expected numbers are either worked out by hand in the comments or quoted from the docstring
// examples of scikit-learn's metric functions (sklearn/metrics/_classification.py, _ranking.py,
// _regression.py, sklearn/calibration.py). Inputs are Float64Array so they equal numpy's doubles.

describe('scorePredictions: properties', () => {
  // P(score_pos > score_neg) + 0.5 P(tie), by comparing every pair.
  function pairwiseAuc(scores: number[], positive: boolean[]): number | null {
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) => {
      if (!positive[i]) return;
      scores.forEach((n, j) => {
        if (positive[j]) return;
        pairs++;
        wins += p > n ? 1 : p === n ? 0.5 : 0;
      });
    });
    return pairs === 0 ? null : wins / pairs;
  }

  // Scores from a few values, so that ties are common.
  const score = fc.integer({ min: 0, max: 6 }).map((k) => k / 6);

  it('gives the binary AUC of the pairwise definition', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), score), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(rows, (cases) => {
        const truth = cases.map(([label]) => label);
        const scores = cases.map(([, s]) => s);
        const expected = pairwiseAuc(
          scores,
          truth.map((label) => label === 1),
        );
        const actual = binary(truth, scores).rocAuc;
        if (expected === null) expect(actual).toBeNull();
        else expect(actual).toBeCloseTo(expected, 12);
      }),
    );
  });

  const multiclassRows = (classCount: number) =>
    fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: classCount - 1 }),
        fc.array(score, { minLength: classCount, maxLength: classCount }),
      ),
      { minLength: 1, maxLength: 30 },
    );

  it('gives the multiclass AUC as the mean of pairwise one-vs-rest AUCs', () => {
    fc.assert(
      fc.property(multiclassRows(3), (cases) => {
        const truth = cases.map(([label]) => label);
        const probabilities = cases.map(([, row]) => row);
        const perClass = [0, 1, 2].map((k) =>
          pairwiseAuc(
            probabilities.map((row) => row[k] ?? 0),
            truth.map((label) => label === k),
          ),
        );
        const actual = multiclass(truth, probabilities).rocAuc;
        const defined = perClass.filter((auc) => auc !== null);
        if (defined.length < 3) expect(actual).toBeNull();
        else expect(actual).toBeCloseTo(defined.reduce((a, b) => a + b, 0) / 3, 12);
      }),
    );
  });

  it('makes macro F1 the mean of per-class F1 over the classes that occur', () => {
    fc.assert(
      fc.property(multiclassRows(4), (cases) => {
        const truth = cases.map(([label]) => label);
        const metrics = multiclass(
          truth,
          cases.map(([, row]) => row),
        );
        const confusion = metrics.confusion ?? [];
        const perClass = metrics.perClass ?? [];
        // A class occurs when it is in the truth (its row) or predicted (its column).
        const occurs = perClass.map(
          (scores, k) => scores.support > 0 || confusion.some((row) => (row[k] ?? 0) > 0),
        );
        const used = perClass.filter((_, k) => occurs[k]);
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        expect(metrics.macro?.f1).toBeCloseTo(mean(used.map((s) => s.f1)), 12);
        expect(metrics.macro?.precision).toBeCloseTo(mean(used.map((s) => s.precision)), 12);
        expect(metrics.macro?.recall).toBeCloseTo(mean(used.map((s) => s.recall)), 12);
        if (occurs.every(Boolean) && new Set(truth).size === 4) {
          expect(metrics.macro?.f1).toBeCloseTo(mean(perClass.map((s) => s.f1)), 12);
        }
        // F1 is the harmonic mean of precision and recall wherever that is defined.
        for (const s of perClass) {
          const harmonic =
            s.precision + s.recall > 0
              ? (2 * s.precision * s.recall) / (s.precision + s.recall)
              : 0;
          expect(s.f1).toBeCloseTo(harmonic, 12);
        }
        expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(truth.length);
      }),
    );
  });
});

describe('scorePredictions: a million rows', () => {
  // A deterministic hash, so the data needs no random seed.
  const hash = (i: number) => (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0) / 2 ** 32;
  const rowCount = 1_000_000;

  it('scores binary predictions and checks the AUC against a histogram count', () => {
    const truth = new Float32Array(rowCount);
    const outputs = new Float32Array(rowCount);
    // Scores take 100 values; positives lean higher.
    const positives = new Float64Array(100);
    const negatives = new Float64Array(100);
    for (let i = 0; i < rowCount; i++) {
      const label = hash(i) < 0.3 ? 1 : 0;
      const level = Math.min(99, Math.floor(hash(i + rowCount) * 80) + label * 20);
      truth[i] = label;
      outputs[i] = level / 100;
      (label === 1 ? positives : negatives)[level]! += 1;
    }
    let wins = 0;
    let below = 0;
    for (let level = 0; level < 100; level++) {
      wins += (positives[level] ?? 0) * (below + 0.5 * (negatives[level] ?? 0));
      below += negatives[level] ?? 0;
    }
    const positiveCount = positives.reduce((a, b) => a + b, 0);
    const expected = wins / (positiveCount * (rowCount - positiveCount));

    const metrics = scorePredictions({ task: 'binary', outputs, width: 1, truth });
    expect(metrics.rocAuc).toBeCloseTo(expected, 10);
    expect(metrics.calibration?.reduce((sum, bin) => sum + bin.count, 0)).toBe(rowCount);
  });

  it('scores multiclass predictions', () => {
    const classCount = 5;
    const truth = new Float32Array(rowCount);
    const outputs = new Float32Array(rowCount * classCount);
    for (let i = 0; i < rowCount; i++) {
      const label = Math.floor(hash(i) * classCount);
      truth[i] = label;
      let sum = 0;
      for (let k = 0; k < classCount; k++) {
        const value = hash(i * classCount + k + 7) + (k === label ? 0.5 : 0);
        outputs[i * classCount + k] = value;
        sum += value;
      }
      for (let k = 0; k < classCount; k++) outputs[i * classCount + k]! /= sum;
    }
    const metrics = scorePredictions({ task: 'multiclass', outputs, width: classCount, truth });
    expect(metrics.rowCount).toBe(rowCount);
    expect(metrics.rocAuc).toBeGreaterThan(0.5);
    expect(metrics.accuracy).toBeGreaterThan(0.2);
    expect(metrics.perClass?.reduce((sum, s) => sum + s.support, 0)).toBe(rowCount);
  });
});
