/**
 * Sizes a model value may have before anything is built or allocated for it. A model edited in
 * devtools or read from someone else's file could ask for a layer of a billion units; these
 * bounds refuse it first. They are far above what tabular models here need.
 */
export const MODEL_LIMITS = {
  /** Input columns (preprocessing steps). */
  maxColumns: 100_000,
  /** Network inputs after preprocessing (one-hot slots included). */
  maxInputWidth: 1_000_000,
  /** Hidden layers. */
  maxLayers: 64,
  /** Units in one layer; also the most classes. */
  maxUnits: 65_536,
  /** Weights and biases in all, 50M float32 = 200 MB. */
  maxParameters: 50_000_000,
  /** Entries in a training history. */
  maxEpochs: 100_000,
} as const;
