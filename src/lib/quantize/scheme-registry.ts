/**
 * Quantization schemes by name, as tfjs's kernel registry holds kernels: adding a scheme is
 * adding one file with its config and one line in `schemes.ts`.
 */
import type { QuantizationScheme, QuantizationSchemeConfig } from './types';

const SCHEMES = new Map<QuantizationScheme, QuantizationSchemeConfig>();

/** Registers (or replaces) a scheme under its name. */
export function registerQuantizationScheme(config: QuantizationSchemeConfig): void {
  SCHEMES.set(config.scheme, config);
}

export function unregisterQuantizationScheme(scheme: QuantizationScheme): void {
  SCHEMES.delete(scheme);
}

/** The registered scheme of that name, if any. */
export function getQuantizationScheme(scheme: string): QuantizationSchemeConfig | undefined {
  return SCHEMES.get(scheme as QuantizationScheme);
}

/** Every registered scheme, in registration order. */
export function quantizationSchemes(): QuantizationSchemeConfig[] {
  return [...SCHEMES.values()];
}
