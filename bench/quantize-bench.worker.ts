/// <reference lib="webworker" />
/**
 * Post-training quantization: every registered scheme on the shared samples' default models and
 * on a larger MLP. Training needs tf.js (wasm, else cpu); quantizing and the latency figures do
 * not (`predictWithoutTfjs`), so they measure the same code on any backend.
 */
import * as Comlink from 'comlink';
import '../src/workers/register-backends';
import {
  predictWithoutTfjs,
  quantizationSchemes,
  quantizeModel,
  WorkbenchError,
  type Metrics,
  type QuantizationScheme,
  type Table,
  type TrainedModel,
} from '../src/lib/index';
import { takeRows } from '../src/lib/reference/sample';
import type { QuantizationResult, QuantizeBenchApi, ScoreDelta } from './quantize-types';
import {
  median,
  parametersOf,
  pickTrainingBackend,
  SAMPLE_CASES,
  timedMedian,
  trainCase,
  type BenchCase,
  type Log,
  type Trained,
} from './sample-models';

const QUANTIZE_REPEATS = 3;
const PREDICT_REPEATS = 5;
const LATENCY_ROWS = 1000;
const WARM_UP_CALLS = 3;
const SAMPLE_MS = 20;
/** Models of at least this many parameters have the tighter int8 size goal. */
const LARGE_MODEL_PARAMETERS = 10_000;

/**
 * Milliseconds per `predictWithoutTfjs` call on the rows, one median per model. The models take
 * turns, after warm-up calls of each, so JIT tiering and drift hit them alike; a sample times
 * enough calls to last about SAMPLE_MS, as a worker's clock ticks in 0.1 ms steps here.
 */
async function predictLatencies(models: TrainedModel[], rows: Table): Promise<number[]> {
  for (let i = 0; i < WARM_UP_CALLS; i++) {
    for (const model of models) await predictWithoutTfjs(model, rows);
  }
  const [first] = models;
  const once = first ? await timedMedian(1, () => predictWithoutTfjs(first, rows)) : 1;
  const calls = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(once, 0.1)));
  const samples = models.map((): number[] => []);
  for (let round = 0; round < PREDICT_REPEATS; round++) {
    for (const [index, model] of models.entries()) {
      const start = performance.now();
      for (let call = 0; call < calls; call++) await predictWithoutTfjs(model, rows);
      samples[index]?.push((performance.now() - start) / calls);
    }
  }
  return samples.map(median);
}

/** 1,000 rows: the table's rows repeated in order. */
function latencyRows(table: Table): Table {
  return takeRows(
    table,
    Uint32Array.from({ length: LATENCY_ROWS }, (_, i) => i % table.rowCount),
  );
}

/** The size goals: int8 is tighter on models of 10,000 parameters or more. */
function sizeGoal(scheme: QuantizationScheme, parameters: number): number {
  if (scheme === 'float16') return 0.52;
  if (scheme === 'uint8') return 0.27;
  return parameters >= LARGE_MODEL_PARAMETERS ? 0.27 : 0.3;
}

function scoreDelta(
  model: TrainedModel,
  parent: Metrics | null,
  child: Metrics | null,
): ScoreDelta {
  if (model.task === 'regression') {
    const float = parent?.rmse ?? NaN;
    const quantized = child?.rmse ?? NaN;
    return { float, quantized, drop: (quantized - float) / float };
  }
  const float = parent?.accuracy ?? NaN;
  const quantized = child?.accuracy ?? NaN;
  return { float, quantized, drop: (float - quantized) * 100 };
}

interface Measured {
  result: QuantizationResult;
  /** null when the scheme failed or was refused. */
  quantized: TrainedModel | null;
}

function emptyResult(c: BenchCase, scheme: QuantizationScheme, error: string): QuantizationResult {
  const none = { float: NaN, quantized: NaN, drop: NaN };
  return {
    model: c.model,
    dataset: c.dataset,
    task: 'multiclass',
    hidden: c.spec.hidden ?? [],
    parameters: 0,
    scheme,
    parentBytes: 0,
    bytes: 0,
    ratio: NaN,
    sizeGoal: NaN,
    accuracyGoal: NaN,
    metricName: 'accuracy',
    validation: none,
    test: none,
    keptLayers: [],
    quantizeMs: NaN,
    floatPredictMs: NaN,
    predictMs: NaN,
    latencyRatio: NaN,
    refused: '',
    error,
  };
}

/** Size, scores and time to quantize of one scheme; latency is measured later, for all alike. */
async function measureScheme(trained: Trained, scheme: QuantizationScheme): Promise<Measured> {
  const { model, table } = trained;
  const parameters = parametersOf(model);
  const regression = model.task === 'regression';
  const base = {
    ...emptyResult({ model: trained.name, dataset: trained.dataset, spec: model.spec }, scheme, ''),
    task: model.task,
    hidden: model.architecture.hidden,
    parameters,
    parentBytes: model.bytes,
    sizeGoal: sizeGoal(scheme, parameters),
    accuracyGoal: regression ? 0.02 : 0.5,
    metricName: regression ? ('rmse' as const) : ('accuracy' as const),
  };
  try {
    const quantize = () => quantizeModel(model, { scheme, calibration: table });
    const quantized = await quantize();
    const result: QuantizationResult = {
      ...base,
      bytes: quantized.bytes,
      ratio: quantized.bytes / model.bytes,
      validation: scoreDelta(model, model.metrics.validation, quantized.metrics.validation),
      test: scoreDelta(model, model.metrics.test, quantized.metrics.test),
      keptLayers: quantized.quantization.keptLayers,
      quantizeMs: await timedMedian(QUANTIZE_REPEATS, quantize),
    };
    return { result, quantized };
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'quantization_too_lossy') {
      return { result: { ...base, refused: error.message }, quantized: null };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { result: { ...base, error: message }, quantized: null };
  }
}

/** Trains one case, quantizes it with every scheme, then times the parent and its children. */
async function measureCase(
  c: BenchCase,
  schemes: QuantizationScheme[],
  log: Log,
): Promise<QuantizationResult[]> {
  let trained: Trained;
  try {
    trained = await trainCase(c, 'quantization', log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return schemes.map((scheme) => emptyResult(c, scheme, message));
  }
  const measured: Measured[] = [];
  for (const scheme of schemes) {
    const { result, quantized } = await measureScheme(trained, scheme);
    const summary = `${result.ratio.toFixed(3)}x, ${result.quantizeMs.toFixed(0)} ms`;
    log(`quantization: ${c.model} ${scheme}: ${result.error || result.refused || summary}`);
    measured.push({ result, quantized });
  }
  const children = measured.flatMap((m) => (m.quantized ? [m.quantized] : []));
  const [floatMs = NaN, ...childMs] = await predictLatencies(
    [trained.model, ...children],
    latencyRows(trained.table),
  );
  return measured.map(({ result, quantized }) => {
    if (!quantized) return result;
    const predictMs = childMs[children.indexOf(quantized)] ?? NaN;
    return { ...result, floatPredictMs: floatMs, predictMs, latencyRatio: predictMs / floatMs };
  });
}

const api: QuantizeBenchApi = {
  async run(onProgress) {
    await pickTrainingBackend('quantization', onProgress);
    const schemes = quantizationSchemes().map((config) => config.scheme);
    onProgress(`quantization: schemes registered: ${schemes.join(', ')}`);
    const results: QuantizationResult[] = [];
    for (const c of SAMPLE_CASES) results.push(...(await measureCase(c, schemes, onProgress)));
    return results;
  },
};

Comlink.expose(api);
