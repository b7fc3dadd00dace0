/**
 * Area under the ROC curve. Binary: sklearn.metrics.roc_auc_score on P(class 1). Multiclass:
 * roc_auc_score(multi_class='ovr', average='macro'), the mean of each class's one-vs-rest AUC.
 * Null when a class it needs is absent from the truth, where sklearn refuses to score.
 */
export function rocAuc(options: {
  outputs: ArrayLike<number>;
  width: number;
  labels: Int32Array;
  classCount: number;
  binary: boolean;
}): number | null {
  const { outputs, width, labels, classCount, binary } = options;
  const counts = new Float64Array(classCount);
  for (let row = 0; row < labels.length; row++) counts[labels[row] ?? 0]! += 1;
  if (counts.includes(0)) return null;
  // One buffer for every class: positives' scores first, then negatives'.
  const scores = new Float64Array(labels.length);
  if (binary) return columnAuc({ outputs, width, column: 0, labels, positive: 1, counts, scores });
  let sum = 0;
  for (let k = 0; k < classCount; k++) {
    sum += columnAuc({ outputs, width, column: k, labels, positive: k, counts, scores });
  }
  return sum / classCount;
}

/**
 * AUC of one column of scores with `positive` as the positive class: the probability that a
 * random positive scores above a random negative, ties counting half (Mann-Whitney U). This
 * equals the trapezoidal area under sklearn's roc_curve, which joins tied scores by a diagonal.
 */
function columnAuc(options: {
  outputs: ArrayLike<number>;
  width: number;
  column: number;
  labels: Int32Array;
  positive: number;
  counts: Float64Array;
  scores: Float64Array;
}): number {
  const { outputs, width, column, labels, positive, counts, scores } = options;
  const positiveCount = counts[positive] ?? 0;
  const negativeCount = labels.length - positiveCount;
  let p = 0;
  let n = positiveCount;
  for (let row = 0, index = column; row < labels.length; row++, index += width) {
    const score = outputs[index] ?? 0;
    if (Number.isNaN(score)) return NaN;
    if (labels[row] === positive) scores[p++] = score;
    else scores[n++] = score;
  }
  const positives = scores.subarray(0, positiveCount).sort();
  const negatives = scores.subarray(positiveCount).sort();
  // For each positive, in ascending order: `below` negatives score lower, `notAbove` no higher.
  // Twice the U statistic is the sum of (below + notAbove); it stays an exact integer in a double
  // up to ~9e15 pairs, so the one division at the end is the only rounding.
  let below = 0;
  let notAbove = 0;
  let twiceU = 0;
  for (let i = 0; i < positiveCount; i++) {
    const score = positives[i] ?? 0;
    while (below < negativeCount && (negatives[below] ?? 0) < score) below++;
    if (notAbove < below) notAbove = below;
    while (notAbove < negativeCount && (negatives[notAbove] ?? 0) <= score) notAbove++;
    twiceU += below + notAbove;
  }
  return twiceU / (2 * positiveCount * negativeCount);
}
