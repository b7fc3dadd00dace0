/** The built-in schemes, registered in one loop as tfjs registers its kernels. */
import { float16Scheme } from './float16';
import { int8Scheme } from './int8';
import { registerQuantizationScheme } from './scheme-registry';
import type { QuantizationSchemeConfig } from './types';
import { uint8Scheme } from './uint8';

const BUILT_IN: QuantizationSchemeConfig[] = [float16Scheme, uint8Scheme, int8Scheme];

for (const config of BUILT_IN) registerQuantizationScheme(config);
