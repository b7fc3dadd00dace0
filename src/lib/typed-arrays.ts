/** The typed arrays a model may hold (weights today; int8, uint8 and float16 codes later). */
export const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as const;

export type TypedArrayName = keyof typeof TYPED_ARRAYS;
