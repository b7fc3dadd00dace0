/// <reference lib="webworker" />
/**
 * Export time and size per scheme: the quantization benchmark's models, float32 and each
 * quantized child, exported as TF.js, ONNX and the bundle; each child's ONNX model is then run
 * once in onnxruntime-web (loaded as the app's export worker loads it) on its test rows.
 */
import * as Comlink from 'comlink';
import '../src/workers/register-backends';
import {
  exportModel,
  quantizeModel,
  splitFor,
  verifyOnnx,
  WorkbenchError,
  type OnnxVerification,
  type TrainedModel,
} from '../src/lib/index';
import {
  BUNDLE_FILE,
  ONNX_FILE,
  TFJS_FILES,
  type ExportFormat,
  type ExportOptions,
} from '../src/lib/export/export-model';
import { onnxRuntime } from '../src/workers/onnx-runtime';
import type { ExportBenchApi, ExportResult, ExportScheme } from './export-types';
import {
  parametersOf,
  pickTrainingBackend,
  SAMPLE_CASES,
  timedMedian,
  trainCase,
  type BenchCase,
  type Log,
  type Trained,
} from './sample-models';

const LABEL = 'export';
const EXPORT_REPEATS = 5;
const WARM_UP_ROUNDS = 5;
const SCHEMES: ExportScheme[] = ['float32', 'float16', 'uint8', 'int8'];

type Files = Record<string, Uint8Array>;

/** A format's files (from the warm-up call) and its median time; null where it is refused. */
interface Timed {
  files: Files;
  ms: number;
}

const size = (files: Files, name: string): number => files[name]?.byteLength ?? NaN;

function emptyResult(c: BenchCase, scheme: ExportScheme, error: string): ExportResult {
  return {
    model: c.model,
    dataset: c.dataset,
    task: 'multiclass',
    parameters: 0,
    scheme,
    weightBytes: 0,
    ms: { tfjs: null, onnx: null, bundle: null },
    onnxBytes: NaN,
    tfjsBytes: null,
    bundleBytes: NaN,
    bundleRatio: NaN,
    runtime: '',
    verifyMs: NaN,
    verifyRows: 0,
    largestDifference: NaN,
    sameLabel: 0,
    refused: '',
    error,
  };
}

/**
 * One warm-up call (whose files are measured), then the median of EXPORT_REPEATS timed calls.
 * A format the scheme cannot be written in (`export_unsupported`: int8 as TF.js) is null.
 */
async function timeExport(model: TrainedModel, options: ExportOptions): Promise<Timed | null> {
  let files: Files;
  try {
    files = await exportModel(model, options);
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'export_unsupported') return null;
    throw error;
  }
  return { files, ms: await timedMedian(EXPORT_REPEATS, () => exportModel(model, options)) };
}

/** The scheme's model: the trained one for float32, else its quantized child. */
function schemeModel(trained: Trained, scheme: ExportScheme): Promise<TrainedModel> {
  if (scheme === 'float32') return Promise.resolve(trained.model);
  return quantizeModel(trained.model, { scheme, calibration: trained.table });
}

/** The onnxruntime-web check on the model's test split, timed once. */
async function timeVerify(
  model: TrainedModel,
  trained: Trained,
  onnx: Uint8Array,
): Promise<{ verification: OnnxVerification; ms: number }> {
  const runtime = await onnxRuntime();
  const rows = splitFor(model, trained.table).test;
  const start = performance.now();
  const verification = await verifyOnnx(runtime, model, onnx, trained.table, rows);
  return { verification, ms: performance.now() - start };
}

async function measureScheme(
  trained: Trained,
  scheme: ExportScheme,
  floatBundleBytes: number,
): Promise<ExportResult> {
  const parent = trained.model;
  const base = {
    ...emptyResult(
      { model: trained.name, dataset: trained.dataset, spec: parent.spec },
      scheme,
      '',
    ),
    task: parent.task,
    parameters: parametersOf(parent),
  };
  let model: TrainedModel;
  try {
    model = await schemeModel(trained, scheme);
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'quantization_too_lossy') {
      return { ...base, weightBytes: NaN, refused: error.message };
    }
    return { ...base, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    const onnx = await timeExport(model, { format: 'onnx' });
    const onnxFile = onnx?.files[ONNX_FILE];
    if (!onnx || !onnxFile) throw new Error('exportModel wrote no model.onnx');
    const { verification, ms: verifyMs } = await timeVerify(model, trained, onnxFile);
    const tfjs = await timeExport(model, { format: 'tfjs' });
    // As the app writes it: the card records the check and, for a child, its parent.
    const bundleOptions: ExportOptions = {
      format: 'bundle',
      verification,
      ...(model === parent ? {} : { parent }),
    };
    const bundle = await timeExport(model, bundleOptions);
    if (!bundle) throw new Error('exportModel refused the bundle');
    const bundleBytes = size(bundle.files, BUNDLE_FILE);
    const ms: Record<ExportFormat, number | null> = {
      tfjs: tfjs?.ms ?? null,
      onnx: onnx.ms,
      bundle: bundle.ms,
    };
    return {
      ...base,
      weightBytes: model.bytes,
      ms,
      onnxBytes: onnxFile.byteLength,
      tfjsBytes: tfjs
        ? size(tfjs.files, TFJS_FILES.model) + size(tfjs.files, TFJS_FILES.weights)
        : null,
      bundleBytes,
      bundleRatio: bundleBytes / (scheme === 'float32' ? bundleBytes : floatBundleBytes),
      runtime: `${verification.runtime} ${verification.runtimeVersion}`,
      verifyMs,
      verifyRows: verification.rows,
      largestDifference: verification.largestDifference,
      sameLabel: verification.sameLabel,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, weightBytes: model.bytes, error: message };
  }
}

/**
 * Exports the first model in every format a few times and checks it once before anything is
 * timed, so the first rows pay neither for compiling the writers (a warm-up call per format
 * alone leaves them slow) nor for starting onnxruntime-web's wasm on its first session.
 */
async function warmUp(trained: Trained, log: Log): Promise<void> {
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const format of ['tfjs', 'onnx', 'bundle'] as const) {
      await exportModel(trained.model, { format });
    }
  }
  const onnx = (await exportModel(trained.model, { format: 'onnx' }))[ONNX_FILE];
  if (!onnx) return;
  try {
    const { ms } = await timeVerify(trained.model, trained, onnx);
    log(`${LABEL}: first check, untimed (starts the runtime): ${ms.toFixed(0)} ms`);
  } catch {
    // The timed checks report the failure, row by row.
  }
}

/** Trains one case and measures every scheme, float32 first (the bundle ratio's reference). */
async function measureCase(c: BenchCase, log: Log, first: boolean): Promise<ExportResult[]> {
  let trained: Trained;
  try {
    trained = await trainCase(c, LABEL, log);
    if (first) await warmUp(trained, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return SCHEMES.map((scheme) => emptyResult(c, scheme, message));
  }
  const results: ExportResult[] = [];
  let floatBundleBytes = NaN;
  for (const scheme of SCHEMES) {
    const result = await measureScheme(trained, scheme, floatBundleBytes);
    if (scheme === 'float32') floatBundleBytes = result.bundleBytes;
    const summary =
      `bundle ${result.bundleBytes} B in ${result.ms.bundle?.toFixed(1)} ms, ` +
      `check ${result.verifyMs.toFixed(0)} ms`;
    log(`${LABEL}: ${c.model} ${scheme}: ${result.error || result.refused || summary}`);
    results.push(result);
  }
  return results;
}

/** Loads onnxruntime-web before the first timed check, so no check pays for the load. */
async function loadRuntime(log: Log): Promise<void> {
  const start = performance.now();
  try {
    const runtime = await onnxRuntime();
    const ms = (performance.now() - start).toFixed(0);
    log(`${LABEL}: ${runtime.name} ${runtime.version} loaded in ${ms} ms`);
  } catch (error) {
    // Each check tries again and reports its own failure.
    log(`${LABEL}: onnxruntime-web failed to load: ${String(error)}`);
  }
}

const api: ExportBenchApi = {
  async run(onProgress) {
    await pickTrainingBackend(LABEL, onProgress);
    await loadRuntime(onProgress);
    const results: ExportResult[] = [];
    for (const [index, c] of SAMPLE_CASES.entries()) {
      results.push(...(await measureCase(c, onProgress, index === 0)));
    }
    return results;
  },
};

Comlink.expose(api);
