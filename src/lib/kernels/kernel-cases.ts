/**
 * The kernel suite's cases and their CPU references: seeded random shapes (odd sizes, 1x1, 1xN,
 * large K), all-equal values, extreme ranges (subnormals, ±3.4e38, infinities) and exact ties.
 * The browser test runs each case's kernel in Chromium and compares it with the reference
 * computed here, in Node, by the workbench's own CPU code.
 */
import { float32ToFloat16Bits } from '../model/weight-dtypes';
import { int8PerChannel } from '../quantize/int8-codes';
import { roundHalfEven } from '../quantize/uint8';
import { activate } from '../train/forward-pass';
import { createRng } from '../train/rng';
import type { MATMUL_ACTIVATIONS } from './defs/int8-matmul';

/** Plain arrays, so a case crosses into the page as it is (NaN, ±Infinity and -0 included). */
export interface QuantizeCase {
  name: string;
  values: number[];
  scales: number[];
  zeroPoints: number[];
  range: [number, number];
}

export interface MatMulCase {
  name: string;
  rows: number;
  inputs: number;
  units: number;
  x: number[];
  inputZeroPoint: number;
  kernel: number[];
  bias: number[];
  scales: number[];
  activation: keyof typeof MATMUL_ACTIVATIONS;
}

const f32 = Math.fround;

function randomValues(random: () => number, count: number, spread: number): number[] {
  return Array.from({ length: count }, () => f32((random() * 2 - 1) * spread));
}

/** Values that stress rounding and range: ties, subnormals, extremes, signed zeros. */
function extremeValues(scale: number): number[] {
  const ties = Array.from({ length: 40 }, (_, k) => f32((k - 20 + 0.5) * scale));
  return [
    ...ties,
    0,
    -0,
    1e-45,
    -1e-45,
    1.1754942e-38,
    3.4028235e38,
    -3.4028235e38,
    Infinity,
    -Infinity,
    f32(scale * 127.5),
    f32(-scale * 128.5),
    f32(scale * 1e6),
    f32(scale / 3),
  ].map(f32);
}

/** CPU QuantizeLinear (`quantizeLinear`'s formula, any saturation range). */
export function quantizeReference(c: QuantizeCase): number[] {
  const channels = c.scales.length;
  return c.values.map((x, i) => {
    const q =
      roundHalfEven(f32(f32(x) / (c.scales[i % channels] ?? 1))) +
      (c.zeroPoints[i % channels] ?? 0);
    return Math.min(c.range[1], Math.max(c.range[0], q));
  });
}

export function quantizeCases(seed = 13): QuantizeCase[] {
  const random = createRng(seed);
  const cases: QuantizeCase[] = [];
  const shapes: [number, number][] = [
    [1, 1],
    [1, 9],
    [7, 13],
    [33, 5],
    [1, 4099],
    [64, 1],
  ];
  const ranges: [number, number][] = [
    [-128, 127],
    [-127, 127],
    [0, 255],
  ];
  for (const [rows, channels] of shapes) {
    for (const range of ranges) {
      const scales = Array.from({ length: channels }, () => f32(10 ** (random() * 8 - 6)));
      const zeroPoints = Array.from({ length: channels }, () =>
        range[0] === 0
          ? Math.floor(random() * 256)
          : range[0] === -127
            ? 0
            : Math.floor(random() * 256) - 128,
      );
      cases.push({
        name: `${rows}x${channels} per channel, [${range.join(', ')}]`,
        values: randomValues(random, rows * channels, 300 * (scales[0] ?? 1)),
        scales,
        zeroPoints,
        range,
      });
    }
  }
  const scale = f32(0.0173);
  cases.push({
    name: 'ties, subnormals, extremes, infinities (per tensor)',
    values: extremeValues(scale),
    scales: [scale],
    zeroPoints: [3],
    range: [-128, 127],
  });
  cases.push({
    name: 'all equal',
    values: new Array<number>(257).fill(f32(0.3)),
    scales: [f32(0.3 / 100)],
    zeroPoints: [-7],
    range: [-128, 127],
  });
  cases.push({
    name: 'tiny and huge scales',
    values: randomValues(random, 64, 1e30).concat(randomValues(random, 64, 1e-30)),
    scales: [f32(1e-30), f32(1e30)],
    zeroPoints: [0, 0],
    range: [-128, 127],
  });
  return cases;
}

/** Weights for the symmetric-scale and float16 kernels: [rows, channels] and the references. */
export interface WeightCase {
  name: string;
  rows: number;
  channels: number;
  values: number[];
}

export function weightCases(seed = 17): WeightCase[] {
  const random = createRng(seed);
  const shapes: [number, number][] = [
    [1, 1],
    [1, 37],
    [5, 3],
    [4099, 2],
    [29, 31],
  ];
  const cases = shapes.map(([rows, channels]) => ({
    name: `${rows}x${channels}`,
    rows,
    channels,
    values: randomValues(random, rows * channels, 2),
  }));
  cases.push({ name: 'an all-zero channel', rows: 3, channels: 2, values: [0, 1, -0, -2, 0, 0.5] });
  const extremes = extremeValues(f32(0.01)).filter(Number.isFinite);
  cases.push({ name: 'extremes', rows: extremes.length, channels: 1, values: extremes });
  // Halfway between two float16 values, and around float16's subnormals and overflow.
  const halves = [
    1 + 2 ** -11,
    1 + 3 * 2 ** -11,
    65504,
    65519,
    65520,
    2 ** -24,
    2 ** -25,
    3 * 2 ** -26,
    6e-8,
  ];
  cases.push({
    name: 'float16 ties and edges',
    rows: halves.length,
    channels: 1,
    values: halves.map(f32),
  });
  return cases;
}

export function symmetricReference(c: WeightCase): { codes: number[]; scale: number[] } {
  const weight = int8PerChannel({
    name: 'dense_0/kernel',
    shape: [c.rows, c.channels],
    values: Float32Array.from(c.values),
  });
  return { codes: Array.from(weight.values), scale: Array.from(weight.scale as Float32Array) };
}

export function float16Reference(c: WeightCase): number[] {
  return c.values.map(float32ToFloat16Bits);
}

export function matMulCases(seed = 19): MatMulCase[] {
  const random = createRng(seed);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 1, 9],
    [3, 5, 7],
    [2, 4099, 3],
    [17, 33, 9],
    [5, 8, 64],
  ];
  const activations = ['linear', 'relu', 'tanh', 'elu', 'sigmoid'] as const;
  return shapes.flatMap(([rows, inputs, units], index) => {
    const code = () => Math.floor(random() * 256) - 128;
    return [
      {
        name: `${rows}x${inputs}x${units} ${activations[index % activations.length] ?? 'linear'}`,
        rows,
        inputs,
        units,
        x: Array.from({ length: rows * inputs }, code),
        inputZeroPoint: code(),
        kernel: Array.from({ length: inputs * units }, () => Math.floor(random() * 255) - 127),
        bias: Array.from({ length: units }, () => Math.floor((random() * 2 - 1) * 100_000)),
        scales: Array.from({ length: units }, () => f32(10 ** (random() * 4 - 7))),
        activation: activations[index % activations.length] ?? 'linear',
      },
    ];
  });
}

/** `runInt8Dense`'s arithmetic on codes, then `activate`. */
export function matMulReference(c: MatMulCase): { y: number[]; acc: number[] } {
  const acc = new Int32Array(c.rows * c.units);
  const y = new Float32Array(c.rows * c.units);
  for (let m = 0; m < c.rows; m++) {
    for (let n = 0; n < c.units; n++) {
      let sum = c.bias[n] ?? 0;
      for (let k = 0; k < c.inputs; k++) {
        const shifted = (c.x[m * c.inputs + k] ?? 0) - c.inputZeroPoint;
        sum = (sum + Math.imul(shifted, c.kernel[k * c.units + n] ?? 0)) | 0;
      }
      acc[m * c.units + n] = sum;
      y[m * c.units + n] = f32(sum) * (c.scales[n] ?? 1);
    }
  }
  activate(c.activation, y, c.rows, c.units);
  return { y: Array.from(y), acc: Array.from(acc) };
}
