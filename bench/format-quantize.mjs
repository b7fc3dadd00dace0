/** The quantization benchmark's table. */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./quantize-types.ts').QuantizationResult} QuantizationResult */
/** @typedef {import('./quantize-types.ts').ScoreDelta} ScoreDelta */

/** Scores are compared after rounding away float noise (a drop of 0.5000001 points is 0.5). */
const EPSILON = 1e-9;

/**
 * @param {QuantizationResult} r
 * @param {ScoreDelta} score
 */
function describeScore(r, score) {
  if (r.metricName === 'rmse') {
    const change = score.drop * 100;
    return `${score.float.toFixed(3)} → ${score.quantized.toFixed(3)} (${change >= 0 ? '+' : ''}${change.toFixed(2)}%)`;
  }
  const points = -score.drop;
  return `${(score.float * 100).toFixed(1)} → ${(score.quantized * 100).toFixed(1)} (${points >= 0 ? '+' : ''}${points.toFixed(1)} pt)`;
}

/** @param {QuantizationResult} r */
function accuracyVerdict(r) {
  const worst = Math.max(r.validation.drop, r.test.drop);
  const met = worst <= r.accuracyGoal + EPSILON;
  const kept = r.keptLayers.length > 0 ? `, ${r.keptLayers.length} layer(s) kept` : '';
  return `${met ? 'met' : 'MISSED'}${kept}`;
}

/** @param {QuantizationResult} r */
function sizeVerdict(r) {
  const met = r.ratio <= r.sizeGoal + EPSILON;
  return `${r.ratio.toFixed(3)} (≤ ${r.sizeGoal.toFixed(2)} ${met ? 'met' : 'MISSED'})`;
}

/** @param {QuantizationResult[]} results */
export function quantizationTable(results) {
  const header = [
    'model (parameters)',
    'scheme',
    'kept layers',
    'KiB float32 → quantized',
    'ratio (size goal)',
    'validation: float → quantized',
    'test: float → quantized',
    'accuracy goal',
    'quantize (ms)',
    'predict 1,000 rows float → quantized (ms)',
    'latency ratio',
  ];
  const rows = results.map((r) => {
    const name = `${r.model} (${r.parameters.toLocaleString('en-US')})`;
    if (r.error) return [name, r.scheme, 'failed', r.error, '', '', '', '', '', '', ''];
    if (r.refused) {
      return [name, r.scheme, 'all (refused)', r.refused, 'MISSED', '', '', 'MISSED', '', '', ''];
    }
    return [
      name,
      r.scheme,
      r.keptLayers.join(', ') || 'none',
      `${(r.parentBytes / 1024).toFixed(1)} → ${(r.bytes / 1024).toFixed(1)}`,
      sizeVerdict(r),
      describeScore(r, r.validation),
      describeScore(r, r.test),
      accuracyVerdict(r),
      r.quantizeMs.toFixed(1),
      `${r.floatPredictMs.toFixed(2)} → ${r.predictMs.toFixed(2)}`,
      r.latencyRatio.toFixed(2),
    ];
  });
  const schemes = [...new Set(results.map((r) => r.scheme))].join(', ');
  return [
    ...markdownTable(header, rows, 3),
    '',
    `Schemes registered when run: ${schemes || 'none'}. Scores: accuracy in % (classification) or RMSE (regression) on the parent's validation and test rows; float scores are the parent's own (trained on tf.js), quantized ones from predictWithoutTfjs.`,
    'Goals: float16 ≤ 0.52×, uint8 ≤ 0.27×, int8 ≤ 0.30× (≤ 0.27× from 10,000 parameters), scales and kept layers included; a drop of at most 0.5 accuracy points (regression: 2% relative RMSE) on validation and test.',
    'quantizeModel (guard included): median of 3 after a first call. predictWithoutTfjs on 1,000 rows: 3 warm-up calls per model, then 5 samples of about 20 ms each, float and quantized models taking turns; median per call. Latency ratio = quantized / float.',
  ];
}
