/**
 * Every built-in model kind, in the order the Train screen lists them; the registry registers
 * them in one loop, as tf.js's register_all_kernels.ts does. Adding a kind is adding a file
 * here and a line in this list.
 */
import { linear } from './linear';
import { mlp } from './mlp';
import type { ModelKindConfig } from './registry';

export const MODEL_KIND_CONFIGS: readonly ModelKindConfig[] = [mlp, linear];
