/**
 * Shapley values of the game v(S) = mean over background rows b of f(x on S, b elsewhere): the
 * interventional SHAP values of Lundberg and Lee (2017, "A Unified Approach to Interpreting
 * Model Predictions"), which KernelSHAP estimates. Up to `EXACT_LIMIT` features every coalition
 * is evaluated, giving the exact values (KernelSHAP's own result when it enumerates them all);
 * above it, antithetic feature permutations are sampled (Štrumbelj and Kononenko 2014). Both add
 * up exactly: the values sum to v(all) − v(none) = f(x) − the background's mean prediction.
 */
import { WorkbenchError } from '../errors';
import { Pacer } from '../pace';
import { createRng, shuffleInPlace } from '../train/rng';
import { copyGroup, type InputGroup } from './groups';

/** Most features explained exactly: 2^10 coalitions, each over the background rows. */
export const EXACT_LIMIT = 10;
/** Most mixed rows evaluated at once (memory: rows × model inputs floats). */
const CHUNK_ROWS = 65_536;

export interface ShapleyInput {
  /** The explained row, encoded: `width` model inputs. */
  x: Float32Array;
  /** Background rows, encoded, row-major. */
  background: Float32Array;
  backgroundRows: number;
  width: number;
  groups: InputGroup[];
  /** The explained number for each of `rows` encoded rows. */
  evaluate(matrix: Float32Array, rows: number): Float64Array;
  /** Permutations per background row when sampling (above EXACT_LIMIT features). */
  permutations: number;
  seed: number;
  signal?: AbortSignal;
}

export interface ShapleyResult {
  values: number[];
  /** v(none): the background's mean prediction. */
  baseline: number;
  /** v(all): the explained row's prediction. */
  prediction: number;
  method: 'exact' | 'sampled';
}

export async function shapleyValues(input: ShapleyInput): Promise<ShapleyResult> {
  return input.groups.length <= EXACT_LIMIT ? exact(input) : sampled(input);
}

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new WorkbenchError('aborted', 'The explanation was cancelled.');
}

/** The mean explained number of x mixed with each background row on coalition `mask`. */
async function coalitionValues(input: ShapleyInput, masks: number[]): Promise<Float64Array> {
  const { x, background, backgroundRows: b, width, groups } = input;
  const values = new Float64Array(masks.length);
  const perChunk = Math.max(1, Math.floor(CHUNK_ROWS / b));
  const pacer = new Pacer();
  for (let start = 0; start < masks.length; start += perChunk) {
    aborted(input.signal);
    const chunk = masks.slice(start, start + perChunk);
    const matrix = new Float32Array(chunk.length * b * width);
    chunk.forEach((mask, m) => {
      for (let row = 0; row < b; row++) {
        const target = m * b + row;
        matrix.set(background.subarray(row * width, (row + 1) * width), target * width);
        groups.forEach((group, g) => {
          if (mask & (1 << g)) copyGroup(group, width, x, 0, matrix, target);
        });
      }
    });
    const out = input.evaluate(matrix, chunk.length * b);
    chunk.forEach((_, m) => {
      let sum = 0;
      for (let row = 0; row < b; row++) sum += out[m * b + row] ?? NaN;
      values[start + m] = sum / b;
    });
    await pacer.pause();
  }
  return values;
}

/** Every coalition's value, then each feature's Shapley-weighted marginal contributions. */
async function exact(input: ShapleyInput): Promise<ShapleyResult> {
  const m = input.groups.length;
  const count = 1 << m;
  const v = await coalitionValues(
    input,
    Array.from({ length: count }, (_, mask) => mask),
  );
  // weight(|S|) = |S|! (m - |S| - 1)! / m!
  const factorial = [1];
  for (let i = 1; i <= m; i++) factorial.push((factorial[i - 1] ?? 1) * i);
  const weight = (size: number) =>
    ((factorial[size] ?? 1) * (factorial[m - size - 1] ?? 1)) / (factorial[m] ?? 1);
  const values = new Array<number>(m).fill(0);
  for (let mask = 0; mask < count; mask++) {
    const size = popcount(mask);
    for (let i = 0; i < m; i++) {
      if (mask & (1 << i)) continue;
      values[i] = (values[i] ?? 0) + weight(size) * ((v[mask | (1 << i)] ?? 0) - (v[mask] ?? 0));
    }
  }
  return { values, baseline: v[0] ?? NaN, prediction: v[count - 1] ?? NaN, method: 'exact' };
}

function popcount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest; rest &= rest - 1) count++;
  return count;
}

/**
 * Feature permutations with each background row, each paired with its reverse (antithetic
 * sampling halves the variance for free). Along a permutation the row goes from the background
 * row to x one feature at a time; each step's change is that feature's contribution, and the
 * steps of one walk add up to f(x) − f(b) exactly.
 */
async function sampled(input: ShapleyInput): Promise<ShapleyResult> {
  const { x, background, backgroundRows: b, width, groups } = input;
  const m = groups.length;
  const random = createRng(input.seed);
  const values = new Array<number>(m).fill(0);
  const walks = Math.max(1, Math.ceil(input.permutations / 2)) * 2;
  let baseline = 0;
  let prediction = NaN;
  const pacer = new Pacer();
  for (let row = 0; row < b; row++) {
    aborted(input.signal);
    const matrix = new Float32Array(walks * (m + 1) * width);
    const orders: number[][] = [];
    for (let w = 0; w < walks; w += 2) {
      const order = shuffleInPlace(
        Array.from({ length: m }, (_, i) => i),
        random,
      );
      orders.push(order, [...order].reverse());
    }
    orders.forEach((order, w) => {
      const first = w * (m + 1);
      matrix.set(background.subarray(row * width, (row + 1) * width), first * width);
      order.forEach((g, step) => {
        const at = first + step + 1;
        matrix.copyWithin(at * width, (at - 1) * width, at * width);
        copyGroup(groups[g] as InputGroup, width, x, 0, matrix, at);
      });
    });
    const out = input.evaluate(matrix, walks * (m + 1));
    orders.forEach((order, w) => {
      const first = w * (m + 1);
      order.forEach((g, step) => {
        values[g] = (values[g] ?? 0) + ((out[first + step + 1] ?? 0) - (out[first + step] ?? 0));
      });
    });
    baseline += out[0] ?? NaN;
    prediction = out[m] ?? NaN;
    await pacer.pause();
  }
  const samples = walks * b;
  return {
    values: values.map((value) => value / samples),
    baseline: baseline / b,
    prediction,
    method: 'sampled',
  };
}
