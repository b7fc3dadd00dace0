/**
 * Backend names and the choice between them. Free of tf.js so the page can import it without
 * loading the library (training and measuring run in the worker).
 */

/** The compute backends the workbench knows, fastest-looking first (looks deceive: measure). */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInfo {
  name: BackendName;
  available: boolean;
  /** A short label of the device behind it, e.g. "google swiftshader" for WebGPU on SwiftShader. */
  adapter: string;
  /** Why it is unavailable, for the picker's tooltip. */
  reason: string;
}

export interface BackendMeasurement {
  name: BackendName;
  adapter: string;
  /** Training samples per second on the micro-benchmark; 0 when it could not run. */
  samplesPerSecond: number;
  error: string;
}

/** The measurement with the highest throughput, or undefined when none ran. */
export function fastestBackend(results: BackendMeasurement[]): BackendMeasurement | undefined {
  return results
    .filter((result) => result.samplesPerSecond > 0)
    .sort((a, b) => b.samplesPerSecond - a.samplesPerSecond)[0];
}

/** True when the value names a known backend (for values read back from storage or URLs). */
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}
