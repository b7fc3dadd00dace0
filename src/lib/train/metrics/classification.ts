import type { ClassScores } from './types';

/**
 * The predicted class of every row. Multiclass: the index of the largest probability, the first
 * on ties (numpy.argmax, as sklearn's predict). Binary: class 1 when P(class 1) > 0.5, so 0.5
 * itself is class 0 (sklearn's LogisticRegression.predict takes decision_function > 0).
 */
export function predictClasses(
  outputs: ArrayLike<number>,
  width: number,
  binary: boolean,
): Int32Array {
  const rowCount = outputs.length / width;
  const predicted = new Int32Array(rowCount);
  if (binary) {
    for (let row = 0; row < rowCount; row++) predicted[row] = (outputs[row] ?? 0) > 0.5 ? 1 : 0;
    return predicted;
  }
  for (let row = 0, base = 0; row < rowCount; row++, base += width) {
    let best = 0;
    let bestValue = outputs[base] ?? 0;
    for (let k = 1; k < width; k++) {
      const value = outputs[base + k] ?? 0;
      if (value > bestValue) {
        best = k;
        bestValue = value;
      }
    }
    predicted[row] = best;
  }
  return predicted;
}

// sklearn.metrics.confusion_matrix(labels=range(classCount)): counts[true * classCount + predicted].
export function confusionCounts(
  labels: Int32Array,
  predicted: Int32Array,
  classCount: number,
): Float64Array {
  const counts = new Float64Array(classCount * classCount);
  for (let row = 0; row < labels.length; row++) {
    counts[(labels[row] ?? 0) * classCount + (predicted[row] ?? 0)]! += 1;
  }
  return counts;
}

/** Accuracy, per-class and macro precision, recall and F1 from confusion counts. */
export function classScores(
  counts: Float64Array,
  classCount: number,
): { accuracy: number; perClass: ClassScores[]; macro: Omit<ClassScores, 'support'> } {
  const perClass: ClassScores[] = [];
  const macro = { precision: 0, recall: 0, f1: 0 };
  let correct = 0;
  let total = 0;
  let present = 0;
  for (let k = 0; k < classCount; k++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < classCount; j++) {
      support += counts[k * classCount + j] ?? 0;
      predicted += counts[j * classCount + k] ?? 0;
    }
    const hits = counts[k * classCount + k] ?? 0;
    correct += hits;
    total += support;
    // sklearn.metrics.precision_recall_fscore_support(average=None, zero_division=0);
    // F1 = 2 TP / (2 TP + FP + FN), as sklearn >= 1.3 computes it.
    const scores = {
      precision: predicted > 0 ? hits / predicted : 0,
      recall: support > 0 ? hits / support : 0,
      f1: support + predicted > 0 ? (2 * hits) / (support + predicted) : 0,
      support,
    };
    perClass.push(scores);
    // sklearn's default labels are unique_labels(y_true, y_pred): a class that is neither in the
    // truth nor predicted takes no part in the macro average.
    if (support + predicted > 0) {
      present++;
      macro.precision += scores.precision;
      macro.recall += scores.recall;
      macro.f1 += scores.f1;
    }
  }
  // sklearn.metrics.precision_recall_fscore_support(average='macro', zero_division=0)
  macro.precision /= present;
  macro.recall /= present;
  macro.f1 /= present;
  // sklearn.metrics.accuracy_score
  return { accuracy: correct / total, perClass, macro };
}

/** Confusion counts as rows: result[true][predicted]. */
export function confusionRows(counts: Float64Array, classCount: number): number[][] {
  return Array.from({ length: classCount }, (_, k) =>
    Array.from(counts.subarray(k * classCount, (k + 1) * classCount)),
  );
}
