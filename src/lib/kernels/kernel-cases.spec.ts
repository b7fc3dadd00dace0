/**
 * The kernel suite's references are the workbench's CPU code: QuantizeLinear's reference is
 * `quantizeLinear` on the int8 range, and the matmul reference is `runInt8Dense` on the same
 * codes. (The suite itself runs the kernels in Chromium: test/e2e/kernels.e2e.ts.)
 */
import { describe, expect, it } from 'vitest';
import { quantizeLinear, runInt8Dense, type Int8Layer } from '../quantize/int8-inference';
import { matMulCases, matMulReference, quantizeCases, quantizeReference } from './kernel-cases';

describe('kernel suite references', () => {
  it('QuantizeLinear on the int8 range is quantizeLinear', () => {
    for (const c of quantizeCases().filter((c) => c.range[0] === -128)) {
      const channels = c.scales.length;
      const expected = c.values.map((x, i) =>
        quantizeLinear(x, c.scales[i % channels] ?? 1, c.zeroPoints[i % channels] ?? 0),
      );
      expect(quantizeReference(c), c.name).toEqual(expected);
    }
  });

  it('the int8 matmul reference is runInt8Dense', () => {
    for (const c of matMulCases().filter((c) => c.activation === 'linear')) {
      const layer: Int8Layer = {
        inputs: c.inputs,
        units: c.units,
        inputScale: 1,
        inputZeroPoint: c.inputZeroPoint,
        kernel: Int8Array.from(c.kernel),
        bias: Int32Array.from(c.bias),
        outputScale: Float32Array.from(c.scales),
        shifted: new Int32Array(c.inputs),
        acc: new Int32Array(c.units),
      };
      // A float input whose code is x: x - zp, quantized with scale 1 and zero point zp.
      const input = Float32Array.from(c.x, (code) => code - c.inputZeroPoint);
      const output = new Float32Array(c.rows * c.units);
      runInt8Dense(layer, input, c.rows, output);
      expect(matMulReference(c).y, c.name).toEqual(Array.from(output));
    }
  });
});
