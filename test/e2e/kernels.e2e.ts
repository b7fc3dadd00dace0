/**
 * Our WGSL kernels in Chromium (WebGPU on SwiftShader) against the CPU reference computed here
 * in Node by the workbench's own code: integer outputs (codes, int32 accumulators, float16 bits,
 * f32 bits of scales) equal exactly; linear and relu outputs equal exactly; tanh, elu and
 * sigmoid within 1e-5 (WGSL's accuracy for them). The int8 matrix multiply runs both with
 * `dot4I8Packed` and on the portable path.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  float16Reference,
  matMulCases,
  matMulReference,
  quantizeCases,
  quantizeReference,
  symmetricReference,
  weightCases,
  type MatMulCase,
  type QuantizeCase,
  type WeightCase,
} from '../../src/lib/kernels/kernel-cases';
import { dequantizeWeight } from '../../src/lib/model/weight-dtypes';
import { startSession, type Session } from './session';

let session: Session;
let page: Page;

beforeAll(async () => {
  session = await startSession();
  page = await session.openApp();
});

afterAll(async () => {
  await session?.close();
});

/** Float32 bits, so that equality is exact (and -0 and NaN compare as themselves). */
const bits = (values: number[]) => Array.from(new Uint32Array(Float32Array.from(values).buffer));

describe('WGSL kernels against the CPU reference', () => {
  it('runs on a WebGPU device with dot4I8Packed', async () => {
    const features = await page.evaluate(async () => {
      const wb = await window.workbench();
      const runner = await wb.GpuRunner.create();
      return runner ? runner.features : null;
    });
    expect(features).toEqual({ packedDot: true });
  });

  it.each(quantizeCases().map((c) => [c.name, c] as const))(
    'QuantizeLinear, %s: the same codes',
    async (_, c: QuantizeCase) => {
      const codes = await page.evaluate(async (c) => {
        const wb = await window.workbench();
        const runner = await wb.GpuRunner.create();
        if (!runner) throw new Error('no WebGPU');
        const out = await wb.quantizeLinearGpu(
          runner,
          Float32Array.from(c.values),
          Float32Array.from(c.scales),
          Int32Array.from(c.zeroPoints),
          c.range,
        );
        return Array.from(out);
      }, c);
      expect(codes).toEqual(quantizeReference(c));
    },
  );

  it.each(weightCases().map((c) => [c.name, c] as const))(
    'int8 weights, float16 and min/max, %s: the same codes, scales, bits and extremes',
    async (_, c: WeightCase) => {
      const out = await page.evaluate(async (c) => {
        const wb = await window.workbench();
        const runner = await wb.GpuRunner.create();
        if (!runner) throw new Error('no WebGPU');
        const values = Float32Array.from(c.values);
        const int8 = await wb.int8PerChannelGpu(runner, values, c.channels);
        const half = await wb.float16Gpu(runner, values);
        const range = await wb.minMaxGpu(runner, values);
        return {
          codes: Array.from(int8.codes),
          scale: Array.from(int8.scale),
          half: Array.from(half),
          range,
        };
      }, c);
      const reference = symmetricReference(c);
      expect(out.codes).toEqual(reference.codes);
      expect(bits(out.scale)).toEqual(bits(reference.scale));
      expect(out.half).toEqual(float16Reference(c));
      expect(out.range).toEqual([Math.min(...c.values), Math.max(...c.values)]);
    },
  );

  for (const packedDot of [true, false]) {
    it.each(matMulCases().map((c) => [c.name, c] as const))(
      `int8 matmul (${packedDot ? 'dot4I8Packed' : 'portable'}), %s: the same accumulators and outputs`,
      async (_, c: MatMulCase) => {
        const out = await page.evaluate(
          async ({ c, packedDot }) => {
            const wb = await window.workbench();
            const created = await wb.GpuRunner.create();
            if (!created) throw new Error('no WebGPU');
            const runner = new wb.GpuRunner(created.device, { packedDot });
            const result = await wb.int8MatMulGpu(runner, {
              ...c,
              x: Int32Array.from(c.x),
              kernel: Int8Array.from(c.kernel),
              bias: Int32Array.from(c.bias),
              scales: Float32Array.from(c.scales),
            });
            return { y: Array.from(result.y), acc: Array.from(result.acc) };
          },
          { c, packedDot },
        );
        const reference = matMulReference(c);
        expect(out.acc).toEqual(reference.acc);
        if (c.activation === 'linear' || c.activation === 'relu') {
          expect(bits(out.y.map((v) => v + 0))).toEqual(bits(reference.y.map((v) => v + 0)));
        } else {
          const largest = Math.max(...out.y.map((v, i) => Math.abs(v - (reference.y[i] ?? NaN))));
          expect(largest).toBeLessThanOrEqual(1e-5);
        }
      },
    );
  }

  it('selects order statistics exactly (the histogram radix select behind percentiles)', async () => {
    const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const next = random(7);
    const values = Array.from({ length: 100_003 }, (_, i) =>
      i % 97 === 0 ? 0 : i % 89 === 0 ? -0 : Math.fround((next() - 0.3) * 10 ** (next() * 6 - 3)),
    );
    values.push(...new Array<number>(500).fill(Math.fround(0.25)));
    const n = values.length;
    const ranks = [0, 1, 9, Math.floor(n / 2), n - 2, n - 1, 7777];
    const found = await page.evaluate(
      async ({ values, ranks }) => {
        const wb = await window.workbench();
        const runner = await wb.GpuRunner.create();
        if (!runner) throw new Error('no WebGPU');
        return wb.orderStatisticsGpu(runner, Float32Array.from(values), ranks);
      },
      { values, ranks },
    );
    const sorted = Float32Array.from(values).sort();
    expect(bits(found)).toEqual(bits(ranks.map((rank) => sorted[rank] ?? NaN)));
  });

  it('dequantizes codes per channel as dequantizeWeight does', async () => {
    const codes = Array.from({ length: 300 }, (_, i) => (i % 256) - 128);
    const scales = [0.013, 7.5e-5, 3.3].map(Math.fround);
    const zeroPoints = [0, -5, 17];
    const real = await page.evaluate(
      async ({ codes, scales, zeroPoints }) => {
        const wb = await window.workbench();
        const runner = await wb.GpuRunner.create();
        if (!runner) throw new Error('no WebGPU');
        const out = await wb.dequantizeLinearGpu(
          runner,
          Int8Array.from(codes),
          Float32Array.from(scales),
          Int32Array.from(zeroPoints),
        );
        return Array.from(out);
      },
      { codes, scales, zeroPoints },
    );
    const expected = dequantizeWeight({
      name: 'dense_0/kernel',
      shape: [100, 3],
      dtype: 'int8',
      values: Int8Array.from(codes),
      scale: Float32Array.from(scales),
      zeroPoint: Int8Array.from(zeroPoints),
      axis: 1,
    });
    expect(bits(real)).toEqual(bits(Array.from(expected)));
    expect(session.watch.errors).toEqual([]);
  });
});

describe('quantizeModel and predict on webgpu', () => {
  it('quantize with our kernels to the same codes as the CPU, and predict int8 on them', async () => {
    const out = await page.evaluate(async () => {
      const wb = await window.workbench();
      const text = await (await fetch('/samples/iris.csv')).text();
      const table = await wb.readCsv(text);
      await wb.activateBackend('cpu');
      const model = await wb.trainModel(table, { target: 'species', seed: 3, epochs: 30 });
      const percentile = { scheme: 'int8', calibration: table, method: 'percentile' } as const;
      const onCpu = {
        int8: await wb.quantizeModel(model, { scheme: 'int8', calibration: table }),
        float16: await wb.quantizeModel(model, { scheme: 'float16', calibration: table }),
        percentile: await wb.quantizeModel(model, percentile),
      };
      await wb.activateBackend('webgpu');
      const onGpu = {
        int8: await wb.quantizeModel(model, { scheme: 'int8', calibration: table }),
        float16: await wb.quantizeModel(model, { scheme: 'float16', calibration: table }),
        percentile: await wb.quantizeModel(model, percentile),
      };
      const same = (a: typeof onCpu.int8, b: typeof onCpu.int8) =>
        a.weights.every((w, i) => {
          const v = b.weights[i];
          return (
            v !== undefined &&
            w.dtype === v.dtype &&
            w.values.length === v.values.length &&
            w.values.every((x, j) => Object.is(x, v.values[j])) &&
            JSON.stringify(Array.from((w as { scale?: Float32Array }).scale ?? [])) ===
              JSON.stringify(Array.from((v as { scale?: Float32Array }).scale ?? []))
          );
        });
      const gpuPredictions = await wb.predict(onGpu.int8, table);
      const cpuPredictions = await wb.predictWithoutTfjs(onGpu.int8, table);
      let largest = 0;
      let sameLabels = 0;
      gpuPredictions.forEach((p, i) => {
        const q = cpuPredictions[i];
        if (!q || !('probabilities' in p) || !('probabilities' in q)) return;
        if (p.label === q.label) sameLabels++;
        p.probabilities.forEach((x, j) => {
          largest = Math.max(largest, Math.abs(x - (q.probabilities[j] ?? NaN)));
        });
      });
      await wb.activateBackend('cpu');
      return {
        kernels: [onCpu.int8, onGpu.int8, onGpu.float16].map((m) => m.quantization.kernels),
        sameInt8: same(onCpu.int8, onGpu.int8),
        sameFloat16: same(onCpu.float16, onGpu.float16),
        samePercentile:
          same(onCpu.percentile, onGpu.percentile) &&
          JSON.stringify(onCpu.percentile.quantization.activations) ===
            JSON.stringify(onGpu.percentile.quantization.activations),
        sameMetrics:
          JSON.stringify(onCpu.int8.metrics.test) === JSON.stringify(onGpu.int8.metrics.test),
        rows: gpuPredictions.length,
        sameLabels,
        largest,
      };
    });
    expect(out.kernels).toEqual(['cpu', 'webgpu', 'webgpu']);
    expect(out.sameInt8).toBe(true);
    expect(out.sameFloat16).toBe(true);
    expect(out.samePercentile).toBe(true);
    expect(out.sameMetrics).toBe(true);
    expect(out.sameLabels).toBe(out.rows);
    expect(out.largest).toBeLessThanOrEqual(1e-5);
  });
});

describe('kernels under bad conditions', () => {
  it('refuses a tensor larger than the GPU binds with kernel_too_large, before allocating', async () => {
    const refusal = await page.evaluate(async () => {
      const wb = await window.workbench();
      const runner = await wb.GpuRunner.create();
      if (!runner) throw new Error('no WebGPU');
      const floats = runner.device.limits.maxStorageBufferBindingSize / 4 + 1024;
      try {
        await wb.float16Gpu(runner, new Float32Array(floats));
        return null;
      } catch (error) {
        return { code: (error as { code?: string }).code, lost: runner.lost };
      }
    });
    expect(refusal).toEqual({ code: 'kernel_too_large', lost: false });
  });

  it('fails a job on a lost device with gpu_lost, then quantizes on the CPU reference', async () => {
    const out = await page.evaluate(async () => {
      const wb = await window.workbench();
      const runner = await wb.GpuRunner.create();
      if (!runner) throw new Error('no WebGPU');
      const text = await (await fetch('/samples/iris.csv')).text();
      const table = await wb.readCsv(text);
      await wb.activateBackend('cpu');
      const model = await wb.trainModel(table, { target: 'species', seed: 3, epochs: 10 });
      // Our runner on a device of its own stands in for tf.js's, so tf.js keeps working.
      wb.setGpuRunnerProvider(() => runner);
      const before = await wb.quantizeModel(model, { scheme: 'int8', calibration: table });
      runner.device.destroy();
      await runner.device.lost;
      let code = '';
      try {
        await wb.float16Gpu(runner, Float32Array.of(1, 2, 3));
      } catch (error) {
        code = (error as { code?: string }).code ?? String(error);
      }
      const after = await wb.quantizeModel(model, { scheme: 'int8', calibration: table });
      wb.setGpuRunnerProvider(wb.runnerOnTfjsDevice);
      const codes = (m: typeof before) =>
        m.weights.map((w) => Array.from(w.values as ArrayLike<number>)).join('|');
      return {
        code,
        kernels: [before.quantization.kernels, after.quantization.kernels],
        same: codes(before) === codes(after),
      };
    });
    expect(out).toEqual({ code: 'gpu_lost', kernels: ['webgpu', 'cpu'], same: true });
  });
});
