/**
 * The model card of a bundle: card.json (for programs) and MODEL_CARD.md (for people), from
 * the same value. It says what the model predicts, from what, how well on each split, what
 * quantization and export did to it (size, accuracy change, formats) and, when the export was
 * checked, which runtime ran it and how far its predictions were from the workbench's.
 */
import { formatBytes } from '../format';
import { modelPrecision } from '../model/weight-dtypes';
import type { QuantizedModel } from '../quantize/types';
import {
  headlineMetric,
  metricsFor,
  formatMetric,
  type MetricConfig,
} from '../train/metric-registry';
import type { Metrics, ResolvedSpec, Task, TrainedModel } from '../train/types';
import { WORKBENCH_VERSION } from '../version';
import { ONNX_IR_VERSION, ONNX_OPSET } from './onnx/to-onnx';

export const CARD_FORMAT = 'tabular-workbench/model-card@1';

/** The result of running the exported ONNX model on the test rows (verify-onnx.ts). */
export interface OnnxVerification {
  runtime: string;
  runtimeVersion: string;
  rows: number;
  /** Largest |exported - workbench| over every row and output (probability or value). */
  largestDifference: number;
  /** Rows whose exported label equals the workbench's (classification; `rows` otherwise). */
  sameLabel: number;
}

export interface ModelCard {
  format: typeof CARD_FORMAT;
  name: string;
  task: Task;
  target: string;
  features: string[];
  classes: string[];
  dataset: { sha256: string | null; fingerprint: string | null; rows: number | null };
  metrics: { validation: Metrics | null; test: Metrics };
  scheme: string;
  size: { bytes: number; parentBytes: number | null };
  /** The headline test metric before and after quantization (when the parent is known). */
  accuracy: { metric: string; parent: number | null; model: number | null } | null;
  quantization: { method: string; keptLayers: string[]; kernels: string } | null;
  training: { spec: ResolvedSpec; trainedAt: string; backend: string; bestEpoch: number };
  export: {
    createdAt: string;
    workbenchVersion: string;
    onnx: { ir: number; opset: number; weights: string };
    tfjs: { included: boolean; note: string };
  };
  verification: OnnxVerification | null;
  /** Permutation importance on the model's own rows, when it was measured for the export. */
  importance: CardImportance | null;
  /** Personal-data columns masked before training, and how (never their values). */
  masking: { column: string; method: string }[];
}

/** What the card keeps of an `explainModel` result: each feature's mean fall and spread. */
export interface CardImportance {
  metric: 'accuracy' | 'r2';
  rows: number;
  source: 'validation' | 'test' | 'all';
  repeats: number;
  features: { name: string; importance: number; std: number }[];
}

export interface CardOptions {
  name?: string;
  /** The model this one was quantized from (its test metrics are enough), for the accuracy change. */
  parent?: { metrics: { test: Metrics } };
  verification?: OnnxVerification | null;
  /** Global importances (`explainModel`) to list in the card. */
  importance?: CardImportance | null;
  createdAt?: string;
}

function schemeOf(model: TrainedModel): string {
  return (model as Partial<QuantizedModel>).quantization?.scheme ?? modelPrecision(model);
}

const ONNX_WEIGHTS: Record<string, string> = {
  float32: 'float32',
  float16: 'float16 weights dequantized to float32',
  uint8: 'uint8 weights dequantized to float32',
  int8: 'int8 weights and activations in QDQ form (QuantizeLinear, DequantizeLinear)',
};

export function modelCard(model: TrainedModel, options: CardOptions = {}): ModelCard {
  const scheme = schemeOf(model);
  const quantization = (model as Partial<QuantizedModel>).quantization;
  const headline = headlineMetric(model.task);
  const read = (metrics: Metrics | undefined) =>
    headline && metrics ? (headline.read(metrics) ?? null) : null;
  const tfjsIncluded = scheme !== 'int8';
  return {
    format: CARD_FORMAT,
    name: options.name ?? `${model.target} model`,
    task: model.task,
    target: model.target,
    features: [...model.spec.features],
    classes: [...model.classes],
    dataset: {
      sha256: model.datasetSha256,
      fingerprint: model.split?.fingerprint ?? null,
      rows: model.split?.rowCount ?? null,
    },
    metrics: structuredClone({ validation: model.metrics.validation, test: model.metrics.test }),
    scheme,
    size: { bytes: model.bytes, parentBytes: quantization?.parentBytes ?? null },
    accuracy:
      headline && quantization
        ? {
            metric: headline.name,
            parent: read(options.parent?.metrics.test),
            model: read(model.metrics.test),
          }
        : null,
    quantization: quantization
      ? {
          method: quantization.method,
          keptLayers: [...quantization.keptLayers],
          kernels: quantization.kernels,
        }
      : null,
    training: {
      spec: structuredClone(model.spec),
      trainedAt: model.trainedAt,
      backend: model.backend,
      bestEpoch: model.bestEpoch,
    },
    export: {
      createdAt: options.createdAt ?? new Date().toISOString(),
      workbenchVersion: WORKBENCH_VERSION,
      onnx: { ir: ONNX_IR_VERSION, opset: ONNX_OPSET, weights: ONNX_WEIGHTS[scheme] ?? scheme },
      tfjs: tfjsIncluded
        ? { included: true, note: `${scheme} weights in the TF.js converter's weights format` }
        : {
            included: false,
            note: 'TF.js layers models cannot store int8 weights; use model.onnx',
          },
    },
    verification: options.verification ?? null,
    importance: options.importance
      ? {
          metric: options.importance.metric,
          rows: options.importance.rows,
          source: options.importance.source,
          repeats: options.importance.repeats,
          features: options.importance.features.map(({ name, importance, std }) => ({
            name,
            importance,
            std,
          })),
        }
      : null,
    masking: (model.masking ?? []).map(({ column, method }) => ({ column, method })),
  };
}

/**
 * A name from the data (a column, a class, the project) as Markdown text: column names come
 * from someone's CSV, and a viewer that renders MODEL_CARD.md must show them, not run them or
 * let them break a table. HTML's specials become entities; Markdown's are escaped; line breaks
 * become spaces.
 */
export function markdownText(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

/** The "What it relies on" section: importances as a table, most important first. */
function importanceRows(importance: CardImportance): string[] {
  const points = importance.metric === 'accuracy';
  const unit = points ? 'accuracy points' : 'R²';
  const show = (value: number) => (points ? (value * 100).toFixed(1) : value.toFixed(3));
  return [
    '',
    '## What it relies on',
    '',
    `Permutation importance: the fall in ${unit} when a feature's values are shuffled, on ${importance.rows} ${importance.source === 'all' ? '' : `${importance.source} `}rows (mean ± spread of ${importance.repeats} shuffles).`,
    '',
    '| feature | importance | spread |',
    '| --- | --- | --- |',
    ...importance.features.map(
      (f) => `| ${markdownText(f.name)} | ${show(f.importance)} | ${show(f.std)} |`,
    ),
  ];
}

const MASK_WORDS: Record<string, string> = {
  hash: 'hashed (HMAC-SHA256 under the workspace secret, which is not in this bundle)',
  truncate: 'truncated to its first characters',
  generalize:
    'generalised (a date to its month, a number to a coarser step, an e-mail to its domain)',
};

/** The "Masked columns" section: which personal-data columns were masked, and how. */
function maskingRows(masking: ModelCard['masking']): string[] {
  return [
    '',
    '## Masked columns',
    '',
    'These columns held personal data and were masked before training; new data must be masked the same way before it is scored.',
    '',
    ...masking.map((m) => `- ${markdownText(m.column)}: ${MASK_WORDS[m.method] ?? m.method}.`),
  ];
}

function metricRows(card: ModelCard): string[] {
  const cell = (scores: Metrics | null, metric: MetricConfig) => {
    const value = scores ? metric.read(scores) : undefined;
    return value === undefined || !Number.isFinite(value) ? '–' : formatMetric(metric, value);
  };
  return [
    '| metric | validation | test |',
    '| --- | --- | --- |',
    ...metricsFor(card.task).map(
      (metric) =>
        `| ${metric.label} | ${cell(card.metrics.validation, metric)} | ${cell(card.metrics.test, metric)} |`,
    ),
  ];
}

/** MODEL_CARD.md: the card for people. */
export function modelCardMarkdown(card: ModelCard): string {
  const { size, accuracy, verification } = card;
  const lines = [
    `# ${markdownText(card.name)}`,
    '',
    `Predicts **${markdownText(card.target)}** (${card.task}) from ${card.features.length} columns: ${card.features.map(markdownText).join(', ')}.`,
    ...(card.classes.length > 0
      ? ['', `Classes, in output order: ${card.classes.map(markdownText).join(', ')}.`]
      : []),
    '',
    '## Scores',
    '',
    ...metricRows(card),
    '',
    '## Weights',
    '',
    `- Scheme: ${card.scheme}; weights ${formatBytes(size.bytes)}` +
      (size.parentBytes
        ? ` (${(size.bytes / size.parentBytes).toFixed(2)}x the float32 model's ${formatBytes(size.parentBytes)})`
        : '') +
      '.',
  ];
  if (accuracy && accuracy.parent !== null && accuracy.model !== null) {
    const delta = accuracy.model - accuracy.parent;
    lines.push(
      `- Test ${accuracy.metric}: ${accuracy.model.toFixed(4)} against ${accuracy.parent.toFixed(4)} before quantization (${delta >= 0 ? '+' : ''}${delta.toFixed(4)}).`,
    );
  }
  if (card.quantization) {
    const kept = card.quantization.keptLayers;
    lines.push(
      `- Quantized with ${card.quantization.method} calibration; ${kept.length > 0 ? `kept in float32: ${kept.join(', ')}` : 'every layer quantized'}.`,
    );
  }
  if (card.importance) lines.push(...importanceRows(card.importance));
  if (card.masking.length > 0) lines.push(...maskingRows(card.masking));
  lines.push(
    '',
    '## Files',
    '',
    `- model.onnx: ONNX IR ${card.export.onnx.ir}, opset ${card.export.onnx.opset}; ${card.export.onnx.weights}. Preprocessing (imputation, scaling, one-hot) is inside the graph; preprocess.json describes the inputs.`,
    card.export.tfjs.included
      ? `- model.json, group1-shard1of1.bin: TF.js layers model (${card.export.tfjs.note}); it takes the preprocessed matrix described in preprocess.json.`
      : `- No TF.js files: ${card.export.tfjs.note}.`,
    "- workbench/: the workbench's own model file, for exact re-import.",
    '- predict.mjs: `npm install onnxruntime-node`, then `node predict.mjs input.csv output.csv [--log log.jsonl]`.',
    '',
    '## Checked',
    '',
    verification
      ? `- ${verification.runtime} ${verification.runtimeVersion} ran model.onnx on ${verification.rows} test rows: largest difference from the workbench ${verification.largestDifference.toExponential(2)}, same label on ${verification.sameLabel} of ${verification.rows} rows.`
      : '- Not run in an independent runtime at export.',
    '',
    '## Training',
    '',
    `- Trained ${card.training.trainedAt} on ${card.training.backend}; model kind ${card.training.spec.model}, seed ${card.training.spec.seed}, best epoch ${card.training.bestEpoch}.`,
    `- Dataset SHA-256: ${card.dataset.sha256 ?? 'unknown'}; ${card.dataset.rows ?? '?'} rows.`,
    `- Exported ${card.export.createdAt} by tabular-workbench ${card.export.workbenchVersion}.`,
    '',
  );
  return lines.join('\n');
}
