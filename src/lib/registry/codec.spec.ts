import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from './codec';

describe('model codec', () => {
  it('packs small arrays into one aligned chunk and restores every type', () => {
    const model = {
      a: new Float32Array([1.5, -2]),
      nested: [{ b: new Int8Array([-128, 0, 127]) }, { c: new Uint16Array([65535]) }],
      d: new Float64Array([Math.PI]),
      text: 'kept',
    };
    const encoded = encodeModel(model);
    expect(encoded.chunks).toHaveLength(1);
    const decoded = decodeModel<typeof model>(encoded.json, encoded.chunks);
    expect(decoded).toEqual(model);
    expect(decoded.d).toBeInstanceOf(Float64Array);
    expect(JSON.parse(JSON.stringify(encoded.json))).toEqual(encoded.json);
  });

  it('stores a large array that owns its buffer as its own chunk without copying it', () => {
    const big = new Float32Array(1024 * 1024).fill(0.25);
    const view = new Float32Array(new ArrayBuffer(8 * 1024 * 1024), 4, 300_000).fill(3);
    const encoded = encodeModel({ big, view, bias: new Float32Array([1]) });
    expect(encoded.chunks[0]).toBe(big.buffer);
    expect(encoded.chunks.filter((c) => c === view.buffer)).toEqual([]);
    const decoded = decodeModel<{ big: Float32Array; view: Float32Array }>(
      encoded.json,
      encoded.chunks,
    );
    expect(decoded.view).toEqual(view);
    expect(decoded.big[1024 * 1024 - 1]).toBe(0.25);
    expect(encoded.binaryBytes).toBe(big.byteLength + view.byteLength + 4);
  });

  it('refuses references outside the stored chunks', () => {
    const json = { w: { $binary: 'Float32Array', chunk: 0, offset: 0, length: 10 } };
    expect(() => decodeModel(json, [new ArrayBuffer(8)])).toThrow(/past the end of chunk 0/);
  });
});

describe('model codec on damaged records', () => {
  const ref = (fields: object) => ({
    w: { $binary: 'Float32Array', chunk: 0, offset: 0, length: 1, ...fields },
  });
  const cases: [string, unknown, ArrayBuffer[]][] = [
    ['negative offset', ref({ offset: -4 }), [new ArrayBuffer(8)]],
    ['fractional length', ref({ length: 0.5 }), [new ArrayBuffer(8)]],
    ['unknown array type', ref({ $binary: 'BigInt64Array' }), [new ArrayBuffer(8)]],
    ['missing chunk', ref({ chunk: 3 }), [new ArrayBuffer(8)]],
    ['chunk that is not a buffer', ref({}), [null as unknown as ArrayBuffer]],
    ['misaligned offset', ref({ offset: 2 }), [new ArrayBuffer(8)]],
    ['extra field', ref({ extra: 1 }), [new ArrayBuffer(8)]],
    ['deep nesting', JSON.parse('['.repeat(500) + ']'.repeat(500)) as unknown, []],
  ];
  it.each(cases)('refuses a %s with registry_corrupt', (_name, json, chunks) => {
    expect(() => decodeModel(json, chunks)).toThrow(
      expect.objectContaining({ code: 'registry_corrupt' }),
    );
  });

  it('keeps keys named like Object built-ins as own keys', () => {
    const json = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}') as unknown;
    const decoded = decodeModel<Record<string, unknown>>(json, []);
    expect(Object.keys(decoded)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });
});
