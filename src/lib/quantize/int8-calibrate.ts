/**
 * Calibration of an int8 model: each dense layer's input is observed on the training rows,
 * through the float32 model (as ONNX Runtime's static calibrators observe the float graph),
 * and its range becomes the layer's activation scale and zero point; then the weights are
 * quantized, the bias with input scale x weight scale.
 */
import { WorkbenchError } from '../errors';
import { transformRows } from '../features/preprocess';
import { denseLayers, runDense } from '../train/forward-pass';
import type { Float32Weight, WeightTensor } from '../train/types';
import { activationRange, int32Bias, int8PerChannel } from './int8-codes';
import { int8WeightGpu, onGpuOrCpu } from './gpu-weights';
import type { GpuRunner } from '../kernels/gpu-runner';
import { orderStatisticsGpu } from '../kernels/ops';
import type { ActivationRange, CalibratedWeights, CalibrationInput } from './types';

const BATCH_ROWS = 1024;
/**
 * Most values per layer kept for a percentile (16 MiB as float32): beyond it, rows are taken
 * at an even stride. Min/max always sees every training row.
 */
const PERCENTILE_VALUES = 1 << 22;
/**
 * 'percentile' clips at the 0.01th and 99.99th percentiles (TensorRT's and ONNX Runtime's
 * usual 99.99 for activations): a few outlier rows no longer stretch the range, at the cost
 * of saturating them.
 */
const PERCENTILE_LOW = 0.01;
const PERCENTILE_HIGH = 99.99;

/** The two ranks numpy's linear `percentile` reads, and how far between them it lies. */
function percentileRanks(count: number, percent: number) {
  const rank = ((count - 1) * percent) / 100;
  const below = Math.floor(rank);
  return { below, above: Math.min(below + 1, count - 1), fraction: rank - below };
}

/** numpy's `percentile` with linear interpolation, on values sorted ascending. */
export function percentileOf(sorted: Float32Array, percent: number): number {
  if (sorted.length === 0) return 0;
  const { below, above, fraction } = percentileRanks(sorted.length, percent);
  const low = sorted[below] ?? 0;
  return low + ((sorted[above] ?? 0) - low) * fraction;
}

/**
 * The same percentiles from the GPU's exact radix select (order statistics by histogram, no
 * sort): the values at the same ranks, so the same result.
 */
async function percentilesGpu(
  gpu: GpuRunner,
  values: Float32Array,
  percents: readonly number[],
): Promise<number[]> {
  if (values.length === 0) return percents.map(() => 0);
  const ranks = percents.map((percent) => percentileRanks(values.length, percent));
  const at = await orderStatisticsGpu(
    gpu,
    values,
    ranks.flatMap(({ below, above }) => [below, above]),
  );
  return ranks.map(({ fraction }, i) => {
    const low = at[2 * i] ?? 0;
    return low + ((at[2 * i + 1] ?? 0) - low) * fraction;
  });
}

interface Observer {
  observe(layer: number, values: Float32Array): void;
  range(layer: number): Promise<[number, number]>;
}

function minMaxObserver(layers: number): Observer {
  const low = new Array<number>(layers).fill(Infinity);
  const high = new Array<number>(layers).fill(-Infinity);
  return {
    observe(layer, values) {
      for (const value of values) {
        if (value < (low[layer] as number)) low[layer] = value;
        if (value > (high[layer] as number)) high[layer] = value;
      }
    },
    range: (layer) => Promise.resolve([low[layer] as number, high[layer] as number]),
  };
}

function percentileObserver(layers: number, gpu: GpuRunner | null): Observer {
  const seen: Float32Array[][] = Array.from({ length: layers }, () => []);
  return {
    observe: (layer, values) => seen[layer]?.push(values.slice()),
    async range(layer) {
      const chunks = seen[layer] ?? [];
      const all = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.length;
      }
      if (gpu) {
        const [low = 0, high = 0] = await percentilesGpu(gpu, all, [
          PERCENTILE_LOW,
          PERCENTILE_HIGH,
        ]);
        return [low, high];
      }
      all.sort();
      return [percentileOf(all, PERCENTILE_LOW), percentileOf(all, PERCENTILE_HIGH)];
    },
  };
}

/** Training rows to observe: all of them, or an even stride when percentiles would not fit. */
function observedRows(rows: number[], width: number, method: string): number[] {
  if (method !== 'percentile' || rows.length * width <= PERCENTILE_VALUES) return rows;
  const keep = Math.max(1, Math.floor(PERCENTILE_VALUES / width));
  const stride = rows.length / keep;
  return Array.from({ length: keep }, (_, i) => rows[Math.floor(i * stride)] as number);
}

/** Each dense layer's input range over the training rows, through the float32 model. */
async function observeRanges(input: CalibrationInput): Promise<ActivationRange[]> {
  const { model, table, method } = input;
  const layers = denseLayers(model.architecture, model.weights);
  const widest = Math.max(model.architecture.inputWidth, ...layers.map((l) => l.units));
  const rows = observedRows(input.rows, widest, method);
  const observer =
    method === 'percentile'
      ? percentileObserver(layers.length, input.gpu)
      : minMaxObserver(layers.length);
  const sums = new Float64Array(widest);
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    let values = transformRows(model.preprocessing, table, batch);
    for (const [index, layer] of layers.entries()) {
      observer.observe(index, values);
      const output = new Float32Array(batch.length * layer.units);
      runDense(layer, values, batch.length, output, sums);
      values = output;
    }
  }
  const ranges: ActivationRange[] = [];
  for (const index of layers.keys()) {
    const [low, high] = await observer.range(index);
    ranges.push(activationRange(`dense_${index}`, low, high));
  }
  return ranges;
}

/** The int8 scheme's `calibrate`: activation ranges, then every layer's int8/int32 weights. */
export async function calibrateInt8(input: CalibrationInput): Promise<CalibratedWeights> {
  if (input.rows.length === 0) {
    throw new WorkbenchError(
      'no_calibration_rows',
      'The calibration table has no training rows to calibrate int8 activations on.',
      {
        hint: 'Quantize with the table the model was trained on, or its reference data.',
        details: { train: 0 },
      },
    );
  }
  const ranges = await observeRanges(input);
  const weights = new Map<string, WeightTensor>();
  const used = { cpu: false };
  for (const [index, range] of ranges.entries()) {
    const source = input.model.weights[2 * index] as Float32Weight;
    // The same codes either way (the kernel suite checks it); the bias is one value per unit.
    const kernel = await onGpuOrCpu(
      input.gpu,
      (gpu) => int8WeightGpu(gpu, source),
      () => int8PerChannel(source),
      used,
    );
    const bias = int32Bias(
      input.model.weights[2 * index + 1] as Float32Weight,
      range.scale,
      kernel.scale as Float32Array,
    );
    weights.set(kernel.name, kernel);
    weights.set(bias.name, bias);
  }
  return {
    weights,
    onGpu: input.gpu !== null && !used.cpu,
    info: (layers) => ({ activations: ranges.filter((range) => layers.has(range.layer)) }),
  };
}
