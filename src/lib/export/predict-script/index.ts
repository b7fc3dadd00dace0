/**
 * The text of predict.mjs, the scoring script a model bundle ships (see bundle-format.ts): read
 * by Vite at build time, so the bundle writer needs no file system, in a browser or in Node.
 */
import script from './predict.mjs?raw';

/** predict.mjs as it is written into a bundle. */
export const PREDICT_SCRIPT: string = script;
