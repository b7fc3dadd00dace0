/**
 * A TF.js weights manifest and its .bin files as the workbench's weight tensors, without tfjs.
 * Every size is checked before anything is allocated: each file against the cap, each weight's
 * element count against the model limits, and each group's bytes against its files (a
 * truncated or overlong .bin is refused, not padded or cut). Quantized weights stay quantized
 * where the workbench has their form: float16 as float16, the converter's uint8 as uint8 when
 * its zero is an integer code, else dequantized exactly as tfjs does (`code * scale + min`).
 */
import { formatBytes } from '../format';
import { MODEL_LIMITS } from '../model/limits';
import type { WeightTensor } from '../train/types';
import { corrupt, tooLarge } from './import-errors';
import type { ModelJson, WeightEntry } from './import-schemas';

/** The most weight bytes read: every parameter the limits allow, as float32. */
export const MAX_WEIGHT_BYTES = MODEL_LIMITS.maxParameters * Float32Array.BYTES_PER_ELEMENT;

/** How far -min / scale may be from an integer and still be the uint8 zero point. */
const ZERO_POINT_TOLERANCE = 1e-6;

/** Bytes per element as stored: the quantized dtype's, else float32's. */
function storedBytes(entry: WeightEntry): number {
  const dtype = entry.quantization?.dtype;
  return dtype === 'uint8' ? 1 : dtype === 'uint16' || dtype === 'float16' ? 2 : 4;
}

const elementsOf = (entry: WeightEntry) => entry.shape.reduce((a, b) => a * b, 1);

/** A copy of `bytes` in a buffer of its own (aligned, and not pinning the file). */
const own = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

/** One manifest entry's bytes as a weight tensor named `name`. */
function decodeWeight(entry: WeightEntry, bytes: Uint8Array, name: string): WeightTensor {
  const shape = [...entry.shape];
  const quantization = entry.quantization;
  if (!quantization) return { name, shape, dtype: 'float32', values: new Float32Array(own(bytes)) };
  if (quantization.dtype === 'float16') {
    return { name, shape, dtype: 'float16', values: new Uint16Array(own(bytes)) };
  }
  const { scale, min } = quantization;
  if (scale === undefined || min === undefined) {
    throw corrupt(
      `weight ${entry.name} is quantized to ${quantization.dtype} without a scale and min`,
    );
  }
  const codes = quantization.dtype === 'uint8' ? bytes : new Uint16Array(own(bytes));
  if (quantization.dtype === 'uint8') {
    const exact = -min / scale;
    const zeroPoint = Math.round(exact) + 0; // + 0: never -0
    if (Math.abs(exact - zeroPoint) <= ZERO_POINT_TOLERANCE && zeroPoint >= 0 && zeroPoint <= 255) {
      return { name, shape, dtype: 'uint8', values: bytes.slice(), scale, zeroPoint };
    }
  }
  // tfjs-core io_utils: `values[i] = v * quantization.scale + quantization.min`, into float32.
  const values = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) values[i] = (codes[i] ?? 0) * scale + min;
  return { name, shape, dtype: 'float32', values };
}

/** The group's files as one run of bytes (a copy only when there are several). */
function groupBytes(paths: string[], files: Record<string, Uint8Array>): Uint8Array {
  const parts = paths.map((path) => files[path] ?? new Uint8Array());
  if (parts.length === 1) return parts[0] ?? new Uint8Array();
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}

/** Refuses a manifest whose files are missing or too large, or whose weights are too many. */
function checkSizes(manifest: ModelJson['weightsManifest'], files: Record<string, Uint8Array>) {
  const paths = manifest.flatMap((group) => group.paths);
  if (new Set(paths).size !== paths.length) throw corrupt('model.json names one weight file twice');
  let bytes = 0;
  for (const path of paths) {
    const file = Object.hasOwn(files, path) ? files[path] : undefined;
    if (!file) throw corrupt(`model.json needs the weight file ${path}, which was not given`);
    bytes += file.byteLength;
  }
  if (bytes > MAX_WEIGHT_BYTES) {
    throw tooLarge(
      `its weight files hold ${formatBytes(bytes)} (the limit is ${formatBytes(MAX_WEIGHT_BYTES)})`,
    );
  }
  let elements = 0;
  for (const entry of manifest.flatMap((group) => group.weights)) {
    if (entry.dtype !== 'float32') {
      throw corrupt(
        `weight ${entry.name} is ${entry.dtype.slice(0, 20)}; dense layers' weights are float32`,
      );
    }
    elements += elementsOf(entry);
    if (elements > MODEL_LIMITS.maxParameters) {
      throw tooLarge(
        `model.json lists more than ${MODEL_LIMITS.maxParameters} weights (the limit)`,
      );
    }
  }
}

/**
 * The manifest's weights by their names in model.json, read from `files` (bare file names).
 * Each group's files, in order, must hold exactly its weights' bytes.
 */
export function readWeights(
  manifest: ModelJson['weightsManifest'],
  files: Record<string, Uint8Array>,
): Map<string, { entry: WeightEntry; decode: (name: string) => WeightTensor }> {
  checkSizes(manifest, files);
  const weights = new Map<string, { entry: WeightEntry; decode: (name: string) => WeightTensor }>();
  for (const group of manifest) {
    const bytes = groupBytes(group.paths, files);
    const needed = group.weights.reduce((sum, e) => sum + elementsOf(e) * storedBytes(e), 0);
    if (bytes.byteLength !== needed) {
      const what = bytes.byteLength < needed ? 'are cut short' : 'have bytes left over';
      throw corrupt(
        `${group.paths.join(', ')} hold ${bytes.byteLength} bytes where model.json's manifest needs ${needed} (the weights ${what})`,
      );
    }
    let at = 0;
    for (const entry of group.weights) {
      if (weights.has(entry.name)) throw corrupt(`model.json lists the weight ${entry.name} twice`);
      const slice = bytes.subarray(at, at + elementsOf(entry) * storedBytes(entry));
      at += slice.byteLength;
      weights.set(entry.name, { entry, decode: (name) => decodeWeight(entry, slice, name) });
    }
  }
  return weights;
}
