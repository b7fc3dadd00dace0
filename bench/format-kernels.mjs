/** The kernels benchmark's tables: int8 matmul, its time split, quantization and int8 predict. */
import { markdownTable } from './markdown-table.mjs';

/** @typedef {import('./kernels-types.ts').KernelsResult} KernelsResult */
/** @typedef {import('./kernels-types.ts').KernelMatMulResult} KernelMatMulResult */
/** @typedef {import('./kernels-types.ts').KernelSplitResult} KernelSplitResult */
/** @typedef {import('./kernels-types.ts').KernelQuantizeResult} KernelQuantizeResult */
/** @typedef {import('./kernels-types.ts').KernelInferenceResult} KernelInferenceResult */
/** @typedef {import('./kernels-types.ts').WeightCodesSplit} WeightCodesSplit */

/** @param {number} ms */
const millis = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** @param {number} value */
const rate = (value) => Math.round(value).toLocaleString('en-US');

/** @param {number} ratio */
const times = (ratio) => `${ratio.toFixed(2)}×`;

/**
 * @param {number} ratio
 * @param {number} goal
 */
const verdict = (ratio, goal) => `${ratio >= goal ? 'met' : 'MISSED'} (${times(ratio)})`;

/** @param {KernelMatMulResult[]} rows */
function matMulTable(rows) {
  const header = [
    'M = K = N',
    'runs',
    'tf.js float32 matMul (ms)',
    'ours int8 (ms)',
    'tf.js GOPS',
    'ours GOPS',
    'tf.js / ours',
    'goal ≥ 1.0× on SwiftShader',
  ];
  const body = rows.map((r) =>
    r.error
      ? [String(r.size), '', 'failed', r.error, '', '', '', '']
      : [
          String(r.size),
          r.warmUp ? String(r.repeats) : `${r.repeats} (no warm-up)`,
          millis(r.tfjsMs),
          millis(r.oursMs),
          r.tfjsGops.toFixed(2),
          r.oursGops.toFixed(2),
          times(r.ratio),
          verdict(r.ratio, 1),
        ],
  );
  const measured = rows.filter((r) => !r.error);
  const packed = measured[0]?.packedDot;
  const dot =
    packed === undefined ? 'unknown' : packed ? 'yes (dot4I8Packed)' : 'no (portable path)';
  const ratios = measured.map((r) => r.ratio);
  const missed = measured.filter((r) => r.ratio < 1).map((r) => r.size);
  const range = `${times(Math.min(...ratios))} to ${times(Math.max(...ratios))}`;
  const swiftShader =
    measured.length === 0
      ? 'not measured'
      : missed.length === 0
        ? `met on every shape (${range})`
        : `MISSED at ${missed.join(', ')} (${range})`;
  return [
    ...markdownTable(header, body, 1),
    '',
    `packed_4x8_integer_dot_product: ${dot}. Verdicts: int8 matmul ≥ 1.0× tf.js float32 on ` +
      `SwiftShader: ${swiftShader}. ≥ 2× on a real GPU: not measured (this machine has no GPU; ` +
      'SwiftShader runs WebGPU on its 2 CPU cores).',
  ];
}

/**
 * @param {KernelSplitResult} s
 * @returns {string[]}
 */
function splitTable(s) {
  if (s.error) return [`Time split failed: ${s.error}`];
  /** @type {[string, number][]} */
  const stages = [
    ['widen int8 codes to i32 (CPU)', s.widenMs],
    ['upload x + uniform (mappedAtCreation)', s.uploadMs],
    ['pack-int8 dispatch', s.packMs],
    ['int8 matmul kernel (fused bias, requant, activation)', s.kernelMs],
    ['read back y (M x N float32)', s.readbackMs],
  ];
  const total = stages.reduce((sum, [, ms]) => sum + ms, 0);
  const share = (/** @type {number} */ ms) => `${((ms / total) * 100).toFixed(0)}%`;
  const body = [
    ...stages.map(([stage, ms]) => [stage, millis(ms), share(ms)]),
    ['sum of our stages', millis(total), '100%'],
    ['runInt8Layer end to end, same runs', millis(s.endToEndMs), ''],
    ['same kernel, portable dot (extractBits)', millis(s.portableKernelMs), ''],
    ['tf.js float32 matMul + data(), end to end', millis(s.tfjsMs), ''],
  ];
  const around = total - s.kernelMs;
  return [
    `Where our time goes at M = K = N = ${s.size} (each stage awaited on its own, median of ${s.repeats}):`,
    '',
    ...markdownTable(['stage', 'ms', 'share'], body, 1),
    '',
    `Why: the kernel itself is ${share(s.kernelMs)} of our time; widening, upload, packing and ` +
      `read-back together take ${millis(around)} ms. The next gain is in the kernel: it computes ` +
      'a 4 x 4 tile of outputs per invocation in registers but reads x and w straight from ' +
      "storage buffers, where tf.js's matMul stages both through workgroup memory; " +
      (s.endToEndMs < s.tfjsMs
        ? 'it is ahead of tf.js anyway: each u32 load carries four int8 codes and one packed ' +
          'dot does four multiply-adds. '
        : 'that tiling is why tf.js is ahead. ') +
      `The ` +
      `portable dot (no packed_4x8_integer_dot_product) takes ${times(s.portableKernelMs / s.kernelMs)} ` +
      'as long as dot4I8Packed on this shape.',
  ];
}

/**
 * @param {KernelQuantizeResult} q
 * @param {number | null} readbackMs
 */
function quantizeTable(q, readbackMs) {
  const header = [
    'model (parameters)',
    'quantizeModel int8: webgpu (ms)',
    'cpu (ms)',
    'cpu / webgpu',
    'weight codes alone: webgpu (ms)',
    'cpu (ms)',
    'cpu / webgpu',
    'kernels recorded',
    'identical codes',
  ];
  const name = `MLP ${q.hidden.join('-')} (${q.parameters.toLocaleString('en-US')})`;
  // Only a failure before any figure blanks the row; a code mismatch keeps the figures.
  const measured = Number.isFinite(q.webgpuMs);
  const body = !measured
    ? [[name, 'failed', q.error, '', '', '', '', '', '']]
    : [
        [
          name,
          millis(q.webgpuMs),
          millis(q.cpuMs),
          times(q.ratio),
          millis(q.weightsWebgpuMs),
          millis(q.weightsCpuMs),
          times(q.weightsRatio),
          `${q.kernels.webgpu} / ${q.kernels.cpu}`,
          q.identicalCodes ? 'yes' : 'NO',
        ],
      ];
  const failure = measured && q.error ? ['', `FAILED: ${q.error}`] : [];
  return [...markdownTable(header, body, 1), ...failure, '', ...quantizeNotes(q, readbackMs)];
}

/**
 * @param {KernelQuantizeResult} q
 * @param {number | null} readbackMs the split's read-back of 4 MiB (1024 x 1024 float32)
 */
function quantizeNotes(q, readbackMs) {
  if (!Number.isFinite(q.webgpuMs)) return [];
  const lines = [
    'Verdict: quantizing a 1M-parameter model on webgpu ≥ 3× faster than the CPU reference on a ' +
      `real GPU: not measured (no GPU here). On SwiftShader it is ${times(q.ratio)} ` +
      `(weight codes alone ${times(q.weightsRatio)}; below 1× means slower): SwiftShader emulates ` +
      'the GPU on the same 2 CPU cores, and every kernel call adds an upload, a dispatch and a ' +
      'mapped read-back to work the CPU reference does in one pass over the values. Of the CPU ' +
      `path's ${millis(q.cpuMs)} ms, ${millis(q.weightsCpuMs)} ms are weight codes; the rest ` +
      '(int8 activation calibration and the accuracy guard) is shared by both paths.',
  ];
  const l = q.largest;
  if (l) {
    const io =
      readbackMs === null
        ? ''
        : ` A 4 MiB read-back took ${millis(readbackMs)} ms in the split above, so most of the ` +
          'codes step is the upload and the kernel, whose correctly rounded division (div_rn) ' +
          "runs in integer arithmetic so the codes match the CPU's bit for bit.";
    lines.push(
      '',
      `On the largest kernel (${l.shape.join(' x ')}), int8PerChannelGpu takes ` +
        `${millis(l.scalesMs)} ms for the symmetric scales (one invocation per output channel, ` +
        `each reading its whole column), ${millis(l.codesMs)} ms for the codes (one invocation ` +
        `per value, read back as one i32 each) and ${millis(l.narrowMs)} ms to narrow them to ` +
        `int8 on the CPU; int8PerChannel takes ${millis(l.cpuMs)} ms.${io}`,
    );
  }
  return lines;
}

/** @param {KernelInferenceResult[]} rows */
function inferenceTable(rows) {
  const header = [
    'model (parameters)',
    'rows',
    'int8 predict, our kernels (rows/s)',
    'float32 predict, tf.js (rows/s)',
    'int8 / float32',
    'int8 CPU reference (rows/s)',
    'same as CPU reference',
  ];
  const body = rows.map((r) => {
    const name = `${r.model} (${r.parameters.toLocaleString('en-US')})`;
    if (r.error) return [name, 'failed', r.error, '', '', '', ''];
    const kept = r.keptLayers.length > 0 ? `, ${r.keptLayers.join(', ')} kept float32` : '';
    return [
      `${name}${kept}`,
      rate(r.rows),
      rate((r.rows / r.int8Ms) * 1000),
      rate((r.rows / r.float32Ms) * 1000),
      times(r.ratio),
      rate((r.rows / r.cpuInt8Ms) * 1000),
      `${rate(r.sameAsCpu)} of ${rate(r.rows)}`,
    ];
  });
  return [
    ...markdownTable(header, body, 1),
    '',
    'Both predict calls run with tf.js on webgpu (10,000 rows: the sample repeated in order); ' +
      'int8 runs QuantizeLinear and the fused int8 matmul per layer on our kernels, float32 runs ' +
      "tf.js's network. The CPU reference (predictWithoutTfjs) is faster than either here: on " +
      'SwiftShader the GPU is the same CPU plus a copy in and out per layer. Same as CPU ' +
      'reference: rows with the same label (value within 1e-5 relative).',
  ];
}

/** @param {KernelsResult[]} results */
export function kernelsTables(results) {
  const matmul = results.filter((r) => r.part === 'matmul');
  const split = results.find((r) => r.part === 'split');
  const quantize = results.find((r) => r.part === 'quantize');
  const inference = results.filter((r) => r.part === 'inference');
  // The quantize notes cite it only for the shape whose y is 4 MiB, like a 1000 x 1000 tensor.
  const readbackMs = split && !split.error && split.size === 1024 ? split.readbackMs : null;
  return [
    'What was measured: in a dedicated worker with tf.js on its webgpu backend (SwiftShader ' +
      "here), our int8 kernels on tf.js's own device against tf.js. Matmul: square float32 " +
      'tf.matMul on tensors already on the GPU, timed with await data(), against runInt8Layer ' +
      'on a prepared int8 layer (weights packed once before timing; each call uploads the x ' +
      'codes as i32, packs them, runs the fused kernel and reads y back), medians of ' +
      'alternating runs after a warm-up. GOPS = 2 M N K / time. Quantization: quantizeModel ' +
      'int8 on a 1M-parameter MLP with the backend on webgpu (our kernels) and on cpu (the CPU ' +
      'reference), and the weight codes alone. Inference: int8 predict (our kernels) against ' +
      'float32 predict, both on webgpu.',
    '',
    ...matMulTable(matmul),
    '',
    ...(split ? splitTable(split) : []),
    '',
    ...(quantize ? quantizeTable(quantize, readbackMs) : []),
    '',
    ...inferenceTable(inference),
  ];
}
